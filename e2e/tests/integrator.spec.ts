import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { expect, ownStack, test } from "../support/hera";
import { createIdentity } from "../support/kratos";
import { linkIn } from "../support/mail";
import { root, stacks } from "../support/stacks";

// The integrator's path (README, "Put your app behind Hera"): examples/forward-auth, an app
// that knows nothing about sign-in, behind its own Caddy whose forward_auth asks Kratos's
// whoami about every request. Its origin is allowed as a return URL.
const { ports } = stacks.integrator;
const appOrigin = `http://localhost:${ports.origin + 1}`;
const appPort = ports.hera + 1;
const { hera } = ownStack("integrator", { heraEnv: { HERA_ALLOWED_RETURN_URLS: `http://localhost:${ports.origin},${appOrigin}` } });

const processes: ChildProcess[] = [];
let caddyLog = "";
test.beforeAll(async () => {
  const example = path.join(root, "examples/forward-auth");
  processes.push(
    spawn(process.execPath, [path.join(example, "app.mjs")], {
      env: { PATH: process.env.PATH, APP_PORT: String(appPort), HERA_ORIGIN: hera.origin },
      stdio: "ignore",
    }),
  );
  const caddy = spawn(path.join(root, ".bin/caddy"), ["run", "--config", path.join(example, "Caddyfile"), "--adapter", "caddyfile"], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      APP_SITE: appOrigin,
      APP_UPSTREAM: `127.0.0.1:${appPort}`,
      KRATOS_PUBLIC_UPSTREAM: `127.0.0.1:${ports.kratosPublic}`,
      HERA_ORIGIN: hera.origin,
      CADDY_ADMIN: `127.0.0.1:${ports.caddyAdmin + 1}`,
    },
  });
  caddy.stderr!.on("data", (d) => (caddyLog += d));
  processes.push(caddy);
  await expect
    .poll(
      () =>
        fetch(`${appOrigin}/`, { redirect: "manual" }).then(
          (r) => r.status,
          () => 0,
        ),
      { timeout: 20_000, message: caddyLog },
    )
    .toBe(303);
});
test.afterAll(() => processes.forEach((p) => p.kill("SIGTERM")));

test("an anonymous visit goes to Hera's login and, after the emailed link, back to the app, which learns who it is", async ({ page }) => {
  const email = hera.newEmail("integrator");
  await createIdentity(hera.kratosAdmin, email);

  await page.goto(`${appOrigin}/reports/weekly`);
  await expect(page).toHaveURL(new RegExp(`^${hera.origin}/login\\?flow=`));
  await page.locator('input[name="identifier"]').fill(email);
  await page.locator('button[name="method"][value="code"]').click();
  await expect(page.locator('input[name="code"]')).toBeVisible();

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

test("a return_to outside the allowed list is refused, the app's is kept", async ({ request }) => {
  const allowed = await request.get(`${hera.origin}/self-service/login/browser?return_to=${encodeURIComponent(`${appOrigin}/x`)}`, { maxRedirects: 0 });
  expect(allowed.status()).toBe(303);
  const refused = await request.get(`${hera.origin}/self-service/login/browser?return_to=${encodeURIComponent("http://localhost:9/x")}`, {
    maxRedirects: 0,
    headers: { Accept: "application/json" },
  });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error.reason).toMatch(/return_to/i);
});
