import { generateSync } from "otplib";
import { expect, ownStack, test } from "../support/hera";

// kratos-overlays/short-privileged-window.yml: changes need a sign-in from the last 8 s.
const { hera } = ownStack("privilegedWindow", { overlays: ["e2e/kratos-overlays/short-privileged-window.yml"] });

test("after the privileged window a change asks for a fresh email code, then returns to the change", async ({ page }, testInfo) => {
  const email = hera.newEmail("privileged");
  await hera.signUp(page, email);
  await page.waitForTimeout(9_000);

  await page.goto(`${hera.origin}/settings`);
  await expect(page.locator("#hera-card[data-live]")).toBeAttached();
  const settingsUrl = page.url();
  const secret = JSON.parse((await page.locator("#hera-flow").textContent()) ?? "{}").flow.ui.nodes.find(
    (n: { attributes: { id?: string } }) => n.attributes.id === "totp_secret_key",
  ).attributes.text.text as string;
  await page.locator('input[name="totp_code"]').fill(generateSync({ secret }));
  await page.locator('button[name="method"][value="totp"]').click();

  // Kratos refuses the change and sends the browser to sign in again, for this person only.
  await expect(page).toHaveURL(/\/login\?flow=/);
  await expect(page.locator('input[name="identifier"]')).toHaveValue(email);
  await page.screenshot({ path: testInfo.outputPath("re-authenticate.png"), fullPage: true });
  await page.locator('button[name="method"][value="code"]').click();
  await hera.submitCode(page, await hera.codeFor(email, 2));

  // Back at the same change, which Kratos finishes with what was sent before.
  await expect(page).toHaveURL(settingsUrl);
  await expect(page.locator('button[name="totp_unlink"]')).toBeVisible();
  await expect(page.locator('input[name="totp_code"]')).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath("change-done.png"), fullPage: true });
  // A re-authentication adds to the session; it is not a new sign-in to alert about.
  await page.waitForTimeout(1_500);
  expect(await hera.mailCountFor(email)).toBe(2);
});

test("after the privileged window, changing the address or deleting the account asks for a fresh email code first", async ({ page }) => {
  const email = hera.newEmail("privileged-address");
  await hera.signUp(page, email);
  await page.waitForTimeout(9_000);

  // Kratos's refresh sign-in, for this person only, then back to the page that asked.
  await page.goto(`${hera.origin}/settings/address`);
  await expect(page).toHaveURL(/\/login\?flow=/);
  await expect(page.locator('input[name="identifier"]')).toHaveValue(email);
  await page.goto(`${hera.origin}/settings/delete`);
  await expect(page).toHaveURL(/\/login\?flow=/);
  await page.locator('button[name="method"][value="code"]').click();
  await hera.submitCode(page, await hera.codeFor(email, 2));
  await expect(page).toHaveURL(`${hera.origin}/settings/delete`);

  // A form kept open past the window is refused the same way: nothing is deleted.
  await page.waitForTimeout(9_000);
  await page.getByLabel("Type your address to confirm").fill(email);
  await page.getByTestId("hera/delete/submit").click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  expect((await hera.whoami(page.request)).status()).toBe(200);
});
