import { generateSync } from "otplib";
import { expect, test } from "../support/hera";
import { addAuthenticator } from "../support/account";
import { expectAccessible, type Scans } from "../support/axe";
import { linkIn } from "../support/mail";

// axe-core's WCAG 2.2 A and AA rules on every page and state a person can meet, in light
// and dark, at 360 and 1280 px, in English and in Arabic (right to left).

for (const locale of ["en-US", "ar"]) {
  test.describe(`in ${locale}`, () => {
    test.use({ locale });
    const scans: Scans = { count: 0, pages: [] };
    test.afterAll(() => console.log(`axe (${locale}): ${scans.count} scans, no violation, of: ${scans.pages.join("; ")}`));

    test("sign-in, sign-up, check your email, a wrong code, a spent code", async ({ page, hera }) => {
      await page.goto(`${hera.origin}/login`);
      await expectAccessible(page, "sign-in", scans);
      await page.goto(`${hera.origin}/registration`);
      await expectAccessible(page, "sign-up", scans);

      const email = hera.newEmail("a11y");
      await hera.requestCode(page, "registration", email);
      await expectAccessible(page, "check your email", scans);
      const code = await hera.codeFor(email);
      const wrong = code === "000000" ? "111111" : "000000";
      expect(await hera.submitCode(page, wrong)).toBe("refused");
      await expectAccessible(page, "wrong code", scans);
      expect(await hera.submitCode(page, wrong)).toBe("refused");
      expect(await hera.submitCode(page, wrong)).toBe("refused");
      await expect(page.getByTestId("hera/message/too-many-attempts")).toBeVisible();
      await expectAccessible(page, "spent code", scans);
    });

    test("links: the other device's page, a used link, an expired link; signed in, the account page, sign-out", async ({ browser, page, hera }) => {
      const email = hera.newEmail("a11y-link");
      await hera.requestCode(page, "registration", email);
      const link = linkIn(await hera.mail(email));
      const other = await browser.newContext({ locale });
      const otherPage = await other.newPage();
      await otherPage.goto(link);
      await expect(otherPage.getByTestId("hera/other-device")).toBeVisible();
      await expectAccessible(otherPage, "the other device's page", scans);

      await page.goto(link);
      await expect(page).toHaveURL(`${hera.origin}/welcome`);
      await expectAccessible(page, "signed in", scans);
      await otherPage.goto(link);
      await expect(otherPage.getByTestId("hera/message")).toBeVisible();
      await expectAccessible(otherPage, "used link", scans);
      await otherPage.goto(link.replace(/flow=[0-9a-f-]+/, "flow=2f0e3b1a-6d1c-4f8e-9b7a-5c4d3e2f1a0b"));
      await expect(otherPage.getByTestId("hera/message")).toBeVisible();
      await expectAccessible(otherPage, "expired link", scans);
      await other.close();

      await page.goto(`${hera.origin}/settings`);
      await expect(page.locator("#hera-card[data-live]")).toBeAttached();
      await expectAccessible(page, "account page", scans);
      // The account's life: a new address and its code (with a wrong one), deleting it.
      await page.goto(`${hera.origin}/settings/address`);
      await page.locator('input[name="address"]').fill("not an address");
      await page.getByTestId("hera/address/submit").click();
      await expect(page.getByTestId("hera/address/error")).toBeVisible();
      await expectAccessible(page, "new address, refused", scans);
      await page.locator('input[name="address"]').fill(hera.newEmail("a11y-new"));
      await page.getByTestId("hera/address/submit").click();
      await page.locator('input[name="code"]').fill("000000");
      await page.getByTestId("hera/address/confirm").click();
      await expect(page.getByTestId("hera/address/error")).toBeVisible();
      await expectAccessible(page, "new address's code, wrong", scans);
      await page.goto(`${hera.origin}/settings/delete`);
      await expectAccessible(page, "delete the account", scans);
      await page.goto(`${hera.origin}/logout`);
      await expectAccessible(page, "sign-out", scans);
    });

    test("the second step, too many requests, errors", async ({ page, hera }) => {
      const email = hera.newEmail("a11y-aal2");
      await hera.signUp(page, email);
      const secret = await addAuthenticator(hera, page);
      await page.goto(`${hera.origin}/logout`);
      await page.locator("#sign-out").click();
      await hera.requestCode(page, "login", email);
      await hera.submitCode(page, await hera.codeFor(email, 2));
      await expect(page.locator('input[name="totp_code"]')).toBeVisible();
      await expect(page.locator("#hera-card[data-live]")).toBeAttached();
      await expectAccessible(page, "second step", scans);
      await page.locator('input[name="totp_code"]').fill(generateSync({ secret }));
      await page.locator('button[name="method"][value="totp"]').click();
      await expect(page).toHaveURL(`${hera.origin}/welcome`);

      await page.goto(`${hera.origin}/too-many-requests?retry_after=42`);
      await expectAccessible(page, "too many requests", scans);
      await page.goto(`${hera.origin}/no-such-page`);
      await expectAccessible(page, "not found", scans);
      await page.goto(`${hera.origin}/error?id=2f0e3b1a-6d1c-4f8e-9b7a-5c4d3e2f1a0b`);
      await expectAccessible(page, "error", scans);
    });
  });
}

test("a keyboard alone signs up and signs in: Tab, typing and Enter", async ({ page, hera }) => {
  const email = hera.newEmail("keyboard");
  /** Presses Tab until `selector` has focus (at most 15 times: it must be reachable). */
  const tabTo = async (selector: string) => {
    for (let i = 0; i < 15; i++) {
      await page.keyboard.press("Tab");
      if (await page.locator(selector).evaluate((e) => e === document.activeElement)) return;
    }
    throw new Error(`${selector} is not reachable with Tab`);
  };
  await page.goto(`${hera.origin}/registration`);
  await tabTo('input[name="traits.email"]');
  await page.keyboard.type(email);
  await page.keyboard.press("Enter");
  // After the code is sent, focus is on the code field: typing goes straight in.
  await expect(page.locator('input[name="code"]')).toBeFocused();
  await page.keyboard.type(await hera.codeFor(email));
  await expect(page).toHaveURL(`${hera.origin}/welcome`);

  await tabTo("#sign-out");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/login\?flow=/);
  await tabTo('input[name="identifier"]');
  await page.keyboard.type(email);
  await page.keyboard.press("Enter");
  await expect(page.locator('input[name="code"]')).toBeFocused();
  await page.keyboard.type(await hera.codeFor(email, 2));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
});
