import { expect, test } from "../support/hera";

test.use({ javaScriptEnabled: false });

test("with JavaScript off the server-rendered pages sign a person up, out and in", async ({ page, hera }) => {
  const email = hera.newEmail("nojs");
  await page.goto(`${hera.origin}/registration`);
  const field = page.locator('input[name="traits.email"]');
  await expect(field).toBeEnabled();
  await field.fill(email);
  await page.locator('button[name="method"][value="code"]').click();

  // A plain form post to Kratos, which redirects back to Hera's page for the next step.
  await expect(page).toHaveURL(/\/registration\?flow=/);
  await page.locator('input[name="code"]').fill(await hera.codeFor(email));
  await page.locator('button[name="method"][value="code"]').click();
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
  await expect(page.getByTestId("hera/welcome/email")).toHaveText(email);

  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  await page.locator('input[name="identifier"]').fill(email);
  await page.locator('button[name="method"][value="code"]').click();
  await expect(page.locator('input[name="code"]')).toBeVisible();
  await page.locator('input[name="code"]').fill(await hera.codeFor(email, 2));
  await page.locator('button[name="method"][value="code"]').click();
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
});
