import { execFileSync, spawn } from "node:child_process";
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import { mkdtempSync } from "node:fs";
import { connect, type AddressInfo, type Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Deny by default, proved against the real router and the real edge: every public route
// of the pinned Kratos (read from its router by kratos/build/routes) must be classified
// below, and the real Caddy with caddy/Caddyfile must send each where its class says. A
// Kratos upgrade that adds a route fails here until the route is allowed on purpose or
// refused. The upstreams are two listeners that only say who they are: what is tested is
// where Caddy sends a request, not what Kratos or Hera answer.

const root = path.resolve(__dirname, "..", "..");
const caddy = path.join(root, ".bin", "caddy");
const routesBin = path.join(root, ".bin", "kratos-routes");

type Class =
  /** Caddy sends it to Kratos, on purpose: who needs it. */
  | { to: "kratos"; why: string }
  /** The sign-in and sign-up submit and read paths: Hera's gate, every method. */
  | { to: "gate" }
  /** A path Hera serves itself; Kratos's route of the same name is never reached. */
  | { to: "hera"; why: string }
  /** 404 at the edge. */
  | { to: "refused"; why: string };

const kratos = (why: string): Class => ({ to: "kratos", why });
const refused = (why: string): Class => ({ to: "refused", why });
const gate: Class = { to: "gate" };

/** Every public route of Kratos v1.3.1, by "METHOD /path" as its router spells it. */
const classes: Record<string, Class> = {
  "GET /self-service/login/browser": kratos("Hera's sign-in page starts a flow (Kratos sets the CSRF cookie)"),
  "GET /self-service/login/api": kratos("an integrator's API client starts a sign-in"),
  "GET /self-service/registration/browser": kratos("Hera's sign-up page starts a flow"),
  "GET /self-service/registration/api": kratos("an integrator's API client starts a sign-up"),
  "GET /self-service/settings/browser": kratos("the account page starts its settings flow"),
  "GET /self-service/settings/api": kratos("an API client's settings flow"),
  "GET /self-service/settings/flows": kratos("Ory Elements reads the account page's flow"),
  "POST /self-service/settings": kratos("Ory Elements submits the account page's changes"),
  "GET /self-service/settings": kratos("Kratos finishes a change here after the re-authentication it asked for"),
  "GET /self-service/logout/browser": kratos("a browser asks for its token-bound logout URL"),
  "GET /self-service/logout": kratos("the logout URL itself (its token is bound to the session)"),
  "DELETE /self-service/logout/api": kratos("an API client ends its session token"),
  "GET /sessions/whoami": kratos("integrators check the session (forward_auth, API clients)"),
  "GET /sessions": kratos("an API client lists its own sessions"),
  "DELETE /sessions": kratos("an API client ends its other sessions"),
  "DELETE /sessions/:id": kratos("an API client ends one of its sessions"),
  "GET /self-service/errors": kratos("Kratos's error for a failed flow, read by Ory Elements"),
  "GET /.well-known/ory/webauthn.js": kratos("the WebAuthn script passkeys and security keys need"),

  "POST /self-service/login": gate,
  "GET /self-service/login": gate,
  "GET /self-service/login/flows": gate,
  "POST /self-service/registration": gate,
  "GET /self-service/registration": gate,
  "GET /self-service/registration/flows": gate,

  "GET /health/alive": { to: "hera", why: "Hera's own liveness (Kratos's stays inside)" },
  "GET /health/ready": { to: "hera", why: "Hera's own readiness (Kratos's stays inside)" },

  "HEAD /sessions/whoami": refused("whoami by GET only"),
  "POST /sessions/whoami": refused("whoami by GET only"),
  "PUT /sessions/whoami": refused("whoami by GET only"),
  "PATCH /sessions/whoami": refused("whoami by GET only"),
  "OPTIONS /sessions/whoami": refused("no cross-origin callers: one origin"),
  "CONNECT /sessions/whoami": refused("whoami by GET only"),
  "TRACE /sessions/whoami": refused("whoami by GET only"),
  "GET /sessions/token-exchange": refused("native apps' code exchange: Hera has none"),
  "GET /self-service/recovery": refused("recovery is off: a sign-in code does the same"),
  "POST /self-service/recovery": refused("recovery is off"),
  "GET /self-service/recovery/api": refused("recovery is off"),
  "GET /self-service/recovery/browser": refused("recovery is off"),
  "GET /self-service/recovery/flows": refused("recovery is off"),
  "GET /self-service/verification": refused("verification is off: the code already proves the address"),
  "POST /self-service/verification": refused("verification is off; it would mail any address outside Hera's limits"),
  "GET /self-service/verification/api": refused("verification is off"),
  "GET /self-service/verification/browser": refused("verification is off"),
  "GET /self-service/verification/flows": refused("verification is off"),
  "GET /self-service/methods/oidc/callback": refused("no social sign-in"),
  "GET /self-service/methods/oidc/callback/:provider": refused("no social sign-in"),
  "POST /self-service/methods/oidc/callback/:provider": refused("no social sign-in"),
  "GET /schemas": refused("the identity schema is Hera's business, not the public's"),
  "GET /schemas/:id": refused("the identity schema is Hera's business"),
  "POST /recovery/code": refused("an admin route's redirect"),
  "POST /recovery/link": refused("an admin route's redirect"),
  "GET /identities": refused("an admin route's redirect"),
  "POST /identities": refused("an admin route's redirect"),
  "GET /identities/:id": refused("an admin route's redirect"),
  "PUT /identities/:id": refused("an admin route's redirect"),
  "PATCH /identities/:id": refused("an admin route's redirect"),
  "DELETE /identities/:id": refused("an admin route's redirect"),
  "DELETE /identities/:id/credentials/:type": refused("an admin route's redirect"),
  "DELETE /identities/:id/sessions": refused("an admin route's redirect"),
  "GET /admin/identities": refused("the admin API stays inside"),
  "POST /admin/identities": refused("the admin API stays inside"),
  "GET /admin/identities/:id": refused("the admin API stays inside"),
  "PUT /admin/identities/:id": refused("the admin API stays inside"),
  "PATCH /admin/identities/:id": refused("the admin API stays inside"),
  "DELETE /admin/identities/:id": refused("the admin API stays inside"),
  "DELETE /admin/identities/:id/credentials/:type": refused("the admin API stays inside"),
  "GET /admin/schemas": refused("the admin API stays inside"),
  "GET /admin/schemas/:id": refused("the admin API stays inside"),
  "GET /admin/courier/messages": refused("the admin API stays inside (every email sent)"),
  "GET /admin/courier/messages/:msgID": refused("the admin API stays inside"),
};

/** Kratos's public routes as its router holds them, with Hera's configuration. */
function kratosRoutes(): string[] {
  const out = execFileSync(routesBin, ["-c", "kratos.yml", "-c", "development.yml"], {
    cwd: path.join(root, "kratos"),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return out.split("\n").filter(Boolean);
}

/** A path of the router's with its parameters filled in. */
const concrete = (pattern: string) =>
  pattern
    .replace(/:msgID|:id/g, "6f1b7a52-0d6e-4c1e-9a57-0123456789ab")
    .replace(/:type/g, "code")
    .replace(/:provider/g, "google")
    .replace(/\*[a-z]+/g, "x");

function listen(name: string): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer(async (req, res) => {
      // The whole body first, as Hera and Kratos read it before they answer (the edge
      // aborts a request whose client stopped sending).
      try {
        for await (const chunk of req) void chunk;
      } catch {
        return;
      }
      res.setHeader("x-upstream", name);
      // Kratos's whoami as the edge asks it before the session endpoints (forward_auth):
      // a probe names the session it plays.
      if (name === "kratos" && req.url === "/sessions/whoami" && req.headers["x-probe-session"] === "short-of-second-step") {
        res.statusCode = 403;
        res.end(JSON.stringify({ error: { id: "session_aal2_required" } }));
        return;
      }
      // The client address the edge names to its upstreams, and whether a Referer got through.
      res.setHeader("x-client-ip", String(req.headers["true-client-ip"] ?? ""));
      res.setHeader("x-saw-referer", String(req.headers.referer ?? ""));
      // A body worth compressing, of the type its path names (the compression checks).
      const type = { ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".json": "application/json" }[
        path.extname(req.url!.split("?")[0]!)
      ];
      if (req.headers["x-probe-large"]) {
        res.setHeader("content-type", type ?? "text/html; charset=utf-8");
        res.end(`${name} `.repeat(1000));
        return;
      }
      res.end(name);
    });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}
const portOf = (s: Server) => (s.address() as AddressInfo).port;

async function freePort(): Promise<number> {
  const s = await listen("probe");
  const port = portOf(s);
  await new Promise((r) => s.close(r));
  return port;
}

/** Where the edge sends a request: an upstream's name, or "refused" for the edge's own 404. */
async function destinationVia(origin: string, method: string, path: string): Promise<string> {
  // node:http sends any method as it is (fetch refuses TRACE and CONNECT).
  const res = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(`${origin}${path}`, { method, timeout: 5000 }, resolve);
    // A CONNECT answer arrives as "connect" (the tunnel), never as a response.
    req.on("connect", (answer: IncomingMessage, socket: Socket) => {
      socket.destroy();
      resolve(answer);
    });
    req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer`)));
    req.on("error", reject).end();
  });
  res.resume();
  const upstream = res.headers["x-upstream"];
  if (typeof upstream === "string") return upstream;
  expect(res.statusCode, `${method} ${path}: the edge answers 404 itself`).toBe(404);
  return "refused";
}

/** The real Caddy with caddy/Caddyfile in front of two named listeners; resolves once it answers. */
async function startEdge(env: NodeJS.ProcessEnv = {}) {
  const [kratosUpstream, heraUpstream] = await Promise.all([listen("kratos"), listen("hera")]);
  const [site, admin] = [await freePort(), await freePort()];
  const origin = `http://127.0.0.1:${site}`;
  const edge = spawn(caddy, ["run", "--config", path.join(root, "caddy", "Caddyfile"), "--adapter", "caddyfile"], {
    env: {
      PATH: process.env.PATH,
      HOME: mkdtempSync(path.join(os.tmpdir(), "hera-edge-")),
      HERA_SITE: origin,
      CADDY_ADMIN: `127.0.0.1:${admin}`,
      KRATOS_PUBLIC_UPSTREAM: `127.0.0.1:${portOf(kratosUpstream)}`,
      HERA_UPSTREAM: `127.0.0.1:${portOf(heraUpstream)}`,
      HERA_SIGN_IN_LIMIT: "100000",
      HERA_SIGN_UP_LIMIT: "100000",
      HERA_FLOW_START_LIMIT: "100000",
      ...env,
    },
    stdio: "ignore",
  });
  const stop = async () => {
    edge.kill("SIGKILL");
    await Promise.all([kratosUpstream, heraUpstream].map((s) => new Promise((r) => s.close(r))));
  };
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`${origin}/`).then(
        () => true,
        () => false,
      )
    )
      return { origin, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error("Caddy did not start");
}

describe("the edge: deny by default", () => {
  let edge: Awaited<ReturnType<typeof startEdge>>;
  let origin: string;
  beforeAll(async () => {
    edge = await startEdge();
    origin = edge.origin;
  });
  afterAll(() => edge?.stop());

  const destination = (method: string, path: string) => destinationVia(origin, method, path);

  it("knows every public route of the pinned Kratos, read from its router", () => {
    const routes = kratosRoutes();
    expect(routes.length).toBeGreaterThan(50);
    const unclassified = routes.filter((r) => !(r in classes));
    expect(unclassified, "Kratos routes neither allowed on purpose nor refused: add each to tools/checks/edge.test.ts and caddy/Caddyfile").toEqual([]);
    // Nothing classified that the router no longer has: the list stays Kratos's.
    expect(Object.keys(classes).filter((r) => !routes.includes(r))).toEqual([]);
  });

  it("sends each route where its class says, and nothing else of Kratos's to Kratos", async () => {
    const wrong: string[] = [];
    for (const route of kratosRoutes()) {
      const [method, pattern] = route.split(" ") as [string, string];
      const want = classes[route]?.to;
      if (!want) continue;
      const expected = want === "gate" || want === "hera" ? "hera" : want;
      const got = await destination(method, concrete(pattern));
      if (got !== expected) wrong.push(`${route}: ${got}, expected ${expected}`);
    }
    expect(wrong).toEqual([]);
  });

  it("sends every method on the gate's paths to Hera, in any spelling of the path", async () => {
    const gatePaths = Object.entries(classes)
      .filter(([, c]) => c.to === "gate")
      .map(([r]) => r.split(" ")[1]!);
    for (const p of new Set(gatePaths)) {
      for (const spelling of [p, p.toUpperCase(), `${p}/`, p.replace("/self-service/", "//self-service/"), p.replace(/o/, "%6f")]) {
        for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]) {
          expect(await destination(method, spelling), `${method} ${spelling}`).not.toBe("kratos");
        }
      }
    }
  });

  it("refuses the other methods on the routes it allows, and other spellings of refused ones", async () => {
    for (const [route, c] of Object.entries(classes)) {
      if (c.to !== "kratos") continue;
      const [method, pattern] = route.split(" ") as [string, string];
      for (const other of ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => m !== method && !classes[`${m} ${pattern}`])) {
        expect(await destination(other, concrete(pattern)), `${other} ${pattern}`).toBe("refused");
      }
    }
    for (const spelling of [
      "/SESSIONS/TOKEN-EXCHANGE",
      "/self-service/recovery/browser/",
      "/admin/identities?x=1",
      "/Schemas",
      "/sessions/whoami/../token-exchange",
      "/self-service/verification%2fbrowser",
    ]) {
      expect(await destination("GET", spelling), spelling).not.toBe("kratos");
    }
  });
});

