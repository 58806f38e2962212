import { expect, test } from "../support/hera";
import ar from "../../ui/src/i18n/catalogues/ar.json";
import de from "../../ui/src/i18n/catalogues/de.json";
import fr from "../../ui/src/i18n/catalogues/fr.json";
import ja from "../../ui/src/i18n/catalogues/ja.json";

// Hera's pages and emails speak the browser's language (Accept-Language), or the one
// chosen at the foot of every page; emails are written in the language the code was asked in.

test.describe("in Arabic, from the browser's language", () => {
  test.use({ locale: "ar-EG" });

  test("the pages read right to left, and the wrong code's message and the email are Arabic too", async ({ page, hera }, testInfo) => {
    const email = hera.newEmail("arabic");
    await page.goto(`${hera.origin}/registration`);
    await expect(page.locator("html")).toHaveAttribute("lang", "ar");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { level: 2 })).toHaveText(ar["card.registration.title"]);
    // Laid out right to left: the field's label starts at the card's right edge.
    const card = (await page.getByTestId("ory/card").boundingBox())!;
    const label = (await page.locator('label[for="traits.email"]').boundingBox())!;
    expect(Math.abs(card.x + card.width - (label.x + label.width))).toBeLessThan(Math.abs(label.x - card.x));
    await page.locator('input[name="traits.email"]').fill(email);
    await page.locator('button[name="method"][value="code"]').click();
    await expect(page.locator('input[name="code"]')).toBeFocused();
    await expect(page.locator("#hera-code-sent")).toHaveText(ar["card.code.sent"]);
    await page.screenshot({ path: testInfo.outputPath("arabic-code-step.png"), fullPage: true });
    await page.setViewportSize({ width: 360, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: testInfo.outputPath("arabic-code-step-360.png"), fullPage: true });

    const mail = await hera.mail(email);
    expect(mail.subject).toBe(ar["email.registration.subject"].replace("{product}", "Hera"));
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');

    const code = await hera.codeFor(email);
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await hera.submitCode(page, wrong)).toBe("refused");
    await expect(page.getByRole("alert")).toContainText(ar["message.4040003"]);
    expect(await hera.submitCode(page, code)).toBe("accepted");
    await expect(page).toHaveURL(`${hera.origin}/welcome`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(ar["page.welcome.title"]);
  });
});

test("a language chosen on the page outranks the browser's, is remembered, and works without scripts", async ({ browser, hera }) => {
  const context = await browser.newContext({ locale: "ja-JP", javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${hera.origin}/login`);
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByRole("heading", { level: 2 })).toHaveText(ja["card.login.title"]);
  const here = new URL(page.url());

  await page.getByLabel(ja["language.label"]).selectOption("fr");
  await page.getByRole("button", { name: ja["language.change"] }).click();
  // Back on the same page (the same flow), now in French.
  await expect(page).toHaveURL(here.toString());
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("heading", { level: 2 })).toHaveText(fr["card.login.title"]);
  await page.goto(`${hera.origin}/registration`);
  await expect(page.getByRole("heading", { level: 2 })).toHaveText(fr["card.registration.title"]);

  // The email is in the language of the page that asked for it.
  const email = hera.newEmail("chosen-language");
  await page.locator('input[name="traits.email"]').fill(email);
  await page.locator('button[name="method"][value="code"]').click();
  const mail = await hera.mail(email);
  expect(mail.subject).toBe(fr["email.registration.subject"].replace("{product}", "Hera"));
  expect(mail.html).toContain('<html lang="fr" dir="ltr">');
  await context.close();
});

test("the language form takes only Hera's languages and leads back only to a page of this site", async ({ page, hera }) => {
  await page.goto(`${hera.origin}/login`);
  const post = (form: Record<string, string>) =>
    page.request.post(`${hera.origin}/language`, { form, maxRedirects: 0, headers: { Origin: hera.origin, "Sec-Fetch-Site": "same-origin" } });
  expect((await post({ lang: "de", return_to: "/registration?return_to=x" })).headers().location).toBe("/registration?return_to=x");
  for (const away of ["//evil.example/", "/\\evil.example", "https://evil.example/", "javascript:alert(1)"]) {
    expect((await post({ lang: "de", return_to: away })).headers().location, away).toBe("/login");
  }
  expect((await post({ lang: "xx", return_to: "/login" })).status()).toBe(400);
  // Another site's form cannot switch a person's language.
  const crossSite = await page.request.post(`${hera.origin}/language`, {
    form: { lang: "de", return_to: "/login" },
    maxRedirects: 0,
    headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" },
  });
  expect(crossSite.status()).toBe(403);
});

test("an API client's code email follows its Accept-Language", async ({ playwright, hera }) => {
  const api = await playwright.request.newContext({ extraHTTPHeaders: { "Accept-Language": "de-CH, fr;q=0.5" } });
  const flow = await (await api.get(`${hera.origin}/self-service/registration/api`, { headers: { Accept: "application/json" } })).json();
  const email = hera.newEmail("api-language");
  const sent = await api.post(`${hera.origin}/self-service/registration?flow=${flow.id}`, {
    headers: { Accept: "application/json" },
    data: { method: "code", traits: { email } },
  });
  expect(sent.status()).toBe(400);
  const mail = await hera.mail(email);
  expect(mail.subject).toBe(de["email.registration.subject"].replace("{product}", "Hera"));
  await api.dispose();
});
