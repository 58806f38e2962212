import { expect, test } from "../support/hera";

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

test("on a 360 px phone every step fits the screen and the fields are large enough to tap", async ({ page, hera }, testInfo) => {
  const fits = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  const email = hera.newEmail("phone");

  await page.goto(`${hera.origin}/registration`);
  await fits();
  const field = page.locator('input[name="traits.email"]');
  expect((await field.boundingBox())!.height).toBeGreaterThanOrEqual(44);
  // 16 px text or larger, or iOS zooms the page when the field gets focus.
  expect(await field.evaluate((e) => parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(16);
  await page.screenshot({ path: testInfo.outputPath("phone-sign-up.png") });

  await field.fill(email);
  await page.locator('button[name="method"][value="code"]').click();
  await expect(page.locator('input[name="code"]')).toBeVisible();
  await fits();
  await page.screenshot({ path: testInfo.outputPath("phone-code.png") });

  await hera.submitCode(page, await hera.codeFor(email));
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
  await fits();
  await page.screenshot({ path: testInfo.outputPath("phone-signed-in.png") });
});
