import { PNG } from "pngjs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { expect, ownStack, test } from "../support/hera";
import { root } from "../support/stacks";

// The operator's brand comes from settings read at start: the brand stack runs the very
// build the main stack runs, with HERA_BRAND_* set (examples/brand, as docs/customize.md shows).
const brand = path.join(root, "examples", "brand");
const own = ownStack("brand", {
  heraEnv: {
    HERA_PRODUCT_NAME: "Acme",
    HERA_BRAND_LOGO: path.join(brand, "logo.png"),
    HERA_BRAND_LOGO_DARK: path.join(brand, "logo-dark.svg"),
    HERA_BRAND_ACCENT: "#0b6e4f",
    HERA_SUPPORT_URL: "mailto:help@acme.example",
    HERA_TERMS_URL: "https://acme.example/terms",
    HERA_PRIVACY_URL: "https://acme.example/privacy",
  },
});

/** The colour of the primary button's pixels, from a screenshot of it (away from its text). */
async function buttonPixel(page: Page): Promise<string> {
  const png = PNG.sync.read(await page.locator('button[name="method"][value="code"]').screenshot());
  const at = (png.width * Math.floor(png.height / 2) + 4) * 4;
  return "#" + [png.data[at], png.data[at + 1], png.data[at + 2]].map((c) => c!.toString(16).padStart(2, "0")).join("");
}

test("a brand from settings shows on the pages, light and dark, and in the emails, with no rebuild", async ({ page, hera }, testInfo) => {
  // The main stack, unbranded, and the brand stack serve the same bundle.
  await page.goto(`${hera.origin}/registration`);
  const bundle = await page
    .locator('link[rel="stylesheet"], script[type="module"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? e.getAttribute("src")));
  expect(await buttonPixel(page)).toBe("#4f46e5");

  const acme = own.hera;
  await page.goto(`${acme.origin}/registration`);
  expect(
    await page.locator('link[rel="stylesheet"], script[type="module"]').evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? e.getAttribute("src"))),
  ).toEqual(bundle);
  await expect(page).toHaveTitle(/· Acme$/);
  const logo = page.locator(".hera-brand img.hera-logo-light");
  await expect(logo).toHaveAttribute("alt", "Acme");
  expect(await logo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await expect(logo).toBeVisible();
  await expect(page.locator(".hera-brand img.hera-logo-dark")).toBeHidden();
  expect(await buttonPixel(page)).toBe("#0b6e4f");
  await expect(page.getByTestId("hera/support")).toHaveAttribute("href", "mailto:help@acme.example");
  await expect(page.getByTestId("hera/terms")).toHaveAttribute("href", "https://acme.example/terms");
  await expect(page.getByTestId("hera/privacy")).toHaveAttribute("href", "https://acme.example/privacy");
  await page.screenshot({ path: testInfo.outputPath("branded-light.png"), fullPage: true });

  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator(".hera-brand img.hera-logo-dark")).toBeVisible();
  await expect(logo).toBeHidden();
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(11, 17, 32)");
  await page.screenshot({ path: testInfo.outputPath("branded-dark.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "light" });

  const email = acme.newEmail("brand");
  await page.locator('input[name="traits.email"]').fill(email);
  await page.locator('button[name="method"][value="code"]').click();
  const mail = await acme.mail(email);
  expect(mail.subject).toBe("Create your Acme account");
  expect(mail.html).toContain(`<img src="${acme.origin}/brand/logo" alt="Acme"`);
  expect(mail.html).toContain("background:#0b6e4f");
  expect(mail.html).toContain('href="mailto:help@acme.example"');
  expect(mail.html).toContain("@media (prefers-color-scheme: dark)");
  // The email as a mail app shows it, light and dark, for the stop note.
  await page.setContent(mail.html);
  await page.screenshot({ path: testInfo.outputPath("branded-email-light.png"), fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: testInfo.outputPath("branded-email-dark.png"), fullPage: true });
});