describe("the client's address", () => {
  let edge: Awaited<ReturnType<typeof startEdge>>;
  afterAll(() => edge?.stop());

  it("is the peer's by default, and a trusted proxy's word with HERA_TRUSTED_PROXIES; an IPv6 client is its /64", async () => {
    const seen = async (origin: string, forwardedFor: string) =>
      (await fetch(`${origin}/login`, { headers: { "X-Forwarded-For": forwardedFor } })).headers.get("x-client-ip");
    const start = (origin: string, client: string) =>
      fetch(`${origin}/self-service/login/browser`, { headers: { "X-Forwarded-For": client, Accept: "application/json" } }).then((r) => r.status);
    // Two new flows a minute per client, behind a load balancer on 127.0.0.1 nobody named.
    const plain = await startEdge({ HERA_FLOW_START_LIMIT: "2" });
    // Everyone behind it is one client, and the third person is refused (docs/troubleshooting.md).
    expect([await start(plain.origin, "203.0.113.9"), await start(plain.origin, "203.0.113.10"), await start(plain.origin, "198.51.100.7")]).toEqual([
      200, 200, 429,
    ]);
    expect(await seen(plain.origin, "203.0.113.9")).toBe("127.0.0.1");
    await plain.stop();

    // The same load balancer named in HERA_TRUSTED_PROXIES: each client counts by itself.
    edge = await startEdge({ HERA_TRUSTED_PROXIES: "127.0.0.1/32", HERA_FLOW_START_LIMIT: "2" });
    expect(await seen(edge.origin, "203.0.113.9")).toBe("203.0.113.9");
    // Two addresses of one /64 share the allowance; the next /64 and an IPv4 client have their own.
    expect(await start(edge.origin, "2001:db8:0:1::a")).toBe(200);
    expect(await start(edge.origin, "2001:db8:0:1:ffff::b")).toBe(200);
    expect(await start(edge.origin, "2001:db8:0:1::c")).toBe(429);
    expect(await start(edge.origin, "2001:db8:0:2::a")).toBe(200);
    expect(await start(edge.origin, "203.0.113.9")).toBe(200);
    expect(await start(edge.origin, "203.0.113.10")).toBe(200);
  });
});

