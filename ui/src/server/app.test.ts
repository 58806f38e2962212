// @vitest-environment node
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { ResponseError } from "@ory/client-fetch";
import { createApp } from "./app";
import { loadConfig } from "./config";
import { accountPaths } from "./http/signed-in";
import { LocalStore } from "./limits/store/local-store";
import type { Kratos } from "./kratos/client";
import type { Identities } from "./kratos/identities";

/**
 * Every route Hera answers is either under accountPaths (signedIn() judges the session
 * first) or named here as open to anyone, with the reason. A route added anywhere else
 * fails this test until someone decides which it is.
 */
const anonymous: Record<string, string> = {
  "GET /health/alive": "liveness, for orchestrators",
  "GET /favicon.svg": "the site's icon",
  "GET /health/ready": "readiness, for orchestrators",
  "POST /internal/courier": "Kratos's courier; a bearer secret, and Caddy never routes /internal",
  "POST /internal/sign-in": "Kratos's after-login hook; a bearer secret, and Caddy never routes /internal",
  "POST /internal/sign-up": "Kratos's after-registration hook; a bearer secret, and Caddy never routes /internal",
  "GET /dev/emails": "the templates' preview, development only",
  "GET /too-many-requests": "the rate limit's page",
  "POST /language": "the language choice at the foot of every page, from this site's pages only",
  "* /self-service/login": "the gate: Kratos judges the flow",
  "* /self-service/login/flows": "the gate: Kratos judges the flow",
  "* /self-service/registration": "the gate: Kratos judges the flow",
  "* /self-service/registration/flows": "the gate: Kratos judges the flow",
  "POST /login/new-code": "a new flow for a spent one this browser holds",
  "POST /registration/new-code": "a new flow for a spent one this browser holds",
  "GET /login": "the sign-in page",
  "GET /registration": "the sign-up page",
  "GET /error": "Kratos's flow errors, in words",
  "GET /logout": "signing out needs no second step",
  "GET /": "a redirect to /welcome",
  "GET /favicon.ico": "a redirect to the icon",
};

type FakeCalls = string[];

/** A fake Kratos whose whoami answers as given; every call is recorded, and any but whoami fails. */
function kratosWhose(calls: FakeCalls, whoami: () => Promise<unknown>): Kratos {
  const refuse = async (what: string) => {
    calls.push(what);
    throw new Error(`Kratos asked: ${what}`);
  };
  const frontend = new Proxy({}, { get: (_t, name: string) => async () => (name === "toSession" ? (calls.push(name), whoami()) : refuse(name)) });
  return {
    frontend,
    identities: {},
    publicUrl: "http://127.0.0.1:9",
    readFlow: () => refuse("readFlow"),
    submitFlow: () => refuse("submitFlow"),
  } as unknown as Kratos;
}

/** A Kratos whose whoami says the session still needs its second step. */
const kratosShortOfSecondStep = (calls: FakeCalls) =>
  kratosWhose(calls, async () => {
    throw new ResponseError(
      new Response(JSON.stringify({ error: { id: "session_aal2_required", code: 403, status: "Forbidden" } }), {
        status: 403,
        headers: { "content-type": "application/json" },
      }),
    );
  });

/** A Kratos whose whoami finds a fully signed-in session. */
const kratosSignedIn = (calls: FakeCalls) =>
  kratosWhose(calls, async () => ({ id: "5c1f4b0e-8a55-4a6e-9d0a-2f1f1f0b7a10", active: true, authenticator_assurance_level: "aal1", identity: { id: "x" } }));

function routesOf(app: ReturnType<typeof createApp>): { method: string; path: string }[] {
  const stack = (app as unknown as { router: { stack: { name: string; route?: { path: string; methods: Record<string, boolean> } }[] } }).router.stack;
  // Routes are registered on the app itself (one file per route); a router mounted with
  // app.use would hide its routes from this walk, so it fails here instead.
  expect(stack.filter((layer) => layer.name === "router").length, "a mounted router: register its routes on the app").toBe(0);
  return stack.flatMap((layer) => {
    if (!layer.route) return [];
    const methods = Object.keys(layer.route.methods);
    if (methods.length > 10) return [{ method: "*", path: layer.route.path }];
    return methods.filter((m) => m !== "head" && m !== "_all").map((m) => ({ method: m.toUpperCase(), path: layer.route!.path }));
  });
}

