// Command kratos is Ory Kratos built from the Go module proxy at the version pinned in
// go.mod, so `make dev` needs neither Docker nor a prebuilt download.
package main

import (
	"os"

	"github.com/ory/kratos/cmd"
)

func main() {
	os.Exit(cmd.Execute())
}