// One edge for both: what it asks Kratos before the session endpoints, and what it passes on.
describe("what the upstreams are asked and told", () => {
  let edge: Awaited<ReturnType<typeof startEdge>>;
  beforeAll(async () => {
    edge = await startEdge();
  });
  afterAll(() => edge?.stop());

  it("Kratos's session endpoints are answered by its whoami first: a session short of its second step gets whoami's refusal", async () => {
    for (const [method, p] of [
      ["GET", "/sessions"],
      ["DELETE", "/sessions"],
      ["DELETE", "/sessions/6f1b7a52-0d6e-4c1e-9a57-0123456789ab"],
    ] as const) {
      const short = await fetch(`${edge.origin}${p}`, { method, headers: { "x-probe-session": "short-of-second-step" } });
      expect(short.status, `${method} ${p}`).toBe(403);
      expect(await short.json()).toEqual({ error: { id: "session_aal2_required" } });
      const whole = await fetch(`${edge.origin}${p}`, { method });
      expect(whole.headers.get("x-upstream"), `${method} ${p}`).toBe("kratos");
    }
  });

  it("never a Referer, which may name a sign-in link's code: Kratos logs request headers", async () => {
    const referer = "http://127.0.0.1/login?flow=6f1b7a52-0d6e-4c1e-9a57-0123456789ab&code=123456";
    for (const [method, p, upstream] of [
      ["GET", "/self-service/login/browser", "kratos"],
      ["GET", "/sessions", "kratos"],
      ["GET", "/login", "hera"],
      ["POST", "/self-service/login", "hera"],
    ] as const) {
      const res = await fetch(`${edge.origin}${p}`, { method, headers: { Referer: referer } });
      expect(res.headers.get("x-upstream"), p).toBe(upstream);
      expect(res.headers.get("x-saw-referer"), p).toBe("");
    }
  });
});

