import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { generateSync } from "otplib";
import { addAuthenticator } from "../support/account";
import { expect, ownStack, test } from "../support/hera";
import { createIdentity } from "../support/kratos";
import { linkIn } from "../support/mail";
import { root, stacks } from "../support/stacks";
import en from "../../ui/src/i18n/catalogues/en.json";

// The integrator's path (docs/integrate.md). examples/forward-auth: an app
// that knows nothing about sign-in, behind its own Caddy whose forward_auth asks Kratos's
// whoami about every request. examples/express, nextjs and go: apps that ask whoami
// themselves (`make examples` installs and builds them). Their origins are allowed as
// return URLs.
const { ports } = stacks.integrator;
const appOrigin = `http://localhost:${ports.origin + 1}`;
const appPort = ports.hera + 1;

// Express and Go ask whoami through the origin (their default), Next.js asks Kratos directly.
type Example = { name: "Express" | "Next.js" | "Go"; port: number; kratosPublicUrl?: string };
const examples: Example[] = [
  { name: "Express", port: ports.hera + 2 },
  { name: "Next.js", port: ports.hera + 3, kratosPublicUrl: `http://127.0.0.1:${ports.kratosPublic}` },
  { name: "Go", port: ports.hera + 4 },
];
const originOfApp = (app: Example) => `http://localhost:${app.port}`;
function spawnExample({ name, port, kratosPublicUrl }: Example): ChildProcess {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, APP_PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" };
  const options: SpawnOptions = {
    env: { ...env, HERA_ORIGIN: hera.origin, ...(kratosPublicUrl ? { KRATOS_PUBLIC_URL: kratosPublicUrl } : {}) },
    stdio: ["ignore", "pipe", "pipe"],
  };
  if (name === "Express") return spawn(process.execPath, [path.join(root, "examples/express/server.mjs")], options);
  if (name === "Go") return spawn(path.join(root, ".bin/example-go"), [], options);
  const nextjs = path.join(root, "examples/nextjs");
  return spawn(process.execPath, [path.join(nextjs, "node_modules/next/dist/bin/next"), "start", "--hostname", "127.0.0.1", "--port", String(port)], {
    ...options,
    cwd: nextjs,
  });
}

const { hera } = ownStack("integrator", {
  heraEnv: { HERA_ALLOWED_RETURN_URLS: [`http://localhost:${ports.origin}`, appOrigin, ...examples.map(originOfApp)].join(",") },
});

// A Kratos that answers 500, then hangs up: each example once more, pointed at it.
let brokenKratos: "500" | "hang up" = "500";
const broken = http.createServer((req, res) => (brokenKratos === "500" ? res.writeHead(500).end() : req.socket.destroy()));
const brokenExamples = examples.map((app, i): Example => ({ name: app.name, port: ports.hera + 5 + i }));

