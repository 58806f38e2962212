// Command kratos is Ory Kratos built from the Go module proxy at the version pinned in
// go.mod, so `make dev` needs neither Docker nor a prebuilt download. It is Kratos's own
// command, with one change to what it logs (logging.go), statistics for SQLite's query
// planner (sqlite.go), and emails a stopped courier left unsent queued again (courier.go).
package main

import (
	"errors"
	"fmt"
	"os"
	"runtime"

	"github.com/ory/kratos/cmd"
	"github.com/ory/kratos/cmd/serve"
	"github.com/ory/kratos/driver"
	"github.com/ory/x/cmdx"
	"github.com/ory/x/dbal"
	"github.com/ory/x/jsonnetsecure"
	"github.com/ory/x/servicelocatorx"
)

// main is cmd.Execute with Hera's middleware on `kratos serve`.
func main() {
	dbal.RegisterDriver(func() dbal.Driver { return driver.NewRegistryDefault() })
	pool := jsonnetsecure.NewProcessPool(runtime.GOMAXPROCS(0))
	defer pool.Close()
	registry := []driver.RegistryOption{driver.WithJsonnetPool(pool)}

	root := cmd.NewRootCmd(registry...)
	for _, c := range root.Commands() {
		if c.Name() == "serve" {
			root.RemoveCommand(c)
		}
	}
	serve.RegisterCommandRecursive(root, []servicelocatorx.Option{servicelocatorx.WithHTTPMiddlewares(withoutAddressInLink)}, registry)

	keepSQLiteStatistics(os.Args)
	requeueOrphanedEmails(os.Args)
	if err := root.Execute(); err != nil {
		if !errors.Is(err, cmdx.ErrNoPrintButFail) {
			_, _ = fmt.Fprintln(root.ErrOrStderr(), err)
		}
		os.Exit(1)
	}
}
