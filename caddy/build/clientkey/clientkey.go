// Package clientkey gives Caddy's rate limiter one key per client: an IPv4 address as it
// is, an IPv6 address by its /64 network, since one subscriber or one cloud machine
// usually holds a whole /64 and would otherwise get a fresh allowance per address.
//
// The key is the request variable client_key ({http.vars.client_key}), from Caddy's own
// client address: the peer, or with trusted_proxies set, the address the proxy names.
package clientkey

import (
	"net/http"
	"net/netip"

	"github.com/caddyserver/caddy/v2"
	"github.com/caddyserver/caddy/v2/caddyconfig/caddyfile"
	"github.com/caddyserver/caddy/v2/caddyconfig/httpcaddyfile"
	"github.com/caddyserver/caddy/v2/modules/caddyhttp"
)

func init() {
	caddy.RegisterModule(Handler{})
	httpcaddyfile.RegisterHandlerDirective("hera_client_key", func(h httpcaddyfile.Helper) (caddyhttp.MiddlewareHandler, error) {
		var handler Handler
		return handler, handler.UnmarshalCaddyfile(h.Dispenser)
	})
}

// Handler sets client_key and passes the request on.
type Handler struct{}

func (Handler) CaddyModule() caddy.ModuleInfo {
	return caddy.ModuleInfo{ID: "http.handlers.hera_client_key", New: func() caddy.Module { return new(Handler) }}
}

// UnmarshalCaddyfile takes the directive alone: `hera_client_key`.
func (Handler) UnmarshalCaddyfile(d *caddyfile.Dispenser) error {
	d.Next()
	if d.NextArg() {
		return d.ArgErr()
	}
	return nil
}

func (Handler) ServeHTTP(w http.ResponseWriter, r *http.Request, next caddyhttp.Handler) error {
	ip, _ := caddyhttp.GetVar(r.Context(), caddyhttp.ClientIPVarKey).(string)
	caddyhttp.SetVar(r.Context(), "client_key", Key(ip))
	return next.ServeHTTP(w, r)
}

// Key is the client's key: an IPv4 address (or an IPv4-mapped IPv6 one) as the IPv4
// address, an IPv6 address as its /64 network, anything unreadable as it is.
func Key(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	addr = addr.Unmap().WithZone("")
	if addr.Is4() {
		return addr.String()
	}
	return netip.PrefixFrom(addr, 64).Masked().String()
}

var (
	_ caddyhttp.MiddlewareHandler = Handler{}
	_ caddyfile.Unmarshaler       = Handler{}
)
