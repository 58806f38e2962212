import { expect, ownStack, test } from "../support/hera";
import { codeIn, linkIn, mailCount } from "../support/mail";

test.describe("resending a code (the default 60-second wait)", () => {
  test("the button counts down, and the server refuses an early resend however it is posted", async ({ page, hera }, testInfo) => {
    const email = hera.newEmail("resendwait");
    await hera.requestCode(page, "registration", email);
    await hera.mail(email);
    const resend = page.getByTestId("hera/resend");
    await expect(resend).toBeDisabled();
    await expect(resend).toHaveText(/^Resend code\u00a0\((59|60)s\)$/);
    await page.waitForTimeout(1_100);
    await expect(resend).toHaveText(/^Resend code\u00a0\(5[0-9]s\)$/);
    await page.screenshot({ path: testInfo.outputPath("check-your-email.png"), fullPage: true });

    // Straight through the origin, as a script would: the flow's own form fields, resend=code.
    const flowId = new URL(page.url()).searchParams.get("flow")!;
    const csrf = await page.locator('input[name="csrf_token"]').inputValue();
    const json = await page.request.post(`${hera.origin}/self-service/registration?flow=${flowId}`, {
      headers: { Accept: "application/json" },
      data: { method: "code", resend: "code", csrf_token: csrf, traits: { email } },
    });
    expect(json.status()).toBe(400);
    const flow = await json.json();
    expect(flow.ui.messages).toEqual([
      expect.objectContaining({ id: 9060001, text: expect.stringMatching(/^Please wait \d+ seconds before asking for another code\.$/) }),
    ]);

    const form = await page.request.post(`${hera.origin}/self-service/registration?flow=${flowId}`, {
      form: { method: "code", resend: "code", csrf_token: csrf, "traits.email": email },
      maxRedirects: 0,
    });
    expect(form.status()).toBe(303);
    expect(form.headers().location).toBe(`/registration?flow=${flowId}&refused=resend_wait`);

    await page.waitForTimeout(1_500);
    expect(await mailCount(hera.mailWeb, email)).toBe(1);
  });

  test.describe(() => {
    test.use({ javaScriptEnabled: false });
    test("without JavaScript the resend button posts, and an early one says how long to wait", async ({ page, hera }) => {
      const email = hera.newEmail("resendnojs");
      await hera.requestCode(page, "registration", email);
      await hera.mail(email);
      await page.getByTestId("hera/resend").click();
      await expect(page).toHaveURL(/refused=resend_wait/);
      await expect(page.getByText(/^Please wait \d+ seconds before asking for another code\.$/)).toBeVisible();
      await page.waitForTimeout(1_500);
      expect(await mailCount(hera.mailWeb, email)).toBe(1);
    });
  });
});

test.describe("resending a code (a stack whose wait is 3 seconds)", () => {
  const { hera } = ownStack("fastResend", { heraEnv: { HERA_RESEND_COOLDOWN_SECONDS: "3" } });

  test("after the wait a new email comes, and its code replaces the previous one", async ({ page }) => {
    const { email, code: first } = await hera.accountAwaitingLoginCode(page, "replace");
    const resend = page.getByTestId("hera/resend");
    await expect(resend).toBeEnabled({ timeout: 5_000 });
    await expect(resend).toHaveText("Resend code");
    await resend.click();
    const second = codeIn(await hera.mail(email, 3));
    expect(second).not.toBe(first);
    await expect(resend).toBeDisabled();

    expect(await hera.submitCode(page, first)).toBe("refused");
    await expect(page.getByText("That code is not right. Check the newest email and try again.")).toBeVisible();
    expect(await hera.submitCode(page, second)).toBe("accepted");
    await expect(page).toHaveURL(`${hera.origin}/welcome`);
  });

  test("after a resend only the newest link works: the first email's link says a newer one was sent", async ({ page }) => {
    const { email } = await hera.accountAwaitingLoginCode(page, "newest-resend");
    const first = linkIn(await hera.mail(email, 2));
    const resend = page.getByTestId("hera/resend");
    await expect(resend).toBeEnabled({ timeout: 5_000 });
    await resend.click();
    const second = linkIn(await hera.mail(email, 3));

    const res = await page.goto(first);
    expect(res?.status()).toBe(410);
    await expect(page.getByRole("heading")).toHaveText("A newer link was sent");
    expect((await hera.whoami(page.request)).status()).toBe(401);
    await page.goto(second);
    await expect(page).toHaveURL(`${hera.origin}/welcome`);
  });

  test.describe(() => {
    test.use({ javaScriptEnabled: false });
    test("without JavaScript, the resend button sends a new email once the wait is over", async ({ page }) => {
      const email = hera.newEmail("resendnojs3");
      await hera.requestCode(page, "registration", email);
      await page.waitForTimeout(3_200);
      await page.getByTestId("hera/resend").click();
      const second = codeIn(await hera.mail(email, 2));
      await page.locator('input[name="code"]').fill(second);
      await page.locator('button[name="method"][value="code"]').click();
      await expect(page).toHaveURL(`${hera.origin}/welcome`);
    });
  });
});
