import { expect, test } from "../support/hera";
import { codeIn, linkIn } from "../support/mail";
import { docsPicture } from "../support/pictures";

test.describe("the link in the email", () => {
  test("carries the code, the lifespan and a link, in HTML and in plain text", async ({ page, browser, hera }, testInfo) => {
    // An address a reader of the README's picture can read: each run's stack is fresh, and
    // no other test signs up with it.
    const email = "ada@example.com";
    await hera.requestCode(page, "registration", email);
    const mail = await hera.mail(email);
    const code = codeIn(mail);
    const link = linkIn(mail);
    expect(link).toMatch(new RegExp(`^${hera.origin}/registration\\?flow=[0-9a-f-]{36}&code=${code}$`));
    expect(mail.text).toContain("It is valid for 15 minutes and works once.");
    expect(mail.text).toContain("If you did not ask for this email, you can ignore it");
    // The HTML as a narrow mail app shows it.
    const reader = await browser.newPage({ viewport: { width: 360, height: 700 }, javaScriptEnabled: false });
    await reader.setContent(mail.html);
    await expect(reader.getByRole("link", { name: "Create my account" })).toHaveAttribute("href", link);
    await expect(reader.locator(`[data-code="${code}"]`)).toHaveText(code);
    await expect(reader.getByText("It is valid for 15 minutes and works once.")).toBeVisible();
    expect(await reader.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    // The README's picture shows one code, so that a run changes it only when the email's
    // look changed.
    await reader.setContent(mail.html.replaceAll(code, "123456"));
    await docsPicture(reader, "email.png", testInfo);
    // The sign-in page as the same phone shows it, beside the email in the README.
    await reader.goto(`${hera.origin}/login`);
    await expect(reader.locator('input[name="identifier"]')).toBeVisible();
    await docsPicture(reader, "sign-in.png", testInfo);
    await reader.close();
  });

  test("opened in the browser that asked, signs the person in with no typing", async ({ page, hera }) => {
    const { email } = await hera.accountAwaitingLoginCode(page, "samebrowser");
    const link = linkIn(await hera.mail(email, 2));
    await page.goto(link);
    await expect(page).toHaveURL(`${hera.origin}/welcome`);
    await expect(page.getByTestId("hera/welcome/email")).toHaveText(email);
  });

  test.describe(() => {
    test.use({ javaScriptEnabled: false });
    test("with JavaScript off, opens with the code filled in and one explained click finishes", async ({ page, hera }) => {
      const email = hera.newEmail("linknojs");
      await hera.requestCode(page, "registration", email);
      await page.goto(linkIn(await hera.mail(email)));
      await expect(page.getByTestId("hera/link/confirm")).toContainText("Press Continue to finish");
      await expect(page.locator('input[name="code"]')).toHaveValue(codeIn(await hera.mail(email)));
      await page.locator('button[name="method"][value="code"]').click();
      await expect(page).toHaveURL(`${hera.origin}/welcome`);
    });
  });

  test("opened on another device, signs nobody in there and shows the code to type where sign-in started", async ({ browser, page, hera }, testInfo) => {
    const email = hera.newEmail("otherdevice");
    await hera.requestCode(page, "registration", email);
    const mail = await hera.mail(email);

    const phone = await browser.newContext();
    const other = await phone.newPage();
    const opened = await other.goto(linkIn(mail));
    expect(opened?.headers()["referrer-policy"]).toBe("same-origin");
    await expect(other.getByTestId("hera/other-device/code")).toHaveText(codeIn(mail));
    await other.screenshot({ path: testInfo.outputPath("other-device.png"), fullPage: true });
    expect((await hera.whoami(other.request)).status()).toBe(401);
    await other.getByRole("link", { name: "Sign in on this device instead" }).click();
    // A fresh flow on this device, the address filled in (it never travels in a URL).
    await expect(other.locator('input[name="traits.email"]')).toHaveValue(email);
    expect(other.url()).not.toContain(encodeURIComponent(email));
    // Once: the next sign-up page starts empty.
    await other.goto(`${hera.origin}/registration`);
    await expect(other.locator('input[name="traits.email"]')).toHaveValue("");
    await phone.close();

    // The person types the code on the first device.
    await hera.submitCode(page, codeIn(mail));
    await expect(page).toHaveURL(`${hera.origin}/welcome`);
  });

  test("survives mail scanners: opening it any number of times without the cookies uses no attempt", async ({ browser, page, request, hera }) => {
    const { email } = await hera.accountAwaitingLoginCode(page, "scanner");
    const link = linkIn(await hera.mail(email, 2));

    // More visits than Kratos allows submissions (5): GET, HEAD and a browser running scripts.
    for (let i = 0; i < 3; i++) {
      const get = await request.get(link, { maxRedirects: 0 });
      expect(get.status()).toBe(200);
      expect(await get.text()).toContain("Type this code on your other device");
      expect((await request.head(link, { maxRedirects: 0 })).status()).toBe(200);
    }
    const scanner = await browser.newContext();
    const scannerPage = await scanner.newPage();
    for (let i = 0; i < 2; i++) {
      await scannerPage.goto(link);
      await expect(scannerPage.getByTestId("hera/other-device")).toBeVisible();
    }
    expect((await hera.whoami(scannerPage.request)).status()).toBe(401);
    await scanner.close();
    expect((await hera.whoami(request)).status()).toBe(401);

    // The person's own click afterwards still signs in.
    await page.goto(link);
    await expect(page).toHaveURL(`${hera.origin}/welcome`);
  });
});

test("in development, /dev/emails shows every template rendered with sample data", async ({ page, hera }, testInfo) => {
  await page.goto(`${hera.origin}/dev/emails`);
  for (const [type, subject] of [
    ["login_code_valid", "Sign in to Hera"],
    ["registration_code_valid", "Create your Hera account"],
    ["verification_code_valid", "Confirm your email address for Hera"],
    ["verification_code_invalid", "Someone tried to confirm this address for Hera"],
  ] as const) {
    const article = page.getByTestId(`hera/dev-email/${type}`);
    await expect(article.getByRole("heading")).toContainText(subject);
    await expect(article.locator("pre")).toContainText("ada@example.com");
  }
  await expect(page.frameLocator('iframe[title="login_code_valid as HTML"]').getByRole("link", { name: "Sign in" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("dev-emails.png") });
});

test("the sixth digit typed submits the code by itself", async ({ page, hera }) => {
  const email = hera.newEmail("autosubmit");
  await hera.requestCode(page, "registration", email);
  expect(await hera.isLive(page)).toBe(true);
  const code = await hera.codeFor(email);
  const field = page.locator('input[name="code"]');
  await field.pressSequentially(code.slice(0, 5));
  await page.waitForTimeout(500);
  await expect(page).toHaveURL(/\/registration\?flow=/);
  await field.pressSequentially(code.slice(5));
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
});

test("a link to a flow that does not exist gets the same clear page, not an error", async ({ page, hera }) => {
  const res = await page.goto(`${hera.origin}/login?flow=5c808a01-29fc-4935-85e6-64777bd0f9dd&code=123456`);
  expect(res?.status()).toBe(410);
  await expect(page.getByRole("heading")).toHaveText("This link has expired");
  await page.getByRole("link", { name: "Send me a new email" }).click();
  await expect(page.locator('input[name="identifier"]')).toBeVisible();
});

test("a used link says it was used, in the same browser and anywhere else", async ({ browser, page, hera }) => {
  const { email } = await hera.accountAwaitingLoginCode(page, "usedlink");
  const link = linkIn(await hera.mail(email, 2));
  await page.goto(link);
  await expect(page).toHaveURL(`${hera.origin}/welcome`);

  for (const context of [page.context(), await browser.newContext()]) {
    const tab = await context.newPage();
    const res = await tab.goto(link);
    expect(res?.status()).toBe(410);
    await expect(tab.getByRole("heading")).toHaveText("This link was already used");
    await expect(tab.getByText(/^\d{6}$/)).toHaveCount(0);
    await expect(tab.getByRole("link", { name: "Send me a new email" })).toHaveAttribute("href", "/login");
  }
});

test("only the newest link works: an older, unexpired link says a newer one was sent and signs nobody in", async ({ browser, page, hera }) => {
  const { email } = await hera.accountAwaitingLoginCode(page, "newest");
  const older = linkIn(await hera.mail(email, 2));
  // A second sign-in elsewhere sends a newer email.
  const elsewhere = await (await browser.newContext()).newPage();
  await hera.requestCode(elsewhere, "login", email);
  const newer = linkIn(await hera.mail(email, 3));

  const res = await page.goto(older);
  expect(res?.status()).toBe(410);
  await expect(page.getByRole("heading")).toHaveText("A newer link was sent");
  await expect(page.getByText(/^\d{6}$/)).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Send me a new email" })).toBeVisible();
  expect((await hera.whoami(page.request)).status()).toBe(401);

  await elsewhere.goto(newer);
  await expect(elsewhere).toHaveURL(`${hera.origin}/welcome`);
});

test("the address the code went to is shown, and 'Use a different email' goes back to the first step", async ({ page, hera }) => {
  const email = hera.newEmail("different");
  await hera.requestCode(page, "registration", email);
  await expect(page.getByTestId("hera/address")).toHaveText(email);
  await page.getByTestId("hera/different-email").click();
  await expect(page.locator('input[name="traits.email"]')).toHaveValue("");
  const other = hera.newEmail("different2");
  await page.locator('input[name="traits.email"]').fill(other);
  await page.locator('button[name="method"][value="code"]').click();
  await hera.submitCode(page, await hera.codeFor(other));
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
});

test("the link keeps an integrator's return_to: the person lands there", async ({ page, hera }) => {
  const email = hera.newEmail("linkreturn");
  await hera.signUp(page, email);
  await page.locator("#sign-out").click();
  const target = `${hera.origin}/welcome?from=link`;
  await page.goto(`${hera.origin}/login?return_to=${encodeURIComponent(target)}`);
  await page.locator('input[name="identifier"]').fill(email);
  await page.locator('button[name="method"][value="code"]').click();
  await page.goto(linkIn(await hera.mail(email, 2)));
  await expect(page).toHaveURL(target);
});

test("the email as the person sees it in the mail catcher's inbox", async ({ page, hera }, testInfo) => {
  const email = hera.newEmail("inbox");
  await hera.requestCode(page, "registration", email);
  await hera.mail(email);
  await page.goto(hera.mailWeb);
  await page.getByText("Create your Hera account").first().click();
  await expect(page.frameLocator("iframe").first().getByRole("link", { name: "Create my account" })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("inbox.png") });
});
