// Command routes prints every route Kratos's public API serves, one "METHOD /path" a line,
// read from the router itself: the pinned Kratos registers its public routes exactly as
// `kratos serve` does, and this walks the router's trees. tools/checks/edge.test.ts holds
// the list against caddy/Caddyfile, so a Kratos upgrade that adds a route fails until the
// route is allowed on purpose or refused.
//
//	go run ./routes -c ../kratos.yml -c ../development.yml
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"reflect"
	"sort"
	"strings"

	"github.com/ory/kratos/driver"
	"github.com/ory/kratos/x"
	"github.com/ory/x/configx"
	"github.com/ory/x/dbal"
	"github.com/ory/x/servicelocatorx"
)

type files []string

func (f *files) String() string     { return strings.Join(*f, ",") }
func (f *files) Set(v string) error { *f = append(*f, v); return nil }

func main() {
	var configs files
	flag.Var(&configs, "c", "a Kratos configuration file (repeatable)")
	flag.Parse()

	dbal.RegisterDriver(func() dbal.Driver { return driver.NewRegistryDefault() })
	ctx := context.Background()
	// An in-memory database: routes do not depend on stored data.
	reg, err := driver.New(ctx, io.Discard, servicelocatorx.NewOptions(), nil, []configx.OptionModifier{
		configx.WithConfigFiles(configs...),
		configx.WithValue("dsn", "memory"),
		configx.WithValue("log.level", "error"),
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot build Kratos's registry:", err)
		os.Exit(1)
	}
	router := x.NewRouterPublic()
	reg.WithCSRFHandler(x.NewCSRFHandler(router, reg))
	reg.RegisterPublicRoutes(ctx, router)
	reg.PrometheusManager().RegisterRouter(router.Router)

	var routes []string
	trees := reflect.ValueOf(router.Router).Elem().FieldByName("trees")
	for _, method := range trees.MapKeys() {
		walk(trees.MapIndex(method).Elem(), "", func(path string) {
			routes = append(routes, method.String()+" "+path)
		})
	}
	sort.Strings(routes)
	for _, r := range routes {
		fmt.Println(r)
	}
}

// walk visits every node of httprouter's radix tree; a node with a handle ends a route.
func walk(n reflect.Value, prefix string, visit func(string)) {
	path := prefix + n.FieldByName("path").String()
	if !n.FieldByName("handle").IsNil() {
		visit(path)
	}
	children := n.FieldByName("children")
	for i := 0; i < children.Len(); i++ {
		walk(children.Index(i).Elem(), path, visit)
	}
}
