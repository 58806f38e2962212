import type { Browser, Page } from "@playwright/test";
import { expect, ownStack, test, type Hera } from "../support/hera";
import { mailCount, waitForMail } from "../support/mail";

// Every email to an address draws on one budget (codes, notices and sign-in alerts alike;
// an alert never takes a window's last email, kept for a code), and alerts go at most once
// per window to an address: sign-ins that come sooner are listed in one digest. This
// stack allows 4 emails per address (so the digest has room) and alerts every 10 seconds
// (HERA_ALERT_DIGEST_SECONDS), so the digest arrives within the test.
const own = ownStack("alertDigest", { heraEnv: { HERA_ALERT_DIGEST_SECONDS: "10", HERA_EMAILS_PER_ADDRESS: "4" } });

/** Signs in by email code in a browser of its own (no device cookie); resolves on the welcome page. */
async function signInElsewhere(hera: Hera, browser: Browser, email: string, nth: number): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await hera.requestCode(page, "login", email);
  await hera.submitCode(page, await hera.codeFor(email, nth));
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
  return page;
}

test("sign-ins close together send one alert, then one digest that lists the rest", async ({ page }) => {
  const { hera } = own;
  const email = hera.newEmail("digest");
  await hera.signUp(page, email);
  // Three sign-ins in a row from the person's own browser (its device allowance pays the codes).
  for (let n = 2; n <= 4; n++) {
    await page.goto(`${hera.origin}/logout`);
    await page.locator("#sign-out").click();
    await expect(page).toHaveURL(/\/login\?flow=/);
    await hera.requestCode(page, "login", email);
    await hera.submitCode(page, await hera.codeFor(email, n));
    await expect(page).toHaveURL(`${hera.origin}/welcome`);
  }
  const first = await hera.alert(email, 1);
  expect(first.subject).toBe("New sign-in to Hera");
  const digest = await waitForMail(hera.mailWeb, email, 2, 25_000, "alert");
  expect(digest.subject).toBe("New sign-ins to Hera (2)");
  expect(digest.text).toContain("was signed in 2 more times");
  expect(digest.text.match(/^How: +Email code or link$/gm)).toHaveLength(2);
  expect(digest.html).toContain(`href="${hera.origin}/settings#sessions"`);
  // Nothing more: one alert, one digest for three sign-ins.
  await new Promise((r) => setTimeout(r, 2_000));
  expect(await mailCount(hera.mailWeb, email, "alert")).toBe(2);
});

test("an alert counts against the address's emails, but never takes the last one a code may need", async ({ browser, page }) => {
  const { hera } = own;
  const email = hera.newEmail("budget");
  await hera.signUp(page, email); // the address's 1st email: the sign-up code
  await signInElsewhere(hera, browser, email, 2); // the 2nd: a code; the 3rd: its alert
  await hera.alert(email, 1);
  // Another new device: its code is the 4th and last email; its alert would be a 5th, and waits.
  await signInElsewhere(hera, browser, email, 3);
  // A stranger asks for a code: the same "check your email" step, and nothing sent.
  const stranger = await (await browser.newContext()).newPage();
  await hera.requestCode(stranger, "login", email);
  // Past the alert window: the digest still has no room in the address's 15 minutes.
  await new Promise((r) => setTimeout(r, 12_000));
  expect(await mailCount(hera.mailWeb, email)).toBe(3);
  expect(await mailCount(hera.mailWeb, email, "alert")).toBe(1);
});