describe("compression", () => {
  let edge: Awaited<ReturnType<typeof startEdge>>;
  beforeAll(async () => {
    edge = await startEdge();
  });
  afterAll(() => edge?.stop());

  it("compresses the static files (zstd or gzip) and never a page or an answer that may carry a token", async () => {
    // node:http leaves the body as sent, so the header tells what crossed the wire.
    const encoding = (p: string, accept: string) =>
      new Promise<string>((resolve, reject) => {
        const req = request(`${edge.origin}${p}`, { headers: { "Accept-Encoding": accept, "x-probe-large": "1" } }, (res) => {
          res.resume();
          res.on("end", () =>
            res.statusCode === 200 ? resolve(String(res.headers["content-encoding"] ?? "none")) : reject(new Error(`${p}: ${res.statusCode}`)),
          );
        });
        req.on("error", reject);
        req.end();
      });
    for (const p of ["/assets/main-abc123.js", "/assets/main-abc123.css", "/favicon.svg", "/.well-known/ory/webauthn.js"]) {
      expect(await encoding(p, "zstd, gzip"), p).toBe("zstd");
      expect(await encoding(p, "gzip"), p).toBe("gzip");
      expect(await encoding(p, "identity"), p).toBe("none");
    }
    // Pages and API answers hold a CSRF token beside text the request chose (an address, a
    // return URL): a compressed size would tell an observer about the token (BREACH).
    for (const p of [
      "/login",
      "/login?flow=6f1b7a52-0d6e-4c1e-9a57-0123456789ab",
      "/self-service/login/flows?id=6f1b7a52-0d6e-4c1e-9a57-0123456789ab",
      "/sessions/whoami",
      "/assets.json",
    ]) {
      expect(await encoding(p, "zstd, gzip"), p).toBe("none");
    }
  });
});

