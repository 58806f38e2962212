import { expect, test } from "../support/hera";

// Hera's product allows 3 wrong codes a flow. The pinned Kratos v1.3.1 ignores
// `max_submissions` and would allow 5 (persistence/sql/persister_code.go), so Hera counts
// wrong codes itself, in its store, on every submission that passes through it.

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0");

test("two wrong codes are each refused with a message, and the right code after them still signs in", async ({ page, hera }) => {
  const { code } = await hera.accountAwaitingLoginCode(page, "attempts2");

  for (let i = 0; i < 2; i++) {
    expect(await hera.submitCode(page, wrong(code))).toBe("refused");
    await expect(page.getByText("That code is not right. Check the newest email and try again.")).toBeVisible();
    expect((await hera.whoami(page.request)).status()).toBe(401);
  }
  await hera.submitCode(page, code);
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
});

test("the third wrong code ends the flow: the right code is refused after it, and the page sends a new code that works", async ({ page, hera }, testInfo) => {
  const { email, code } = await hera.accountAwaitingLoginCode(page, "attempts3");

  for (let i = 0; i < 2; i++) {
    expect(await hera.submitCode(page, wrong(code))).toBe("refused");
    await expect(page.getByText("That code is not right. Check the newest email and try again.")).toBeVisible();
  }
  expect(await hera.submitCode(page, wrong(code))).toBe("refused");
  const tooMany = page.getByTestId("hera/message/too-many-attempts");
  await expect(tooMany).toContainText("Too many wrong codes");
  await page.screenshot({ path: testInfo.outputPath("too-many-attempts.png"), fullPage: true });

  // The fourth submission, with the right code, posted straight to the origin: refused.
  const flowId = new URL(page.url()).searchParams.get("flow")!;
  const csrf = await page.locator('input[name="csrf_token"]').first().inputValue();
  const fourth = await page.request.post(`${hera.origin}/self-service/login?flow=${flowId}`, {
    headers: { Accept: "application/json" },
    data: { method: "code", code, identifier: email, csrf_token: csrf },
  });
  expect(fourth.status()).toBe(400);
  expect((await fourth.json()).ui.messages).toContainEqual(expect.objectContaining({ id: 4000001 }));
  expect((await hera.whoami(page.request)).status()).toBe(401);
  // Reading the flow through the origin says the same.
  const read = await page.request.get(`${hera.origin}/self-service/login/flows?id=${flowId}`, { headers: { Accept: "application/json" } });
  expect((await read.json()).ui.messages).toContainEqual(expect.objectContaining({ id: 4000001 }));

  // The spent flow's code field and resend are gone: "Send a new code" is the way on.
  await page.reload();
  await expect(tooMany).toBeVisible();
  await expect(page.locator('input[name="code"]')).toBeHidden();
  await expect(page.getByRole("button", { name: /resend code/i })).toBeHidden();
  // One press: a new flow, a new email, and the code step of the new flow.
  await tooMany.getByRole("button", { name: "Send a new code" }).click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  expect(new URL(page.url()).searchParams.get("flow")).not.toBe(flowId);
  await expect(page.locator('input[name="code"]')).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  expect(await hera.submitCode(page, await hera.codeFor(email, 3))).toBe("accepted");
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the third wrong code ends the flow, and the right one is refused after it", async ({ page, hera }) => {
    const { email, code } = await hera.accountAwaitingLoginCode(page, "attempts3-nojs");
    for (let i = 0; i < 3; i++) {
      await page.locator('input[name="code"]').fill(wrong(code));
      await page.locator('button[name="method"][value="code"]').click();
    }
    await expect(page.getByTestId("hera/message/too-many-attempts")).toBeVisible();
    await expect(page.locator('input[name="code"]')).toBeHidden();
    expect((await hera.whoami(page.request)).status()).toBe(401);
    // "Send a new code" is a plain form: it works without scripts too.
    await page.getByRole("button", { name: "Send a new code" }).click();
    await page.locator('input[name="code"]').fill(await hera.codeFor(email, 3));
    await page.locator('button[name="method"][value="code"]').click();
    await expect(page).toHaveURL(`${hera.origin}/welcome`);
  });
});
