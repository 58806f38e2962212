import type { Page } from "@playwright/test";
import { generateSync } from "otplib";
import { expect, test, type Hera } from "../support/hera";
import { addAuthenticator } from "../support/account";

/** Creates backup codes and confirms them; resolves with the codes shown (once). */
async function addBackupCodes(hera: Hera, page: Page): Promise<string[]> {
  // Once there are codes, Kratos offers to show them again, and from there new ones.
  const reveal = page.locator('button[name="lookup_secret_reveal"]');
  if (await reveal.count()) await reveal.click();
  await page.locator('button[name="lookup_secret_regenerate"]').click();
  const confirm = page.locator('button[name="lookup_secret_confirm"]');
  await expect(confirm).toBeVisible();
  const shown = page.getByTestId("ory/screen/settings/group/recovery_code/codes");
  const codes = ((await shown.innerText()).match(/\b[a-z0-9]{8}\b/g) ?? []) as string[];
  expect(codes.length).toBe(12);
  await confirm.click();
  await expect(confirm).toHaveCount(0);
  return codes;
}

/** Signs out and asks for an email code at /login with `returnTo`; resolves when the code is in. */
async function signInWithEmail(hera: Hera, page: Page, email: string, nth: number, returnTo?: string) {
  await page.goto(`${hera.origin}/logout`);
  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  await page.goto(`${hera.origin}/login${returnTo ? `?return_to=${encodeURIComponent(returnTo)}` : ""}`);
  await page.locator('input[name="identifier"]').fill(email);
  await page.locator('button[name="method"][value="code"]').click();
  await hera.submitCode(page, await hera.codeFor(email, nth));
}

test("with an authenticator app, the email step is followed by a TOTP step, and return_to survives both", async ({ page, hera }, testInfo) => {
  const email = hera.newEmail("totp");
  await hera.signUp(page, email);
  const secret = await addAuthenticator(hera, page, testInfo.outputPath("account-page.png"));
  await page.screenshot({ path: testInfo.outputPath("account-page-with-app.png"), fullPage: true });

  const returnTo = `${hera.origin}/settings`;
  await signInWithEmail(hera, page, email, 2, returnTo);
  // The email code alone is not a session that counts: the second step is asked for.
  await expect(page).toHaveURL(/\/login\?flow=/);
  await expect(page.locator('input[name="totp_code"]')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("step-up.png"), fullPage: true });
  const pending = await hera.whoami(page.request);
  expect(pending.status()).toBe(403);
  expect((await pending.json()).error.id).toBe("session_aal2_required");

  await page.locator('input[name="totp_code"]').fill(generateSync({ secret }));
  await page.locator('button[name="method"][value="totp"]').click();
  await expect(page).toHaveURL(/\/settings\?flow=/);
  const session = await (await hera.whoami(page.request)).json();
  expect(session.authenticator_assurance_level).toBe("aal2");
  expect(session.authentication_methods.map((m: { method: string }) => m.method)).toEqual(["code", "totp"]);
});

test("a wrong TOTP code is refused and keeps the session at the email step", async ({ page, hera }) => {
  const email = hera.newEmail("totp-wrong");
  await hera.signUp(page, email);
  const secret = await addAuthenticator(hera, page);
  await signInWithEmail(hera, page, email, 2);
  await expect(page.locator('input[name="totp_code"]')).toBeVisible();
  const right = generateSync({ secret });
  await page.locator('input[name="totp_code"]').fill(right === "000000" ? "111111" : "000000");
  await page.locator('button[name="method"][value="totp"]').click();
  await expect(page.getByText("That code is not right. Check your authenticator app and try again.")).toBeVisible();
  expect((await hera.whoami(page.request)).status()).toBe(403);
});

test("a backup code stands in for the app once, and is refused the second time", async ({ page, hera }) => {
  const email = hera.newEmail("backup");
  await hera.signUp(page, email);
  await addAuthenticator(hera, page);
  const [first] = await addBackupCodes(hera, page);

  for (const [nth, outcome] of [
    [2, "signed in"],
    [3, "refused"],
  ] as const) {
    await signInWithEmail(hera, page, email, nth);
    await expect(page).toHaveURL(/\/login\?flow=/);
    const backup = page.locator('input[name="lookup_secret"]');
    if (!(await backup.isVisible())) await page.getByRole("button", { name: /backup|recovery/i }).click();
    await backup.fill(first!);
    await page.locator('button[name="method"][value="lookup_secret"]').click();
    if (outcome === "signed in") {
      await expect(page).toHaveURL(`${hera.origin}/welcome`);
      expect((await (await hera.whoami(page.request)).json()).authenticator_assurance_level).toBe("aal2");
    } else {
      await expect(page.getByText("That backup code was already used. Use another one.")).toBeVisible();
      expect((await hera.whoami(page.request)).status()).toBe(403);
    }
  }
});

test("without a second factor, the email step alone signs in, as before", async ({ page, hera }) => {
  const { email, code } = await hera.accountAwaitingLoginCode(page, "one-step");
  await hera.submitCode(page, code);
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
  expect((await (await hera.whoami(page.request)).json()).authenticator_assurance_level).toBe("aal1");
  expect(email).toContain("one-step");
});

test("new backup codes replace the old ones, and a removed authenticator app is no longer asked for", async ({ page, hera }) => {
  const email = hera.newEmail("renew");
  await hera.signUp(page, email);
  await addAuthenticator(hera, page);
  const [old] = await addBackupCodes(hera, page);
  const renewed = await addBackupCodes(hera, page);
  expect(renewed).not.toContain(old);

  await signInWithEmail(hera, page, email, 2);
  const backup = page.locator('input[name="lookup_secret"]');
  if (!(await backup.isVisible())) await page.getByRole("button", { name: /backup|recovery/i }).click();
  await backup.fill(old!);
  await page.locator('button[name="method"][value="lookup_secret"]').click();
  await expect(page.getByText("That backup code is not right.")).toBeVisible();
  await backup.fill(renewed[0]!);
  await page.locator('button[name="method"][value="lookup_secret"]').click();
  await expect(page).toHaveURL(`${hera.origin}/welcome`);

  // Removing the app (within the 15 minutes after that sign-in) makes the email enough again.
  await page.goto(`${hera.origin}/settings`);
  await expect(page.locator("#hera-card[data-live]")).toBeAttached();
  await page.locator('button[name="totp_unlink"]').click();
  await expect(page.locator('input[name="totp_code"]')).toBeVisible();
  await page.locator('button[name="lookup_secret_disable"]').click();
  await expect(page.locator('button[name="lookup_secret_regenerate"]')).toBeVisible();
  await signInWithEmail(hera, page, email, 3);
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
  expect((await (await hera.whoami(page.request)).json()).authenticator_assurance_level).toBe("aal1");
});
