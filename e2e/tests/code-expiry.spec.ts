import { expect, ownStack, test } from "../support/hera";

// A stack of its own with kratos-overlays/short-code-lifespan.yml: codes live 5 seconds.
const { hera } = ownStack("shortCodes", { overlays: ["e2e/kratos-overlays/short-code-lifespan.yml"] });

test("an expired code is refused with a message that says it expired and what to do", async ({ page }, testInfo) => {
  const email = hera.newEmail("expiry");
  await hera.requestCode(page, "registration", email);
  const code = await hera.codeFor(email);
  await page.waitForTimeout(6_000);

  // Kratos ends the flow with the code and sends the browser to a new flow, which says why.
  expect(await hera.submitCode(page, code)).toBe("refused");
  await expect(page.getByTestId("hera/message/expired")).toHaveText("That code has expired. Enter your email again and we will send you a new one.");
  await expect(page.locator('input[name="traits.email"]')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("expired-code.png"), fullPage: true });
  expect((await hera.whoami(page.request)).status()).toBe(401);

  // The way forward works: a new email, a new code, an account.
  await page.locator('input[name="traits.email"]').fill(email);
  await page.locator('button[name="method"][value="code"]').click();
  expect(await hera.submitCode(page, await hera.codeFor(email, 2))).toBe("accepted");
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
});

test.describe(() => {
  test.use({ javaScriptEnabled: false });
  test("with JavaScript off, an expired code gets the same message on a fresh form", async ({ page }) => {
    const email = hera.newEmail("expiry-nojs");
    await hera.requestCode(page, "registration", email);
    const code = await hera.codeFor(email);
    await page.waitForTimeout(6_000);
    await page.locator('input[name="code"]').fill(code);
    await page.locator('button[name="method"][value="code"]').click();
    await expect(page).toHaveURL(/\/registration\?flow=/);
    await expect(page.getByTestId("hera/message/expired")).toBeVisible();
    expect((await hera.whoami(page.request)).status()).toBe(401);
  });
});

test("an expired link says so and asks for the email again to send a new one", async ({ page }) => {
  const email = hera.newEmail("expiredlink");
  await hera.requestCode(page, "registration", email);
  const { linkIn } = await import("../support/mail");
  const link = linkIn(await hera.mail(email));
  await page.waitForTimeout(6_000);

  // The flow outlives its code: the page opens, submits the code, and Kratos ends the flow.
  await page.goto(link);
  await expect(page.getByTestId("hera/message/expired")).toBeVisible();
  await expect(page.locator('input[name="traits.email"]')).toBeVisible();
  expect((await hera.whoami(page.request)).status()).toBe(401);
});
