import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, ownStack, test } from "../support/hera";
import { root, stacks } from "../support/stacks";
import { createIdentity } from "../support/kratos";
import { mailCount } from "../support/mail";

const laptop = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/** Hera's log lines (JSON) of a stack. */
function heraLog(stackName: string): Record<string, unknown>[] {
  return readFileSync(path.join(root, ".data", stackName, "logs", "hera.log"), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

test("every sign-in emails the owner: time, device, IP, how, and a link to the sessions; and writes one audit line", async ({ browser, hera }) => {
  const context = await browser.newContext({ userAgent: laptop });
  const page = await context.newPage();
  const { email, code } = await hera.accountAwaitingLoginCode(page, "alert");
  // Signing up is not a sign-in: no alert for it.
  expect(await mailCount(hera.mailWeb, email, "alert")).toBe(0);
  const signedInAt = Date.now();
  await hera.submitCode(page, code);
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
  const session = await (await hera.whoami(page.request)).json();

  const alert = await hera.alert(email);
  console.log(`sign-in alert in the inbox ${Date.now() - signedInAt} ms after the code was submitted`);
  expect(alert.subject).toBe("New sign-in to Hera");
  const when = new Date(session.authenticated_at);
  const time = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(when);
  for (const fact of [`${time} UTC`, "Chrome 131 on Mac OS 10.15.7", "127.0.0.1", "Email code or link", `${hera.origin}/settings#sessions`]) {
    expect(alert.text, fact).toContain(fact);
  }
  expect(alert.html).toContain(`href="${hera.origin}/settings#sessions"`);
  expect(alert.text).not.toContain(code);

  // The audit line: one per sign-in step, with who, from where, how; never the code.
  await expect.poll(() => heraLog(stacks.main.name).filter((l) => l.event === "sign_in" && l.identity_id === session.identity.id).length).toBe(1);
  const line = heraLog(stacks.main.name).find((l) => l.event === "sign_in" && l.identity_id === session.identity.id)!;
  expect(line).toMatchObject({
    event: "sign_in",
    identity_id: session.identity.id,
    ip: "127.0.0.1",
    user_agent: laptop,
    method: "code",
    aal: "aal1",
    step: "first",
  });
  expect(JSON.stringify(line)).not.toContain(code);
  // The alert's link opens the sessions list, signing in first if need be.
  await page.goto(`${hera.origin}/settings#sessions`);
  await expect(page.getByTestId("hera/sessions")).toBeVisible();
  const elsewhere = await browser.newPage();
  await elsewhere.goto(`${hera.origin}/settings#sessions`);
  await expect(elsewhere).toHaveURL(/\/login\?flow=/);
  await elsewhere.locator('input[name="identifier"]').fill(email);
  await elsewhere.locator('button[name="method"][value="code"]').click();
  await hera.submitCode(elsewhere, await hera.codeFor(email, 3));
  await expect(elsewhere).toHaveURL(/\/settings\?flow=/);
  await expect(elsewhere.getByTestId("hera/session")).toHaveCount(2);
  await context.close();
});

test("the hook endpoint takes only Kratos's secret and well-formed events", async ({ request, hera }) => {
  const heraDirect = `http://127.0.0.1:${stacks.main.ports.hera}/internal/sign-in`;
  const event = {
    flow_id: "8c6a4bb2-3b16-4bd1-9c8c-3d0d1c1c0f11",
    identity_id: "0b8a36a8-9a52-4a8e-8d0e-3b1f5c9a6e21",
    email: hera.newEmail("forged-alert"),
    method: "code",
    aal: "aal1",
    requested_aal: "aal1",
    refresh: false,
    ip: "203.0.113.9",
    user_agent: laptop,
  };
  for (const authorization of [undefined, "Bearer wrong-secret-of-some-length", "Basic aGVyYTpoZXJh", ""]) {
    const res = await request.post(heraDirect, { data: event, headers: authorization === undefined ? {} : { Authorization: authorization } });
    expect(res.status(), String(authorization)).toBe(401);
  }
  const good = { Authorization: "Bearer hera-dev-hook-secret-DO-NOT-USE-IN-PRODUCTION" };
  const malformed = await request.post(heraDirect, { data: { ...event, email: "not an address\r\nBcc: x@evil.example" }, headers: good });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).problems.join(" ")).toContain("email");
  const notJson = await request.post(heraDirect, { data: "{", headers: { ...good, "Content-Type": "application/json" } });
  expect(notJson.status()).toBe(400);
  // Through the origin the endpoint does not exist.
  expect((await request.post(`${hera.origin}/internal/sign-in`, { data: event, headers: good })).status()).toBe(404);
  await new Promise((r) => setTimeout(r, 1000));
  expect(await mailCount(hera.mailWeb, event.email, "alert")).toBe(0);
});

test.describe("when Hera is down", () => {
  const own = ownStack("restartedHera");

  /**
   * An API client signing in straight at Kratos (as a mobile app would): its code is sent
   * while Hera is up, then Hera stops and the code is typed. Resolves once signed in.
   */
  async function signInWhileHeraIsDown(tag: string) {
    const { hera, stack } = own;
    const email = hera.newEmail(tag);
    await createIdentity(hera.kratosAdmin, email);
    const flow = await (await fetch(`${hera.kratosPublic}/self-service/login/api`)).json();
    const submit = (body: object) =>
      fetch(`${hera.kratosPublic}/self-service/login?flow=${flow.id}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
      });
    expect((await submit({ method: "code", identifier: email })).status).toBe(400);
    const code = await hera.codeFor(email);
    await stack!.stopService("hera");
    const started = Date.now();
    const signedIn = await submit({ method: "code", identifier: email, code });
    const elapsed = Date.now() - started;
    expect(signedIn.status).toBe(200);
    const { session_token: token } = await signedIn.json();
    expect((await fetch(`${hera.kratosPublic}/sessions/whoami`, { headers: { "X-Session-Token": token } })).status).toBe(200);
    // Kratos did not wait for Hera: the hook runs on its own.
    expect(elapsed).toBeLessThan(1_000);
    return email;
  }

  const heraBack = async () => {
    await own.stack!.startService("hera");
    await expect
      .poll(
        () =>
          fetch(`${own.hera.origin}/health/ready`)
            .then((r) => r.status)
            .catch(() => 0),
        { timeout: 20_000 },
      )
      .toBe(200);
  };
  const kratosLog = () => readFileSync(path.join(root, ".data", stacks.restartedHera.name, "logs", "kratos.log"), "utf8");

  test("a sign-in still succeeds, and Kratos's retries (at 1 and 3 seconds) deliver the alert if Hera is back by then", async () => {
    const email = await signInWhileHeraIsDown("hera-restarts");
    await heraBack();
    expect((await own.hera.alert(email)).subject).toBe("New sign-in to Hera");
  });

  test("a sign-in still succeeds; after a longer outage that sign-in's alert is lost, and Kratos logs it", async () => {
    const email = await signInWhileHeraIsDown("hera-down");
    await expect.poll(() => /internal\/sign-in giving up after 3 attempt/.test(kratosLog()), { timeout: 10_000 }).toBe(true);
    await heraBack();
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await mailCount(own.hera.mailWeb, email, "alert")).toBe(0);
  });
});