const processes: ChildProcess[] = [];
const output = new Map<string, string>();
function started(name: string, child: ChildProcess): void {
  output.set(name, "");
  const keep = (d: Buffer) => output.set(name, (output.get(name)! + d).slice(-4_000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.on("exit", (code, signal) => keep(Buffer.from(`\n(exited: ${code ?? signal})\n`)));
  child.on("error", (e) => keep(Buffer.from(`\n(did not start: ${e.message}; \`make examples\` installs and builds the examples)\n`)));
  processes.push(child);
}
const tail = (name: string) => output.get(name)!.trim().split("\n").slice(-10).join("\n");

test.beforeAll(async () => {
  await new Promise<void>((r) => broken.listen(0, "127.0.0.1", r));
  for (const app of brokenExamples) app.kratosPublicUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;

  const forwardAuth = path.join(root, "examples/forward-auth");
  started(
    "forward-auth app",
    spawn(process.execPath, [path.join(forwardAuth, "app.mjs")], {
      env: { PATH: process.env.PATH, APP_PORT: String(appPort), HERA_ORIGIN: hera.origin },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  started(
    "forward-auth Caddy",
    spawn(path.join(root, ".bin/caddy"), ["run", "--config", path.join(forwardAuth, "Caddyfile"), "--adapter", "caddyfile"], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        APP_SITE: appOrigin,
        APP_UPSTREAM: `127.0.0.1:${appPort}`,
        KRATOS_PUBLIC_UPSTREAM: `127.0.0.1:${ports.kratosPublic}`,
        HERA_ORIGIN: hera.origin,
        CADDY_ADMIN: `127.0.0.1:${ports.caddyAdmin + 1}`,
      },
      stdio: ["ignore", "ignore", "pipe"],
    }),
  );
  for (const app of examples) started(`${app.name} example`, spawnExample(app));
  for (const app of brokenExamples) started(`${app.name} example (broken Kratos)`, spawnExample(app));

  // Each answers a first anonymous request: the way to sign in, or (Kratos broken) 502.
  const first: [name: string, origin: string, status: number][] = [
    ["forward-auth Caddy", appOrigin, 303],
    ...examples.map((a): [string, string, number] => [`${a.name} example`, originOfApp(a), 303]),
    ...brokenExamples.map((a): [string, string, number] => [`${a.name} example (broken Kratos)`, originOfApp(a), 502]),
  ];
  await Promise.all(
    first.map(async ([name, origin, expected]) => {
      let answer = 0;
      const status = () =>
        fetch(`${origin}/`, { redirect: "manual" }).then(
          (r) => (answer = r.status),
          () => 0,
        );
      await expect
        .poll(status, { timeout: 30_000 })
        .toBe(expected)
        .catch(() => {
          throw new Error(`${name} at ${origin} answered ${answer || "nothing"}, not ${expected}, for 30 s:\n${tail(name)}`);
        });
    }),
  );
});
// The apps' output, for the failures reporter to print beside the stack's.
// eslint-disable-next-line no-empty-pattern
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  for (const [name, text] of output) if (text.trim()) await testInfo.attach(`log tail: ${name}`, { body: tail(name), contentType: "text/plain" });
});
test.afterAll(async () => {
  processes.forEach((p) => p.kill("SIGTERM"));
  broken.closeAllConnections();
  await new Promise((r) => broken.close(r));
});

test("an anonymous visit goes to Hera's login and, after the emailed link, back to the app, which learns who it is", async ({ page }) => {
  const email = hera.newEmail("integrator");
  await createIdentity(hera.kratosAdmin, email);

  await page.goto(`${appOrigin}/reports/weekly`);
  await expect(page).toHaveURL(new RegExp(`^${hera.origin}/login\\?flow=`));
  await hera.askForCode(page, "login", email);

  // The link in the email, opened in the same browser, signs in and returns to the app.
  await page.goto(linkIn(await hera.mail(email)));
  await expect(page).toHaveURL(`${appOrigin}/reports/weekly`);
  const me = await (await hera.whoami(page.request)).json();
  await expect(page.locator("#user")).toHaveText(me.identity.id);

  // The identity header is Caddy's alone: a client's own is replaced...
  const forged = await page.request.get(`${appOrigin}/`, { headers: { "X-User-Id": "someone-else" } });
  expect(await forged.text()).toContain(me.identity.id);
  expect(await forged.text()).not.toContain("someone-else");
  // ...and without a session it buys nothing but the way to sign in.
  const anonymous = await fetch(`${appOrigin}/`, { headers: { "X-User-Id": me.identity.id }, redirect: "manual" });
  expect(anonymous.status).toBe(303);
  expect(anonymous.headers.get("location")).toBe(`${hera.origin}/login?return_to=${appOrigin}/`);
  // The app never answers a request that did not come through Caddy.
  expect((await fetch(`http://127.0.0.1:${appPort}/`)).status).toBe(401);

  // The app can send people to their account page; its way back leads to the app.
  await page.goto(`${hera.origin}/self-service/settings/browser?return_to=${encodeURIComponent(`${appOrigin}/reports/weekly`)}`);
  const back = page.getByTestId("hera/settings/back");
  await expect(back).toHaveText(`← Back to ${new URL(appOrigin).host}`);
  await back.click();
  await expect(page).toHaveURL(`${appOrigin}/reports/weekly`);

  // Signing out at Hera signs out of the app too.
  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(`${hera.origin}/logout`);
  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  await page.goto(`${appOrigin}/reports/weekly`);
  await expect(page).toHaveURL(new RegExp(`^${hera.origin}/login\\?flow=`));
});

// What a client might send to pass for someone: the Next.js example's proxy names the person
// in x-hera-* request headers, and must replace these.
const forgedHeaders = {
  "x-hera-identity-id": "someone-else",
  "x-hera-email": "someone-else%40example.test",
  "x-hera-aal": "aal2",
  "x-user-id": "someone-else",
};

for (const app of examples) {
  test(`${app.name} example: an anonymous visit goes to Hera's login, back to the same URL signed in, and signing out at Hera signs out of it`, async ({
    page,
  }) => {
    const email = hera.newEmail(`integrator-${app.name.replace(/\W/g, "").toLowerCase()}`);
    await createIdentity(hera.kratosAdmin, email);
    const url = `${originOfApp(app)}/reports/weekly?week=3`;

    const anonymous = await fetch(url, { redirect: "manual", headers: forgedHeaders });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("location")).toBe(`${hera.origin}/login?return_to=${encodeURIComponent(url)}`);

    await page.goto(url);
    await expect(page).toHaveURL(new RegExp(`^${hera.origin}/login\\?flow=`));
    await hera.askForCode(page, "login", email);
    await page.goto(linkIn(await hera.mail(email)));
    await expect(page).toHaveURL(url);

    const me = await (await hera.whoami(page.request)).json();
    await expect(page.locator("#user")).toHaveText(me.identity.id);
    await expect(page.locator("#email")).toHaveText(email);
    await expect(page.locator("#aal")).toHaveText("aal1");
    await expect(page.locator("#path")).toHaveText("/reports/weekly?week=3");
    await expect(page.locator("#account")).toHaveAttribute("href", `${hera.origin}/self-service/settings/browser?return_to=${encodeURIComponent(url)}`);
    const forged = await (await page.request.get(url, { headers: forgedHeaders })).text();
    expect(forged).toContain(me.identity.id);
    expect(forged).not.toContain("someone-else");

    // Signing out at Hera comes back to the app, which, signed out now, sends the browser
    // to sign in again with its URL as the way back.
    await page.locator("#sign-out").click();
    await expect(page).toHaveURL(`${hera.origin}/logout?return_to=${encodeURIComponent(url)}`);
    await page.locator("#sign-out").click();
    await expect(page).toHaveURL(new RegExp(`^${hera.origin}/login\\?flow=`));
    const flowId = new URL(page.url()).searchParams.get("flow");
    const flow = await (await page.request.get(`${hera.origin}/self-service/login/flows?id=${flowId}`, { headers: { Accept: "application/json" } })).json();
    expect(flow.return_to).toBe(url);
    expect((await hera.whoami(page.request)).status()).toBe(401);
  });
}