describe("an upstream that restarts", () => {
  it("is waited for up to 5 s, then the client is told to try again shortly (503, Retry-After)", { timeout: 30_000 }, async () => {
    // Hera's address with nothing listening yet: a restart in progress.
    const heraPort = await freePort();
    const edge = await startEdge({ HERA_UPSTREAM: `127.0.0.1:${heraPort}` });
    try {
      let started = Date.now();
      const down = await fetch(`${edge.origin}/login`, { headers: { Accept: "application/json" } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
      expect(down.status).toBe(503);
      expect(down.headers.get("retry-after")).toBe("5");
      expect(await down.json()).toMatchObject({ error: { id: "unavailable" } });
      const page = await fetch(`${edge.origin}/login`);
      expect([page.status, await page.text()]).toEqual([503, "Sign-in is briefly unavailable; try again in a few seconds."]);
      // Back within the window: the waiting request is served, the client never sees the restart.
      started = Date.now();
      const waiting = fetch(`${edge.origin}/self-service/login?flow=6f1b7a52-0d6e-4c1e-9a57-0123456789ab`, { method: "POST", body: "{}" });
      await new Promise((r) => setTimeout(r, 1_000));
      const back = createServer((req, res) => {
        req.resume();
        req.on("end", () => res.end("hera"));
      });
      await new Promise<void>((r) => back.listen(heraPort, "127.0.0.1", () => r()));
      const served = await waiting;
      expect(served.status).toBe(200);
      expect(await served.text()).toBe("hera");
      expect(Date.now() - started).toBeLessThan(4_000);
      await new Promise((r) => back.close(r));
    } finally {
      await edge.stop();
    }
  });
});

describe("bounded work for anonymous requests", () => {
  let edge: Awaited<ReturnType<typeof startEdge>>;
  beforeAll(async () => {
    edge = await startEdge({ HERA_READ_HEADER_TIMEOUT: "1s", HERA_READ_BODY_TIMEOUT: "1s" });
  });
  afterAll(() => edge?.stop());

  it("refuses a URI over 4 kB with 414 and headers over 32 kB with 431, before any upstream", async () => {
    const long = await fetch(`${edge.origin}/self-service/login/browser?return_to=${"a".repeat(4100)}`);
    expect(long.status).toBe(414);
    expect(long.headers.get("x-upstream")).toBeNull();
    const fits = await fetch(`${edge.origin}/self-service/login/browser?return_to=${"a".repeat(3900)}`);
    expect(fits.headers.get("x-upstream")).toBe("kratos");
    // Written by hand: the edge answers 431 and closes while a client may still be sending.
    const { port } = new URL(edge.origin);
    const answer = await new Promise<string>((resolve) => {
      let got = "";
      const socket = connect(Number(port), "127.0.0.1", () =>
        socket.write(`GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Filler: ${"b".repeat(40_000)}\r\n\r\n`),
      );
      socket.on("data", (d) => (got += d));
      socket.on("error", () => {});
      socket.on("close", () => resolve(got));
    });
    expect(answer.split("\r\n")[0]).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    expect(answer).not.toMatch(/x-upstream/i);
  });

  it("closes a connection whose headers or body arrive too slowly", async () => {
    const { port } = new URL(edge.origin);
    /** Seconds until the edge closes a connection that sent `start` and then nothing. */
    const closedAfter = (start: string) =>
      new Promise<number>((resolve, reject) => {
        const began = Date.now();
        const socket = connect(Number(port), "127.0.0.1", () => socket.write(start));
        socket.on("data", () => {});
        socket.on("error", () => {});
        socket.on("close", () => resolve((Date.now() - began) / 1000));
        setTimeout(() => {
          socket.destroy();
          reject(new Error("still open after 15 s"));
        }, 15_000).unref();
      });
    expect(await closedAfter("GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "), "slow headers").toBeLessThan(5);
    const body = "POST /self-service/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{";
    expect(await closedAfter(body), "slow body").toBeLessThan(5);
  });
});
