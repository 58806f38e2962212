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

test("a phone's first visit to the sign-in page loads under 80 kB of script over the wire, compressed, and Elements only on the account page", async ({
  browser,
  page,
  hera,
}) => {
  const scripts = new Map<string, { sent: number; encoding?: string }>();
  page.on("requestfinished", async (request) => {
    const response = await request.response();
    if (request.resourceType() !== "script" || !response) return;
    scripts.set(new URL(request.url()).pathname, { sent: (await request.sizes()).responseBodySize, encoding: response.headers()["content-encoding"] });
  });
  await page.goto(`${hera.origin}/login`);
  await expect(page.locator("#hera-card[data-live]")).toBeAttached();
  await page.waitForLoadState("networkidle");
  await expect.poll(() => scripts.size).toBeGreaterThan(0);
  const firstPage = [...scripts.values()];
  expect(firstPage.every((s) => s.encoding === "zstd" || s.encoding === "gzip" || s.sent < 1_000)).toBe(true);
  expect(firstPage.reduce((sum, s) => sum + s.sent, 0)).toBeLessThan(80_000);

  // The same page in every language Hera speaks (a fresh browser each, nothing cached): its
  // words are in the HTML, none in the script.
  const perLanguage: string[] = [];
  for (const lang of ["en", "de", "fr", "es", "pt-BR", "ja", "ar"]) {
    const context = await browser.newContext();
    await context.addCookies([{ name: "hera_language", value: lang, url: hera.origin }]);
    const fresh = await context.newPage();
    let sent = 0;
    fresh.on("requestfinished", async (request) => {
      if (request.resourceType() === "script") sent += (await request.sizes()).responseBodySize;
    });
    await fresh.goto(`${hera.origin}/login`);
    await expect(fresh.locator("html")).toHaveAttribute("lang", lang);
    await expect(fresh.locator("#hera-card[data-live]")).toBeAttached();
    await fresh.waitForLoadState("networkidle");
    await expect.poll(() => sent).toBeGreaterThan(500);
    expect(sent, lang).toBeLessThan(80_000);
    perLanguage.push(`${lang} ${sent} B`);
    await context.close();
  }
  console.log(`the sign-in page's script over the wire, per language: ${perLanguage.join(", ")}`);

  // The account page hydrates Elements: hundreds of kB, kept off the first page.
  scripts.clear();
  await hera.signUp(page, hera.newEmail("phone-bytes"));
  await page.goto(`${hera.origin}/settings`);
  await expect(page.locator("#hera-card[data-live]")).toBeAttached();
  await page.waitForLoadState("networkidle");
  await expect.poll(() => [...scripts.values()].reduce((sum, s) => sum + s.sent, 0)).toBeGreaterThan(150_000);
});
