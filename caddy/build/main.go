// Command caddy is Caddy with the rate-limit handler compiled in, built from the Go
// module proxy the way xcaddy would, at the versions pinned in go.mod.
package main

import (
	caddycmd "github.com/caddyserver/caddy/v2/cmd"

	_ "github.com/caddyserver/caddy/v2/modules/standard"
	_ "github.com/mholt/caddy-ratelimit"
)

func main() {
	caddycmd.Main()
}
