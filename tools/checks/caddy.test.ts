import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

// These checks run the real Caddy binary (make build) against caddy/Caddyfile.
const root = path.resolve(__dirname, "..", "..");
const caddy = path.join(root, ".bin", "caddy");
const caddyfile = path.join(root, "caddy", "Caddyfile");
const run = (...args: string[]) => execFileSync(caddy, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

type Route = {
  match?: { path?: string[] }[];
  handle: { handler: string; routes?: Route[]; upstreams?: { dial: string }[]; rate_limits?: Record<string, unknown> }[];
};

describe("caddy/Caddyfile", () => {
  it("is valid for the Caddy that Hera builds", () => {
    expect(() => run("validate", "--config", caddyfile, "--adapter", "caddyfile")).not.toThrow();
  });

  it("limits sign-in, sign-up and address-change submissions and new flows per client, before any route handles them", () => {
    const json = JSON.parse(run("adapt", "--config", caddyfile, "--adapter", "caddyfile"));
    const server = Object.values(json.apps.http.servers)[0] as { routes: Route[]; trusted_proxies?: { ranges: string[] } };
    const first = server.routes[0]!.handle[0]!.routes![0]!.handle;
    // The client's key first (an IPv6 client's /64, caddy/build/clientkey), then the
    // limits: before any route.
    expect(first.map((h) => h.handler)).toEqual(["hera_client_key", "rate_limit"]);
    const limiter = first[1];
    expect(limiter!.rate_limits).toEqual({
      sign_in: { key: "{http.vars.client_key}", match: [{ method: ["POST"], path: ["/self-service/login"] }], max_events: 5, window: 300_000_000_000 },
      sign_up: { key: "{http.vars.client_key}", match: [{ method: ["POST"], path: ["/self-service/registration"] }], max_events: 5, window: 300_000_000_000 },
      address_change: { key: "{http.vars.client_key}", match: [{ method: ["POST"], path: ["/settings/address"] }], max_events: 5, window: 300_000_000_000 },
      flow_start: {
        key: "{http.vars.client_key}",
        match: [
          {
            method: ["GET"],
            path: [
              "/self-service/login/browser",
              "/self-service/login/api",
              "/self-service/registration/browser",
              "/self-service/registration/api",
              "/self-service/settings/browser",
              "/self-service/settings/api",
            ],
          },
          { method: ["POST"], path: ["/login/new-code", "/registration/new-code"] },
        ],
        max_events: 30,
        window: 60_000_000_000,
      },
    });
    // By default no proxy is trusted: the client address is the peer's, whatever X-Forwarded-For says.
    expect(server.trusted_proxies).toEqual({ source: "static", ranges: ["0.0.0.0/32"] });
    expect(JSON.stringify(json)).not.toContain(":4434");
  });

  it("runs on a Caddy that has the rate limiter compiled in", () => {
    expect(run("list-modules").split("\n")).toContain("http.handlers.rate_limit");
  });
});