test("with an authenticator app, each example sends a session with the email step only to the second step, and gets it back at aal2", async ({ page }) => {
  const email = hera.newEmail("integrator-totp");
  await createIdentity(hera.kratosAdmin, email);
  await hera.requestCode(page, "login", email);
  await hera.submitCode(page, await hera.codeFor(email));
  const secret = await addAuthenticator(hera, page);
  await page.goto(`${hera.origin}/logout`);
  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  await hera.requestCode(page, "login", email);
  await hera.submitCode(page, await hera.codeFor(email, 2));
  expect((await hera.whoami(page.request)).status()).toBe(403);

  for (const app of examples) {
    const url = `${originOfApp(app)}/reports/weekly?week=3`;
    const answer = await page.request.get(url, { maxRedirects: 0 });
    expect(answer.status(), app.name).toBe(303);
    expect(answer.headers().location).toBe(`${hera.origin}/self-service/login/browser?aal=aal2&return_to=${encodeURIComponent(url)}`);
    await page.goto(url);
    await expect(page).toHaveURL(new RegExp(`^${hera.origin}/login\\?flow=`));
    await expect(page.locator('input[name="totp_code"]')).toBeVisible();
  }
  // The last one's second step, taken: back on that app, at aal2.
  await page.locator('input[name="totp_code"]').fill(generateSync({ secret }));
  await page.locator('button[name="method"][value="totp"]').click();
  await expect(page).toHaveURL(`${originOfApp(examples.at(-1)!)}/reports/weekly?week=3`);
  await expect(page.locator("#aal")).toHaveText("aal2");
  await expect(page.locator("#email")).toHaveText(email);
});

test("an example whose Kratos answers 500 or hangs up answers 502, neither a page nor the way to sign in", async () => {
  for (const mode of ["500", "hang up"] as const) {
    brokenKratos = mode;
    for (const app of brokenExamples) {
      // A session cookie: without Kratos's word on it, it proves nothing.
      const res = await fetch(`${originOfApp(app)}/reports/weekly?week=3`, { redirect: "manual", headers: { Cookie: "ory_kratos_session=anything" } });
      expect(res.status, `${app.name}, Kratos: ${mode}`).toBe(502);
      const page = await res.text();
      expect(page).toContain("The sign-in service is not answering; try again");
      expect(page).not.toMatch(/ at |Error|sign-out/);
    }
  }
});

test("a return_to outside the allowed list is refused, the app's is kept", async ({ request }) => {
  const allowed = await request.get(`${hera.origin}/self-service/login/browser?return_to=${encodeURIComponent(`${appOrigin}/x`)}`, { maxRedirects: 0 });
  expect(allowed.status()).toBe(303);
  const refused = await request.get(`${hera.origin}/self-service/login/browser?return_to=${encodeURIComponent("http://localhost:9/x")}`, {
    maxRedirects: 0,
    headers: { Accept: "application/json" },
  });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.reason).toMatch(/return_to/i);
  // Sign-out reads the same list: an app's page is where a signed-out browser goes at once,
  // another site gets the error page's sentence.
  const back = await request.get(`${hera.origin}/logout?return_to=${encodeURIComponent(`${appOrigin}/x`)}`, { maxRedirects: 0 });
  expect(back.status()).toBe(303);
  expect(back.headers().location).toBe(`${appOrigin}/x`);
  const empty = await request.get(`${hera.origin}/logout?return_to=`, { maxRedirects: 0 });
  expect(empty.headers().location).toBe("/login");
  const elsewhere = await request.get(`${hera.origin}/logout?return_to=${encodeURIComponent("http://localhost:9/x")}`, { maxRedirects: 0 });
  expect(elsewhere.status()).toBe(400);
  expect(await elsewhere.text()).toContain(en["page.error.return_to"]);
});