/** Hera's app on a free port with the given Kratos, its own state and Hera's real views. */
async function startApp(kratos: Kratos) {
  const dir = mkdtempSync(path.join(tmpdir(), "hera-app-"));
  // The browser bundle's manifest: routes need its file names, not the files.
  mkdirSync(path.join(dir, "dist", "client", ".vite"), { recursive: true });
  writeFileSync(
    path.join(dir, "dist", "client", ".vite", "manifest.json"),
    JSON.stringify({ "src/client/sign-in.ts": { file: "sign-in.js" }, "src/client/elements.tsx": { file: "elements.js" } }),
  );
  mkdirSync(path.join(dir, "static"));
  // Refusals render Hera's real pages.
  symlinkSync(path.resolve(__dirname, "..", "..", "views"), path.join(dir, "views"));
  const config = loadConfig({ HERA_STATE_DIR: path.join(dir, "state") });
  const app = createApp(config, pino({ level: "silent" }), dir, new LocalStore(path.join(dir, "state")), kratos, {} as Identities);
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  return { app, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe("which of Hera's routes need a session", () => {
  const calls: FakeCalls = [];
  let app: ReturnType<typeof createApp>;
  let base: string;
  let close: () => void;

  beforeAll(async () => {
    ({ app, base, close } = await startApp(kratosShortOfSecondStep(calls)));
  });
  afterAll(() => close?.());

  it("every route is under an account path or named as open to anyone", () => {
    const routes = routesOf(app);
    expect(routes.length).toBeGreaterThan(20);
    const unclassified = routes
      .filter(({ path }) => !accountPaths.some((p) => path === p || path.startsWith(`${p}/`)))
      .map(({ method, path }) => `${method} ${path}`)
      .filter((r) => !(r in anonymous));
    expect(unclassified).toEqual([]);
  });

  it("every account route sends a session short of its second step to take it, and asks Kratos nothing else", async () => {
    const account = routesOf(app).filter(({ path }) => accountPaths.some((p) => path === p || path.startsWith(`${p}/`)));
    expect(account.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(["GET /settings", "GET /welcome", "POST /settings/sessions/revoke-others", "POST /settings/sessions/:id/revoke"]),
    );
    for (const { method, path: route } of account) {
      calls.length = 0;
      const url = base + route.replace(":id", "8f2cd6a5-5b8e-4c57-9a43-3a3c1a1c9a11");
      const res = await fetch(url, {
        method,
        redirect: "manual",
        headers: { origin: "http://localhost:4455", "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" },
        body: method === "GET" ? undefined : "form_token=x",
      });
      expect(res.status, `${method} ${route}`).toBe(303);
      const to = new URL(res.headers.get("location")!, "http://localhost:4455");
      expect(to.pathname, `${method} ${route}`).toBe("/self-service/login/browser");
      expect(to.searchParams.get("aal")).toBe("aal2");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(calls, `${method} ${route}`).toEqual(["toSession"]);
    }
  });
});

/**
 * Hera's own POST routes act for the person whose browser sends them, so each refuses a
 * request from another site, from Origin: null, or naming no origin, before it asks
 * Kratos anything but who is signed in. Excepted, with the reason: the routes only Kratos
 * calls, and the gate, whose flows carry Kratos's own CSRF token and cookie.
 */
const notBrowserForms: Record<string, string> = {
  "POST /internal/courier": "Kratos's courier, with a bearer secret",
  "POST /internal/sign-in": "Kratos's hook, with a bearer secret",
  "POST /internal/sign-up": "Kratos's hook, with a bearer secret",
  "* /self-service/login": "the gate: Kratos's CSRF token and cookie",
  "* /self-service/login/flows": "the gate: Kratos's CSRF token and cookie",
  "* /self-service/registration": "the gate: Kratos's CSRF token and cookie",
  "* /self-service/registration/flows": "the gate: Kratos's CSRF token and cookie",
};

describe("Hera's own forms refuse other sites", () => {
  const calls: FakeCalls = [];
  let app: ReturnType<typeof createApp>;
  let base: string;
  let close: () => void;

  beforeAll(async () => {
    ({ app, base, close } = await startApp(kratosSignedIn(calls)));
  });
  afterAll(() => close?.());

  it("every POST route not named above refuses another site, Origin: null and no origin, asking Kratos nothing else", async () => {
    const posts = routesOf(app)
      .filter(({ method }) => method === "POST" || method === "*")
      .map(({ method, path }) => ({ method, path, name: `${method} ${path}` }))
      .filter(({ name }) => !(name in notBrowserForms));
    expect(posts.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        "POST /login/new-code",
        "POST /registration/new-code",
        "POST /settings/sessions/revoke-others",
        "POST /settings/sessions/:id/revoke",
      ]),
    );
    const strangers: Record<string, Record<string, string>> = {
      "another site": { origin: "https://evil.example", "sec-fetch-site": "cross-site" },
      "another site, no Sec-Fetch-Site": { origin: "https://evil.example" },
      "a sibling subdomain": { origin: "http://evil.localhost:4455", "sec-fetch-site": "same-site" },
      "Origin: null": { origin: "null", "sec-fetch-site": "cross-site" },
      "Origin: null alone": { origin: "null" },
      "no origin at all": {},
    };
    for (const { name, path: route } of posts) {
      for (const [who, headers] of Object.entries(strangers)) {
        calls.length = 0;
        const res = await fetch(base + route.replace(":id", "8f2cd6a5-5b8e-4c57-9a43-3a3c1a1c9a11"), {
          method: "POST",
          redirect: "manual",
          headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
          body: "form_token=x&flow=8f2cd6a5-5b8e-4c57-9a43-3a3c1a1c9a11&csrf_token=x",
        });
        expect(res.status, `${name} from ${who}`).toBe(403);
        expect(await res.text(), `${name} from ${who}`).toContain("That request came from another site");
        expect(
          calls.filter((c) => c !== "toSession"),
          `${name} from ${who}`,
        ).toEqual([]);
      }
    }
  });

  it("the account's forms also need the session's form token, from Hera's own page", async () => {
    for (const route of ["/settings/sessions/revoke-others", "/settings/sessions/8f2cd6a5-5b8e-4c57-9a43-3a3c1a1c9a11/revoke"]) {
      for (const body of ["", "form_token=", "form_token=x", "form_token=x&form_token=y"]) {
        calls.length = 0;
        const res = await fetch(base + route, {
          method: "POST",
          redirect: "manual",
          headers: { origin: "http://localhost:4455", "sec-fetch-site": "same-origin", "content-type": "application/x-www-form-urlencoded" },
          body,
        });
        expect(res.status, `${route} with "${body}"`).toBe(403);
        expect(await res.text()).toContain("That form has expired");
        expect(calls).toEqual(["toSession"]);
      }
    }
  });
});

