import { expect, ownStack, test } from "../support/hera";

// A stack with kratos-overlays/passkey-too.yml: passkeys as a second way in.
const { hera } = ownStack("anotherMethod", { overlays: ["e2e/kratos-overlays/passkey-too.yml"] });

test("when another method is enabled the sign-in page offers it beside the email code, which still works", async ({ page }, testInfo) => {
  const email = hera.newEmail("another");
  await hera.signUp(page, email);
  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  await expect(page.getByRole("button", { name: "Sign in with passkey" })).toBeVisible();
  await expect(page.locator('button[name="method"][value="code"]')).toHaveText("Send sign in code");
  await page.screenshot({ path: testInfo.outputPath("another-method.png"), fullPage: true });

  await page.locator('input[name="identifier"]').fill(email);
  await page.locator('button[name="method"][value="code"]').click();
  await hera.submitCode(page, await hera.codeFor(email, 2));
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
});
