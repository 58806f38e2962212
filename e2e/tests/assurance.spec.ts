import type { APIResponse, Page } from "@playwright/test";
import { generateSync } from "otplib";
import { expect, test, type Hera } from "../support/hera";
import { addAuthenticator } from "../support/account";

// Someone who has the email code but not the authenticator app (a mailbox read over a
// shoulder, a forwarded email) holds a session short of its second step (AAL1). With
// `highest_available`, that session may take the second step and nothing else: not read
// the account, not sign the owner's sessions out, through any route of Hera's or Kratos's.

/** Signs in by email code at /login (the nth email to the address); stops at the second step. */
async function emailStep(hera: Hera, page: Page, email: string, nth: number): Promise<void> {
  await hera.requestCode(page, "login", email);
  await hera.submitCode(page, await hera.codeFor(email, nth));
  await expect(page.locator('input[name="totp_code"]')).toBeVisible();
}

/** Whether an answer sends a session on to its second step (Hera's redirect, Kratos's) or refuses it as such. */
async function sentToSecondStep(res: APIResponse): Promise<boolean> {
  if ([302, 303, 307].includes(res.status())) {
    const to = new URL(res.headers().location!, "http://x");
    return to.pathname === "/self-service/login/browser" && to.searchParams.get("aal") === "aal2";
  }
  if (res.status() === 403) return ((await res.json()) as { error?: { id?: string } }).error?.id === "session_aal2_required";
  return false;
}

test("a session short of its second step reaches no route that reads or changes the account", async ({ browser, page, hera }) => {
  // The owner: email and authenticator app, signed in again at both steps in their own
  // browser (whose device allowance pays the code; the address's emails are the sign-up
  // code and the alert, which leaves one for the intruder's code).
  const email = hera.newEmail("aal-walk");
  const owner = page;
  await hera.signUp(owner, email);
  const secret = await addAuthenticator(hera, owner);
  await owner.goto(`${hera.origin}/logout`);
  await owner.locator("#sign-out").click();
  await expect(owner).toHaveURL(/\/login\?flow=/);
  await emailStep(hera, owner, email, 2);
  await owner.locator('input[name="totp_code"]').fill(generateSync({ secret }));
  await owner.locator('button[name="method"][value="totp"]').click();
  await expect(owner).toHaveURL(`${hera.origin}/welcome`);
  const ownerSession = (await (await hera.whoami(owner.request)).json()) as { id: string; authenticator_assurance_level: string };
  expect(ownerSession.authenticator_assurance_level).toBe("aal2");
  await owner.goto(`${hera.origin}/settings`);
  const ownerFlow = new URL(owner.url()).searchParams.get("flow")!;

  // The intruder has the email code only.
  const elsewhere = await browser.newContext();
  const intruder = await elsewhere.newPage();
  await emailStep(hera, intruder, email, 3);
  const csrf = await intruder.locator('input[name="csrf_token"]').first().inputValue();
  const form = { Origin: hera.origin, "Sec-Fetch-Site": "same-origin" };

  // Every route of Hera's under its account paths (ui/src/server/http/signed-in.ts; the
  // unit test app.test.ts finds them all in the app), and Kratos's own through the origin.
  const walk: [string, () => Promise<APIResponse>][] = [
    ["GET /welcome", () => intruder.request.get(`${hera.origin}/welcome`, { maxRedirects: 0 })],
    ["GET /settings", () => intruder.request.get(`${hera.origin}/settings`, { maxRedirects: 0 })],
    ["GET /settings?flow=", () => intruder.request.get(`${hera.origin}/settings?flow=${ownerFlow}`, { maxRedirects: 0 })],
    [
      "POST /settings/sessions/revoke-others",
      () => intruder.request.post(`${hera.origin}/settings/sessions/revoke-others`, { headers: form, form: { form_token: "x" }, maxRedirects: 0 }),
    ],
    [
      "POST /settings/sessions/:id/revoke",
      () => intruder.request.post(`${hera.origin}/settings/sessions/${ownerSession.id}/revoke`, { headers: form, form: { form_token: "x" }, maxRedirects: 0 }),
    ],
    ["GET /sessions/whoami", () => hera.whoami(intruder.request)],
    ["GET /sessions", () => intruder.request.get(`${hera.origin}/sessions`, { headers: { Accept: "application/json" } })],
    ["DELETE /sessions", () => intruder.request.delete(`${hera.origin}/sessions`, { headers: { Accept: "application/json" } })],
    ["DELETE /sessions/:id", () => intruder.request.delete(`${hera.origin}/sessions/${ownerSession.id}`, { headers: { Accept: "application/json" } })],
    ["GET /self-service/settings/browser", () => intruder.request.get(`${hera.origin}/self-service/settings/browser`, { maxRedirects: 0 })],
    [
      "GET /self-service/settings/browser (JSON)",
      () => intruder.request.get(`${hera.origin}/self-service/settings/browser`, { headers: { Accept: "application/json" }, maxRedirects: 0 }),
    ],
    [
      "GET /self-service/settings/flows",
      () => intruder.request.get(`${hera.origin}/self-service/settings/flows?id=${ownerFlow}`, { headers: { Accept: "application/json" } }),
    ],
    [
      "POST /self-service/settings",
      () =>
        intruder.request.post(`${hera.origin}/self-service/settings?flow=${ownerFlow}`, {
          headers: { Accept: "application/json" },
          data: { method: "totp", totp_unlink: true, csrf_token: csrf },
        }),
    ],
  ];
  const reached: string[] = [];
  for (const [route, send] of walk) {
    const res = await send();
    // Kratos's settings flow of another session is a 403 of its own kind; still nothing read.
    const refused =
      (await sentToSecondStep(res)) ||
      (route.includes("settings/flows") && res.status() === 403) ||
      (route === "POST /self-service/settings" && res.status() === 403);
    if (!refused) reached.push(`${route}: ${res.status()} ${(await res.text()).slice(0, 120)}`);
  }
  expect(reached).toEqual([]);

  // Nothing changed: the owner is still signed in at both steps, the authenticator app kept.
  const still = await hera.whoami(owner.request);
  expect(still.status()).toBe(200);
  expect((await still.json()).authenticator_assurance_level).toBe("aal2");
  await owner.goto(`${hera.origin}/settings`);
  await expect(owner.locator('button[name="totp_unlink"]')).toBeVisible();
  await expect(owner.locator(`[data-session-id="${ownerSession.id}"]`)).toBeVisible();

  // The second step done, the same routes answer.
  await intruder.locator('input[name="totp_code"]').fill(generateSync({ secret }));
  await intruder.locator('button[name="method"][value="totp"]').click();
  await expect(intruder).toHaveURL(`${hera.origin}/welcome`);
  expect((await intruder.request.get(`${hera.origin}/sessions`, { headers: { Accept: "application/json" } })).status()).toBe(200);
  await elsewhere.close();
});
