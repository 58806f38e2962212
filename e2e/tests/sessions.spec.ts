import { expect, test } from "../support/hera";

const phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

test("the account page lists every session with its device and IP, and signs out another one", async ({ browser, page, hera }, testInfo) => {
  const email = hera.newEmail("sessions");
  await hera.signUp(page, email);

  // The same person on a phone: another browser, another session.
  const other = await hera.signInElsewhere(browser, email, 2, { userAgent: phone });
  await expect(other).toHaveURL(`${hera.origin}/welcome`);
  const otherId = (await (await hera.whoami(other.request)).json()).id as string;

  await page.goto(`${hera.origin}/settings`);
  const rows = page.getByTestId("hera/session");
  await expect(rows).toHaveCount(2);
  await expect(page.locator('[data-testid="hera/session"][data-current="true"]')).toContainText("This device");
  const phoneRow = page.locator(`[data-testid="hera/session"][data-session-id="${otherId}"]`);
  await expect(phoneRow).toContainText("Mobile Safari 17 on iOS 17.4");
  await expect(phoneRow).toContainText("IP 127.0.0.1");
  await page.screenshot({ path: testInfo.outputPath("sessions.png"), fullPage: true });
  // On a phone's width the page fits: nothing wider than the screen.
  await other.goto(`${hera.origin}/settings#sessions`);
  await other.setViewportSize({ width: 360, height: 740 });
  await expect(other.getByTestId("hera/session")).toHaveCount(2);
  expect(await other.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await other.screenshot({ path: testInfo.outputPath("account-phone.png"), fullPage: true });

  await phoneRow.getByTestId("hera/session/revoke").click();
  await expect(page.getByTestId("hera/sessions/revoked")).toHaveText("That session is signed out.");
  await expect(rows).toHaveCount(1);
  // The phone is signed out: whoami says so, and its next page asks it to sign in.
  expect((await hera.whoami(other.request)).status()).toBe(401);
  await other.goto(`${hera.origin}/welcome`);
  await expect(other).toHaveURL(/\/login\?flow=/);
  // This browser still is signed in.
  expect((await hera.whoami(page.request)).status()).toBe(200);
  await other.context().close();
});

test("'Sign out everywhere else' ends every other session and keeps this one; 'Sign out here' ends this one", async ({ browser, page, hera }) => {
  const email = hera.newEmail("everywhere");
  await hera.signUp(page, email);
  const others = [];
  for (let nth = 2; nth <= 3; nth++) {
    const other = await hera.signInElsewhere(browser, email, nth);
    await expect(other).toHaveURL(`${hera.origin}/welcome`);
    others.push(other);
  }
  await page.goto(`${hera.origin}/settings`);
  await expect(page.getByTestId("hera/session")).toHaveCount(3);
  await page.getByTestId("hera/sessions/revoke-others").click();
  await expect(page.getByTestId("hera/sessions/revoked")).toHaveText("Every other session is signed out.");
  await expect(page.getByTestId("hera/session")).toHaveCount(1);
  for (const other of others) expect((await hera.whoami(other.request)).status()).toBe(401);
  expect((await hera.whoami(page.request)).status()).toBe(200);

  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  expect((await hera.whoami(page.request)).status()).toBe(401);
});

test("another site cannot sign sessions out, and a forged session id is a clear 404", async ({ browser, page, hera }) => {
  const email = hera.newEmail("forged");
  await hera.signUp(page, email);
  const context = await browser.newContext();
  const other = await context.newPage();
  await hera.requestCode(other, "login", email);
  await hera.submitCode(other, await hera.codeFor(email, 2));
  await expect(other).toHaveURL(`${hera.origin}/welcome`);

  // A form on another site, posted with this browser's cookies.
  const crossSite = await page.request.post(`${hera.origin}/settings/sessions/revoke-others`, {
    headers: { Origin: "https://evil.example" },
    form: {},
    maxRedirects: 0,
  });
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.text()).toContain("That request came from another site");
  const crossSiteFetch = await page.request.post(`${hera.origin}/settings/sessions/revoke-others`, {
    headers: { "Sec-Fetch-Site": "cross-site" },
    form: {},
    maxRedirects: 0,
  });
  expect(crossSiteFetch.status()).toBe(403);
  expect((await hera.whoami(other.request)).status()).toBe(200);

  // With the page's own form token (caching-and-forms.spec.ts refuses forms without it).
  await page.goto(`${hera.origin}/settings`);
  const form_token = await page.locator('input[name="form_token"]').first().inputValue();
  const forged = await page.request.post(`${hera.origin}/settings/sessions/not-a-session/revoke`, {
    headers: { Origin: hera.origin },
    form: { form_token },
    maxRedirects: 0,
  });
  expect(forged.status()).toBe(404);
  // Someone else's (or no) session id: Kratos finds none of this account's, nothing changes.
  const unknown = await page.request.post(`${hera.origin}/settings/sessions/00000000-0000-4000-8000-000000000000/revoke`, {
    headers: { Origin: hera.origin },
    form: { form_token },
    maxRedirects: 0,
  });
  expect(unknown.status()).toBeLessThan(500);
  expect((await hera.whoami(other.request)).status()).toBe(200);
  // Signed out, the buttons lead to sign-in, never to a 500.
  const anonymous = await (
    await browser.newContext()
  ).request.post(`${hera.origin}/settings/sessions/revoke-others`, { headers: { Origin: hera.origin }, form: {}, maxRedirects: 0 });
  expect(anonymous.status()).toBe(303);
  expect(anonymous.headers().location).toContain("/login?return_to=");
  await context.close();
});