describe("the gate's refusals before it reads a flow", () => {
  const calls: FakeCalls = [];
  let base: string;
  let close: () => void;

  beforeAll(async () => {
    ({ base, close } = await startApp(kratosSignedIn(calls)));
  });
  afterAll(() => close?.());

  it("are a page for a browser's form and JSON for everyone else, with the same status, and ask Kratos nothing", async () => {
    const post = (kind: string, accept: string | undefined, body: string, contentType = "application/x-www-form-urlencoded") =>
      fetch(`${base}/self-service/${kind}?flow=8f2cd6a5-5b8e-4c57-9a43-3a3c1a1c9a11`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": contentType, ...(accept ? { accept } : {}) },
        body,
      });
    const browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    const page = await post("login", browser, "csrf_token=t&identifier=a%40b.c&password=x&method=code");
    expect(page.status).toBe(400);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain("This form could not be sent");
    // The gate's reason is for developers (the JSON below); the person reads Hera's sentence.
    expect(html).toContain("Nothing was sent.");
    expect(html).toContain('href="/login"');
    const utf16 = await post("registration", browser, "x", "application/x-www-form-urlencoded; charset=utf-16");
    expect(utf16.status).toBe(415);
    expect(await utf16.text()).toContain('href="/registration"');
    for (const accept of ["application/json", "*/*", undefined]) {
      const res = await post("login", accept, "csrf_token=t&identifier=a%40b.c&password=x&method=code");
      expect(res.status, String(accept)).toBe(400);
      expect(await res.json(), String(accept)).toMatchObject({ error: { code: 400, id: "unknown_field" } });
    }
    expect(calls).toEqual([]);
  });
});
