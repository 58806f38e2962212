import { expect, ownStack, test } from "../support/hera";
import { accountWithPasskey, signInWithPasskey, virtualAuthenticator } from "../support/account";

// On localhost, where browsers allow passkeys; the launcher makes the origin's host the
// relying party (kratos.yml explains).
const { hera } = ownStack("passkeys");

test("a passkey added on the account page signs in without an email, and can be removed", async ({ page }, testInfo) => {
  const { email, authenticator } = await accountWithPasskey(hera, page, "passkey");
  // Kratos lists the new passkey with a button to remove it.
  await expect(page.locator('button[name="passkey_remove"]')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath("account-with-passkey.png"), fullPage: true });

  // The login page also offers the passkey in the address field's autofill, which the
  // virtual authenticator would accept at once: it waits here, until the button is pressed.
  await authenticator.presence(false);
  await page.goto(`${hera.origin}/logout`);
  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  const asked = await hera.mailCountFor(email);
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeVisible();
  await expect(page.locator("#hera-card[data-live]")).toBeAttached();
  await page.screenshot({ path: testInfo.outputPath("login-with-passkey.png"), fullPage: true });
  // A security key comes after the email, so the first step does not offer one.
  await expect(page.locator("#hera-card")).toContainText("Use a one-time code we email you, or a passkey");
  await expect(page.locator("#hera-card")).not.toContainText("security key");
  await authenticator.presence(true);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
  expect((await (await hera.whoami(page.request)).json()).authentication_methods.map((m: { method: string }) => m.method)).toEqual(["passkey"]);
  // No email was asked for; the alert says how.
  expect(await hera.mailCountFor(email)).toBe(asked);
  expect((await hera.alert(email)).text).toContain("Passkey");

  // Removed on the account page, the passkey no longer signs in.
  await page.goto(`${hera.origin}/settings`);
  await expect(page.locator("#hera-card[data-live]")).toBeAttached();
  await page.locator('button[name="passkey_remove"]').click();
  await expect(page.locator('button[name="passkey_remove"]')).toHaveCount(0);
  await signInWithPasskey(hera, page, authenticator);
  await expect(page.getByText("No security key is set up for this account.")).toBeVisible();
  expect((await hera.whoami(page.request)).status()).toBe(401);
});

test("when passkeys are on, the email code still works beside them", async ({ page }) => {
  const email = hera.newEmail("another");
  await hera.signUp(page, email);
  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeVisible();
  await expect(page.locator('button[name="method"][value="code"]')).toHaveText("Send code");
  await page.locator('input[name="identifier"]').fill(email);
  await page.locator('button[name="method"][value="code"]').click();
  await hera.submitCode(page, await hera.codeFor(email, 2));
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
});

test("sign-up is by email code only: no passkey sign-up is offered, and one posted anyway is refused", async ({ page, request }) => {
  await page.goto(`${hera.origin}/registration`);
  await expect(page.locator('button[name="method"][value="code"]')).toBeVisible();
  await expect(page.getByRole("button", { name: /passkey/i })).toHaveCount(0);
  await expect(page.locator('#hera-card [name^="passkey"], #hera-card [name^="webauthn"], #webauthn_script')).toHaveCount(0);
  expect(JSON.parse((await page.locator("#hera-flow").textContent()) ?? "{}").triggers).toEqual([]);
  const flowId = new URL(page.url()).searchParams.get("flow");
  const res = await request.post(`${hera.origin}/self-service/registration?flow=${flowId}`, {
    data: { method: "passkey", "traits.email": hera.newEmail("passkey-sign-up") },
    headers: { Accept: "application/json" },
  });
  expect(res.status()).toBe(400);
  expect((await res.json()).error.id).toBe("passkey_sign_up_not_offered");
});

test("a security key is a second step after the email code: added with a name, asked for at sign-in, removable", async ({ page }, testInfo) => {
  const authenticator = await virtualAuthenticator(page, "security key");
  const email = hera.newEmail("security-key");
  await hera.signUp(page, email);
  await page.goto(`${hera.origin}/settings`);
  await expect(page.locator("#hera-card[data-live]")).toBeAttached();
  await page.locator('input[name="webauthn_register_displayname"]').fill("Desk key");
  await page.locator('button[name="webauthn_register_trigger"]').click();
  await expect.poll(async () => (await authenticator.credentials()).length).toBe(1);
  await expect(page.locator('button[name="webauthn_remove"]')).toHaveCount(1);
  await expect(page.getByText("Desk key")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("account-with-security-key.png"), fullPage: true });

  // Signed out, the email code is the first step and the key the second; return_to holds.
  await page.goto(`${hera.origin}/logout`);
  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  await page.goto(`${hera.origin}/login?return_to=${encodeURIComponent(`${hera.origin}/settings`)}`);
  await page.locator('input[name="identifier"]').fill(email);
  await page.locator('button[name="method"][value="code"]').click();
  await hera.submitCode(page, await hera.codeFor(email, 2));
  const useKey = page.locator('button[name="webauthn_login_trigger"]');
  await expect(useKey).toBeVisible();
  await expect(page.locator("#hera-card[data-live]")).toBeAttached();
  await page.screenshot({ path: testInfo.outputPath("step-up-security-key.png"), fullPage: true });
  expect((await hera.whoami(page.request)).status()).toBe(403);
  await useKey.click();
  await expect(page).toHaveURL(/\/settings\?flow=/);
  const session = await (await hera.whoami(page.request)).json();
  expect(session.authenticator_assurance_level).toBe("aal2");
  expect(session.authentication_methods.map((m: { method: string }) => m.method)).toEqual(["code", "webauthn"]);

  // Removed, the key is no longer asked for: the email code alone signs in.
  await expect(page.locator("#hera-card[data-live]")).toBeAttached();
  await page.locator('button[name="webauthn_remove"]').click();
  await expect(page.locator('button[name="webauthn_remove"]')).toHaveCount(0);
  await page.goto(`${hera.origin}/logout`);
  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  await page.locator('input[name="identifier"]').fill(email);
  await page.locator('button[name="method"][value="code"]').click();
  await hera.submitCode(page, await hera.codeFor(email, 3));
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
  expect((await (await hera.whoami(page.request)).json()).authenticator_assurance_level).toBe("aal1");
});
