import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { request as httpRequest } from "node:http";
import { gzipSync } from "node:zlib";
import { expect, Hera, test } from "../support/hera";
import { masker, seen, tellTales, type Seen } from "../support/compare";
import { codeIn, mailCount, waitForMail } from "../support/mail";
import { addressPair, createIdentity, startFlow, type FlowJson } from "../support/kratos";

// The gate (ui/src/server/gate/), tried through the origin as an attacker would: every
// variant of a request that Kratos might read differently from Hera (flow id spellings,
// content types, field names and aliases, repeated fields, unicode in the address, JSON
// types, HTTP methods, path spellings, method-override headers, flow reads) is sent for an
// address with an account and for one without, and everything that comes back must be
// the same. Then the limits that must hold whoever sends what: no fourth email to an
// address in 15 minutes, a stranger cannot keep the owner out, only the newest email's
// code works.

const { kratosAdmin } = new Hera("main");
type Kind = "login" | "registration";

/** A client of its own with a flow: its cookies as a header, the flow's id and CSRF token. */
type Client = { ctx: APIRequestContext; flow: FlowJson; csrf: string; cookie: string; email: string; kind: Kind };

async function client(origin: string, kind: Kind, email: string, as: "browser" | "api" = "browser"): Promise<Client> {
  const { ctx, flow, csrf } = await startFlow(origin, kind, as);
  const cookie = (await ctx.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  return { ctx, flow, csrf, cookie, email, kind };
}

/** A request exactly as written: method, path and body bytes untouched (node:http). */
type Raw = { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer };

function send(origin: string, c: Client, raw: Raw) {
  const body = typeof raw.body === "string" ? Buffer.from(raw.body) : raw.body;
  return new Promise<{ status(): number; headers(): Record<string, string>; text(): Promise<string> }>((resolve, reject) => {
    const url = new URL(origin);
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: raw.method ?? "POST",
        path: raw.path,
        headers: { Cookie: c.cookie, ...(body ? { "Content-Length": String(body.length) } : {}), ...raw.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join("\n") : value;
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: () => res.statusCode ?? 0, headers: () => headers, text: async () => text });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const json = (data: unknown, extra: Record<string, string> = {}) => ({
  headers: { "Content-Type": "application/json", Accept: "application/json", ...extra },
  body: typeof data === "string" ? data : JSON.stringify(data),
});
const form = (data: string, extra: Record<string, string> = {}) => ({ headers: { "Content-Type": "application/x-www-form-urlencoded", ...extra }, body: data });
const enc = encodeURIComponent;

/** One way of asking. `sent`: the flow has sent its code before the variant is sent. */
type Variant = { name: string; kind: Kind; sent?: boolean; api?: boolean; raw: (c: Client) => Raw };

const submit = (c: Client, query = `flow=${c.flow.id}`) => `/self-service/${c.kind}?${query}`;
const identifier = (c: Client, value: unknown = c.email) => (c.kind === "login" ? { identifier: value } : { traits: { email: value } });
const canonical = (c: Client, more: Record<string, unknown> = {}) => json({ method: "code", csrf_token: c.csrf, ...identifier(c), ...more });

/**
 * Sign-in and sign-up share the gate's parser, but each family that Kratos could read
 * differently is sent on both: the 6 emails a minute of the gate's issue came in through
 * sign-up.
 */
const onBoth = (make: (kind: Kind) => Variant): Variant[] =>
  (["login", "registration"] as const).map((kind) => {
    const v = make(kind);
    return kind === "login" ? v : { ...v, name: `${v.name} (sign-up)` };
  });

const variants: Variant[] = [
  // Flow id forms and the query.
  ...(
    [
      ["the flow id in upper case", (id: string) => `flow=${id.toUpperCase()}`],
      ["the flow id without dashes", (id: string) => `flow=${id.replace(/-/g, "")}`],
      ["the flow id in braces", (id: string) => `flow=%7B${id}%7D`],
      ["the flow id as a URN", (id: string) => `flow=urn:uuid:${id}`],
      ["the flow id with a trailing space", (id: string) => `flow=${id}%20`],
      ["the flow id twice", (id: string) => `flow=${id}&flow=${id}`],
      ["another flow's id first", (id: string) => `flow=6f1b7a52-0d6e-4c1e-9a57-0123456789ab&flow=${id}`],
      ["the flow as flow[]", (id: string) => `flow[]=${id}`],
      ["the flow as FLOW", (id: string) => `FLOW=${id}`],
      ["the flow id percent-encoded", (id: string) => `flow=${[...id].map((ch) => `%${ch.charCodeAt(0).toString(16)}`).join("")}`],
      ["an extra query parameter", (id: string) => `flow=${id}&return_to=https%3A%2F%2Fevil.example`],
    ] as const
  ).flatMap(([name, query]) => onBoth((kind) => ({ name, kind, raw: (c) => ({ path: submit(c, query(c.flow.id)), ...canonical(c) }) }))),
  {
    name: "the flow id in the body instead of the query",
    kind: "login",
    raw: (c) => ({ path: "/self-service/login", ...json({ method: "code", csrf_token: c.csrf, identifier: c.email, flow: c.flow.id }) }),
  },

  // Content types Kratos reads and Hera does not, or reads another way.
  ...(
    [
      "text/plain",
      "application/json, text/plain",
      "text/plain, application/json",
      "application/json; charset=latin1",
      "application/x-json",
      "application/vnd.api+json",
      "application/x-www-form-urlencoded; charset=utf-16",
      "APPLICATION/JSON; CHARSET=UTF-8",
    ] as const
  ).flatMap((type) =>
    onBoth((kind) => ({
      name: `Content-Type: ${type}`,
      kind,
      raw: (c) => ({
        path: submit(c),
        headers: { "Content-Type": type, Accept: "application/json" },
        body: JSON.stringify({ method: "code", csrf_token: c.csrf, ...identifier(c) }),
      }),
    })),
  ),
  {
    name: "no Content-Type",
    kind: "login",
    raw: (c) => ({
      path: submit(c),
      headers: { Accept: "application/json" },
      body: JSON.stringify({ method: "code", csrf_token: c.csrf, identifier: c.email }),
    }),
  },
  {
    name: "a multipart form",
    kind: "login",
    raw: (c) => ({
      path: submit(c),
      headers: { "Content-Type": "multipart/form-data; boundary=b", Accept: "application/json" },
      body: `--b\r\nContent-Disposition: form-data; name="method"\r\n\r\ncode\r\n--b\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n${c.csrf}\r\n--b\r\nContent-Disposition: form-data; name="identifier"\r\n\r\n${c.email}\r\n--b--\r\n`,
    }),
  },
  {
    name: "a gzipped body",
    kind: "login",
    raw: (c) => ({
      path: submit(c),
      headers: { "Content-Type": "application/json", "Content-Encoding": "gzip", Accept: "application/json" },
      body: gzipSync(JSON.stringify({ method: "code", csrf_token: c.csrf, identifier: c.email })),
    }),
  },

  // Field names and aliases.
  {
    name: "the address as Kratos's `address`",
    kind: "login",
    raw: (c) => ({ path: submit(c), ...json({ method: "code", csrf_token: c.csrf, address: c.email }) }),
  },
  {
    name: "`address` beside a stranger's identifier",
    kind: "login",
    sent: true,
    raw: (c) => ({ path: submit(c), ...json({ method: "code", csrf_token: c.csrf, identifier: "someone@example.test", address: c.email, code: "123456" }) }),
  },
  { name: "Identifier in capitals", kind: "login", raw: (c) => ({ path: submit(c), ...json({ method: "code", csrf_token: c.csrf, Identifier: c.email }) }) },
  {
    name: "sign-up's traits.email on sign-in",
    kind: "login",
    raw: (c) => ({ path: submit(c), ...json({ method: "code", csrf_token: c.csrf, "traits.email": c.email }) }),
  },
  {
    name: "traits.email flat in JSON on sign-up",
    kind: "registration",
    raw: (c) => ({ path: submit(c), ...json({ method: "code", csrf_token: c.csrf, "traits.email": c.email }) }),
  },
  {
    name: "traits[email] in a form",
    kind: "registration",
    raw: (c) => ({ path: submit(c), ...form(`method=code&csrf_token=${enc(c.csrf)}&traits%5Bemail%5D=${enc(c.email)}`) }),
  },
  {
    name: "an extra trait",
    kind: "registration",
    raw: (c) => ({ path: submit(c), ...json({ method: "code", csrf_token: c.csrf, traits: { email: c.email, name: "x" } }) }),
  },
  {
    name: "a client's own transient_payload",
    kind: "login",
    raw: (c) => ({ path: submit(c), ...canonical(c, { transient_payload: { flow_id: "6f1b7a52-0d6e-4c1e-9a57-0123456789ab" } }) }),
  },
  { name: "a code on a flow that has sent nothing", kind: "login", raw: (c) => ({ path: submit(c), ...canonical(c, { code: "123456" }) }) },
  { name: "a code on a sign-up that has sent nothing", kind: "registration", raw: (c) => ({ path: submit(c), ...canonical(c, { code: "123456" }) }) },
  { name: "a resend on a flow that has sent nothing", kind: "login", raw: (c) => ({ path: submit(c), ...canonical(c, { resend: "code" }) }) },
  { name: "resend=CODE (Kratos ignores case)", kind: "login", sent: true, raw: (c) => ({ path: submit(c), ...canonical(c, { resend: "CODE" }) }) },
  {
    name: "a second address on a flow that has sent",
    kind: "login",
    sent: true,
    raw: (c) => ({ path: submit(c), ...json({ method: "code", csrf_token: c.csrf, identifier: "other@example.test" }) }),
  },
  { name: "method=CODE", kind: "login", raw: (c) => ({ path: submit(c), ...canonical(c, { method: "CODE" }) }) },
  { name: "no method", kind: "login", raw: (c) => ({ path: submit(c), ...json({ csrf_token: c.csrf, identifier: c.email }) }) },
  {
    name: "a passkey sign-up",
    kind: "registration",
    raw: (c) => ({ path: submit(c), ...json({ method: "passkey", csrf_token: c.csrf, traits: { email: c.email } }) }),
  },
  {
    name: "a password",
    kind: "login",
    raw: (c) => ({ path: submit(c), ...json({ method: "password", csrf_token: c.csrf, identifier: c.email, password: "x" }) }),
  },

  // Repeated fields.
  {
    name: "the address twice in a form, another first",
    kind: "login",
    raw: (c) => ({ path: submit(c), ...form(`method=code&csrf_token=${enc(c.csrf)}&identifier=someone%40example.test&identifier=${enc(c.email)}`) }),
  },
  {
    name: "the address twice in JSON",
    kind: "login",
    raw: (c) => ({
      path: submit(c),
      ...json(`{"method":"code","csrf_token":${JSON.stringify(c.csrf)},"identifier":"someone@example.test","identifier":${JSON.stringify(c.email)}}`),
    }),
  },
  {
    name: "two methods in a form",
    kind: "login",
    raw: (c) => ({ path: submit(c), ...form(`method=link&method=code&csrf_token=${enc(c.csrf)}&identifier=${enc(c.email)}`) }),
  },
  {
    name: "a browser form's own repeated method",
    kind: "login",
    raw: (c) => ({ path: submit(c), ...form(`method=code&csrf_token=${enc(c.csrf)}&identifier=${enc(c.email)}&method=code`) }),
  },
  // A page's form carries every method's fields; a client may fill them in. The gate drops
  // them (gate/parse.ts), so Kratos reads the code request alone.
  {
    name: "the code request with other methods' fields filled in, in a form",
    kind: "login",
    raw: (c) => ({
      path: submit(c),
      ...form(
        `method=code&csrf_token=${enc(c.csrf)}&identifier=${enc(c.email)}&passkey_login=%7B%22id%22%3A%22x%22%7D&passkey_challenge=x&webauthn_login=x&totp_code=123456&lookup_secret=x`,
      ),
    }),
  },

  // Unicode and spacing in the address.
  ...(
    [
      ["a zero-width space", (e: string) => e.replace("@", "\u200b@")],
      ["a byte-order mark in front", (e: string) => `\ufeff${e}`],
      ["a no-break space after", (e: string) => `${e}\u00a0`],
      ["a full-width @", (e: string) => e.replace("@", "\uff20")],
      ["a Cyrillic look-alike", (e: string) => e.replace(/^k|^n/, (ch) => (ch === "k" ? "\u043a" : "\u043f"))],
      ["a right-to-left mark", (e: string) => `\u200f${e}`],
      ["upper case", (e: string) => e.toUpperCase()],
      ["spaces around", (e: string) => `  ${e}\t`],
    ] as const
  ).map(([name, change]): Variant => ({
    name: `the address with ${name}`,
    kind: "login",
    raw: (c) => ({ path: submit(c), ...json({ method: "code", csrf_token: c.csrf, identifier: change(c.email) }) }),
  })),
  {
    name: "sign-up's address in upper case",
    kind: "registration",
    raw: (c) => ({ path: submit(c), ...json({ method: "code", csrf_token: c.csrf, traits: { email: c.email.toUpperCase() } }) }),
  },

  // JSON types.
  ...([[[]], [["x"]], [1], [null], [true], [{ email: "x" }]] as const).flatMap(([value]) =>
    onBoth((kind) => ({
      name: `the address as ${JSON.stringify(value)} with the real one in an array`,
      kind,
      raw: (c) => ({ path: submit(c), ...json({ method: "code", csrf_token: c.csrf, ...identifier(c, Array.isArray(value) ? [...value, c.email] : value) }) }),
    })),
  ),
  { name: "traits as a string", kind: "registration", raw: (c) => ({ path: submit(c), ...json({ method: "code", csrf_token: c.csrf, traits: c.email }) }) },

  // The submit path with every HTTP method, in other spellings, and method overrides.
  ...(["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"] as const).flatMap((method) =>
    onBoth((kind) => ({
      name: `${method} on the submit path`,
      kind,
      sent: true,
      raw: (c) => ({ method, path: submit(c), headers: { Accept: "application/json" } }),
    })),
  ),
  ...(
    [
      (k: Kind) => `/self-service/${k}/`,
      (k: Kind) => `/SELF-SERVICE/${k.toUpperCase()}`,
      (k: Kind) => `//self-service/${k}`,
      (k: Kind) => `/self-service/./${k}`,
      (k: Kind) => `/self-service/%${k.charCodeAt(0).toString(16)}${k.slice(1)}`,
      (k: Kind) => `/self-service/${k};x`,
      (k: Kind) => `/self-service/${k}%2f`,
    ] as const
  ).flatMap((spelt) =>
    onBoth((kind) => ({ name: `the path spelt ${spelt("login")}`, kind, raw: (c) => ({ path: `${spelt(c.kind)}?flow=${c.flow.id}`, ...canonical(c) }) })),
  ),
  ...(["X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"] as const).flatMap((header) =>
    onBoth((kind) => ({
      name: `${header}: GET`,
      kind,
      sent: true,
      raw: (c) => ({ path: submit(c), ...json({ method: "code", csrf_token: c.csrf, ...identifier(c), code: "123456" }, { [header]: "GET" }) }),
    })),
  ),

  // Reading the flow after it sent its code: every spelling.
  ...(
    [
      ["the flow read", (id: string) => `/self-service/login/flows?id=${id}`],
      ["the flow read with the id in upper case", (id: string) => `/self-service/login/flows?id=${id.toUpperCase()}`],
      ["the flow read with the id twice", (id: string) => `/self-service/login/flows?id=${id}&id=${id}`],
      ["the flow read through the submit path", (id: string) => `/self-service/login?flow=${id}`],
      ["the flow read with a trailing slash", (id: string) => `/self-service/login/flows/?id=${id}`],
      ["the sign-up flow read", (id: string) => `/self-service/registration/flows?id=${id}`],
    ] as const
  ).map(([name, path]): Variant => ({
    name,
    kind: name.includes("sign-up") ? "registration" : "login",
    sent: true,
    raw: (c) => ({ method: "GET", path: path(c.flow.id).replace("/login", `/${c.kind}`), headers: { Accept: "application/json" } }),
  })),
  { name: "the flow's page", kind: "login", sent: true, raw: (c) => ({ method: "GET", path: `/login?flow=${c.flow.id}` }) },
  { name: "an API flow's code request", kind: "login", api: true, raw: (c) => ({ path: submit(c), ...json({ method: "code", identifier: c.email }) }) },
];

/** Everything one client sees: the variant's answer, then the flow as it reads afterwards. */
async function probe(origin: string, v: Variant, email: string): Promise<{ answer: Seen; after: Seen; state: string }> {
  const c = await client(origin, v.kind, email, v.api ? "api" : "browser");
  // The two addresses differ only in "known"/"nokno", also where a variant changed their
  // case or letters and the answer echoes what was typed.
  const mask = (text: string) => masker({ flowId: c.flow.id, csrf: c.csrf, email })(text).replace(/[k\u043a]nown|[n\u043f]okno/gi, "<who>");
  if (v.sent) {
    const first = await send(origin, c, { path: submit(c), ...canonical(c) });
    expect(first.status(), `${v.name}: the first code request`).toBe(400);
  }
  const answer = await seen(await send(origin, c, v.raw(c)), mask);
  const read = await c.ctx.get(`${origin}/self-service/${v.kind}/flows?id=${c.flow.id}`, { headers: { Accept: "application/json" } });
  const after = await seen(read, mask);
  const state = read.ok() ? ((await read.json()) as { state: string }).state : `${read.status()}`;
  await c.ctx.dispose();
  return { answer, after, state };
}

test.describe("every variant of a request answers alike for an address with an account and one without", () => {
  test.describe.configure({ timeout: 300_000 });
  const outcomes: string[] = [];
  test.afterAll(() => console.log(`gate: ${variants.length} variants, each for an address with an account and one without:\n  ${outcomes.join("\n  ")}`));

  test(`${variants.length} variants`, async ({ hera }) => {
    expect(variants.length).toBeGreaterThanOrEqual(40);
    for (const v of variants) {
      const { known, unknown } = await addressPair(kratosAdmin);
      const withAccount = await probe(hera.origin, v, known);
      const withoutAccount = await probe(hera.origin, v, unknown);
      expect(withoutAccount, v.name).toEqual(withAccount);
      expect(JSON.stringify(withAccount), v.name).not.toMatch(tellTales);
      // No variant reaches Kratos's raw answers: a 5xx would mean Hera failed to read it.
      expect(withAccount.answer.status, v.name).toBeLessThan(500);
      outcomes.push(`${v.name}: ${withAccount.answer.status}, flow ${withAccount.state}`);
    }
  });
});

/** A code request for `email` from a fresh client, as Ory Elements sends it. */
async function requestCode(origin: string, kind: Kind, email: string, ctx?: APIRequestContext): Promise<number> {
  const c = await startFlow(origin, kind, "browser", ctx);
  const res = await c.ctx.post(`${origin}/self-service/${kind}?flow=${c.flow.id}`, {
    headers: { Accept: "application/json" },
    data: { method: "code", csrf_token: c.csrf, ...(kind === "login" ? { identifier: email } : { traits: { email } }) },
  });
  if (!ctx) await c.ctx.dispose();
  return res.status();
}
const courierDrained = () => new Promise((r) => setTimeout(r, 2_500));

test("no address gets a fourth email in 15 minutes, however the requests are written", async ({ hera }) => {
  const email = hera.newEmail("fourth");
  await createIdentity(kratosAdmin, email);
  const o = hera.origin;
  // Sign-in and sign-up, resends, codes in the body, aliases, other spellings: twelve tries.
  for (const kind of ["login", "registration"] as const) {
    for (const extra of [{}, { code: "123456" }, { resend: "code" }, { address: email }]) {
      const c = await client(o, kind, email);
      await send(o, c, { path: submit(c), ...canonical(c, extra) });
      await send(o, c, { path: submit(c), ...canonical(c, { resend: "code" }) });
      await c.ctx.dispose();
    }
  }
  for (let i = 0; i < 4; i++) expect(await requestCode(o, "login", email.toUpperCase())).toBe(400);
  await courierDrained();
  expect(await mailCount(hera.mailWeb, email)).toBe(3);
});

test("a stranger's made-up flows count nothing, and spending the allowance does not keep the owner out", async ({ browser, hera }) => {
  const o = hera.origin;
  const email = hera.newEmail("owner");
  // The owner signs up (their first email) in their own browser, and signs out.
  const owner = await browser.newContext();
  const ownerPage = await owner.newPage();
  await hera.signUp(ownerPage, email);
  await ownerPage.locator("#sign-out").click();
  await expect(ownerPage).toHaveURL(/\/login\?flow=/);

  // A stranger posts the address to flows that do not exist, or are not theirs: nothing is counted.
  const stranger = await playwrightRequest.newContext();
  const someoneElses = await client(o, "login", email);
  for (const flow of ["6f1b7a52-0d6e-4c1e-9a57-0123456789ab", randomUUID(), someoneElses.flow.id]) {
    const res = await stranger.post(`${o}/self-service/login?flow=${flow}`, {
      headers: { Accept: "application/json" },
      data: { method: "code", identifier: email, csrf_token: someoneElses.csrf },
    });
    expect(res.status()).toBeGreaterThanOrEqual(400);
    expect(res.status()).toBeLessThan(500);
  }
  await someoneElses.ctx.dispose();
  // Real flows of the stranger's own that Kratos refuses (a wrong CSRF token): nothing sent, nothing counted.
  for (let i = 0; i < 3; i++) {
    const own = await client(o, "login", email);
    const res = await send(o, own, { path: submit(own), ...json({ method: "code", csrf_token: "forged", identifier: email }) });
    expect(res.status()).toBe(403);
    await own.ctx.dispose();
  }
  // Then spends what is left of the address's allowance with real flows: two emails, then none.
  for (let i = 0; i < 4; i++) await requestCode(o, "login", email, stranger);
  await courierDrained();
  expect(await mailCount(hera.mailWeb, email)).toBe(3);

  // A browser that never signed in to the account gets the same step, and no email.
  await requestCode(o, "login", email);
  await courierDrained();
  expect(await mailCount(hera.mailWeb, email)).toBe(3);
  // The owner's browser, which has, gets its email and signs in with it.
  await hera.requestCode(ownerPage, "login", email);
  await hera.submitCode(ownerPage, await hera.codeFor(email, 4));
  await expect(ownerPage).toHaveURL(`${o}/welcome`);
  await owner.close();
  await stranger.dispose();
});

test("only the newest email's code works, typed as well as clicked, alike with and without an account", async ({ hera }) => {
  const o = hera.origin;
  const outcome = async (email: string, known: boolean) => {
    const older = await client(o, "login", email);
    await send(o, older, { path: submit(older), ...canonical(older) });
    const code = known ? codeIn(await waitForMail(hera.mailWeb, email, 1)) : "123456";
    const newer = await client(o, "login", email);
    await send(o, newer, { path: submit(newer), ...canonical(newer) });
    if (known) await waitForMail(hera.mailWeb, email, 2);
    // The older flow's own code, typed into the older flow: refused, nobody signed in.
    const typed = await send(o, older, { path: submit(older), ...json({ method: "code", csrf_token: older.csrf, code }) });
    const shown = await seen(typed, masker({ flowId: older.flow.id, csrf: older.csrf, email }));
    const whoami = await older.ctx.get(`${o}/sessions/whoami`);
    await Promise.all([older.ctx.dispose(), newer.ctx.dispose()]);
    return { shown, whoami: whoami.status() };
  };
  const { known, unknown } = await addressPair(kratosAdmin);
  const withAccount = await outcome(known, true);
  expect(withAccount.whoami).toBe(401);
  expect(withAccount.shown.status).toBe(400);
  expect(withAccount.shown.body).toContain("only its code works");
  expect(await outcome(unknown, false)).toEqual(withAccount);
});

test("a flow id alone does not reveal its address", async ({ page, hera }) => {
  const email = hera.newEmail("prefill");
  await hera.requestCode(page, "registration", email);
  const flowId = new URL(page.url()).searchParams.get("flow")!;
  const stranger = await page.context().browser()!.newContext();
  const other = await stranger.newPage();
  // The old "sign in on this device" URL, and a link with the flow id and a guessed code.
  await other.goto(`${hera.origin}/registration?prefill=${flowId}`);
  await expect(other.locator('input[name="traits.email"]')).toHaveValue("");
  await other.goto(`${hera.origin}/registration?flow=${flowId}&code=000000`);
  expect(await other.content()).not.toContain(email);
  await other.goto(`${hera.origin}/registration`);
  await expect(other.locator('input[name="traits.email"]')).toHaveValue("");
  await stranger.close();
});
