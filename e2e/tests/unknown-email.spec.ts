import { expect, test } from "../support/hera";
import { mailCount } from "../support/mail";

// Recorded, not yet fixed: Kratos alone tells anyone whether an address has an account
// (message 4000035, and no email is sent). The abuse-resistance work removes this leak.
test("records what an unknown email gets on the login page: Kratos's 4000035 and no email", async ({ page, hera }) => {
  const email = hera.newEmail("unknown");
  await page.goto(`${hera.origin}/login`);
  await page.locator('input[name="identifier"]').fill(email);
  const answer = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/self-service/login?flow="));
  await page.locator('button[name="method"][value="code"]').click();
  const res = await answer;
  expect(res.status()).toBe(400);
  const flow = await res.json();
  const messages = [...(flow.ui.messages ?? []), ...flow.ui.nodes.flatMap((n: { messages: unknown[] }) => n.messages)];
  expect(messages).toContainEqual(expect.objectContaining({ id: 4000035 }));
  await expect(page.getByText("This account does not exist or has not setup sign in with code.")).toBeVisible();
  await expect(page.locator('input[name="code"]')).toHaveCount(0);

  await page.waitForTimeout(1_500);
  expect(await mailCount(hera.mailWeb, email)).toBe(0);
});
