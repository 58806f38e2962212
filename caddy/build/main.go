// Command caddy is Caddy with the rate-limit handler and Hera's client key (clientkey/)
// compiled in, built from the Go module proxy the way xcaddy would, at the versions
// pinned in go.mod.
package main

import (
	caddycmd "github.com/caddyserver/caddy/v2/cmd"

	_ "github.com/caddyserver/caddy/v2/modules/standard"
	_ "github.com/mholt/caddy-ratelimit"

	_ "github.com/hera-auth/hera/caddy/build/clientkey"
)

func main() {
	caddycmd.Main()
}
