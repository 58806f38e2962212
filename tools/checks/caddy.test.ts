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

  it("limits sign-in and sign-up submissions per client, 5 each in 5 minutes, before any route handles them", () => {
    const json = JSON.parse(run("adapt", "--config", caddyfile, "--adapter", "caddyfile"));
    const server = Object.values(json.apps.http.servers)[0] as { routes: Route[] };
    const first = server.routes[0]!.handle[0]!.routes![0]!.handle[0]!;
    expect(first.handler).toBe("rate_limit");
    expect(first.rate_limits).toEqual({
      sign_in: { key: "{http.vars.client_ip}", match: [{ method: ["POST"], path: ["/self-service/login"] }], max_events: 5, window: 300_000_000_000 },
      sign_up: { key: "{http.vars.client_ip}", match: [{ method: ["POST"], path: ["/self-service/registration"] }], max_events: 5, window: 300_000_000_000 },
    });
    // No trusted_proxies: the client address is the peer's, whatever X-Forwarded-For says.
    expect(JSON.stringify(json)).not.toContain("trusted_proxies");
  });

  it("runs on a Caddy that has the rate limiter compiled in", () => {
    expect(run("list-modules").split("\n")).toContain("http.handlers.rate_limit");
  });

  it("sends Kratos's browser-facing paths to Kratos, flow submissions and reads through Hera, everything else to Hera", () => {
    const json = JSON.parse(run("adapt", "--config", caddyfile, "--adapter", "caddyfile"));
    const server = Object.values(json.apps.http.servers)[0] as { routes: Route[] };
    const all = server.routes[0]!.handle[0]!.routes!;
    const subroutes = all.filter((r) => r.handle[0]!.handler !== "rate_limit");
    const upstreamOf = (r: Route) => JSON.stringify(r).match(/"dial":"([^"]+)"/)?.[1];
    const kratos = subroutes.find((r) => upstreamOf(r) === "127.0.0.1:4433")!;
    expect(kratos.match![0]!.path!.sort()).toEqual(["/.well-known/*", "/schemas/*", "/self-service/*", "/sessions/*"]);
    // First match wins: submissions reach Hera before the Kratos paths can take them.
    expect(subroutes.indexOf(subroutes.find((r) => JSON.stringify(r.match ?? []).includes('"method":["POST"]'))!)).toBe(0);
    expect(subroutes[0]!.match).toEqual([{ method: ["POST"], path: ["/self-service/login", "/self-service/registration"] }]);
    expect(upstreamOf(subroutes[0]!)).toBe("127.0.0.1:3000");
    // Reading a sign-in or sign-up flow goes through Hera too (decoy flows read like any other).
    expect(subroutes[1]!.match).toEqual([{ method: ["GET"], path: ["/self-service/login/flows", "/self-service/registration/flows"] }]);
    expect(upstreamOf(subroutes[1]!)).toBe("127.0.0.1:3000");
    const fallback = subroutes[subroutes.length - 1]!;
    expect(fallback.match).toBeUndefined();
    expect(upstreamOf(fallback)).toBe("127.0.0.1:3000");
    expect(JSON.stringify(json)).not.toContain(":4434");
  });
});
