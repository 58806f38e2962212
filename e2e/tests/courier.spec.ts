import { expect, ownStack, test } from "../support/hera";
import { stacks } from "../support/stacks";
import { mailCount } from "../support/mail";

// Hera's /internal/courier, where Kratos hands over every email (kratos/courier.jsonnet).
const courier = `http://127.0.0.1:${stacks.main.ports.hera}/internal/courier`;
const secret = "Bearer hera-dev-courier-secret-DO-NOT-USE-IN-PRODUCTION";
const message = {
  recipient: "someone@example.test",
  template_type: "login_code_valid",
  template_data: { to: "someone@example.test", login_code: "123456", transient_payload: {} },
};

test.describe("the courier endpoint", () => {
  test("is not reachable through the origin", async ({ request, hera }) => {
    const res = await request.post(`${hera.origin}/internal/courier`, { headers: { Authorization: secret }, data: message });
    expect(res.status()).toBe(404);
  });

  test("answers 401 without the secret or with a wrong one, and sends nothing", async ({ request, hera }) => {
    for (const authorization of [undefined, "Bearer wrong", secret.toLowerCase(), `${secret}x`]) {
      const res = await request.post(courier, { headers: authorization ? { Authorization: authorization } : {}, data: message });
      expect(res.status(), String(authorization)).toBe(401);
      expect(await res.json()).toEqual({ error: "unauthorized", message: "A valid courier secret is required." });
    }
    expect(await mailCount(hera.mailWeb, message.recipient)).toBe(0);
  });

  test("answers 400 with the reason to a malformed message, and 413 to a huge one", async ({ request, hera }) => {
    const notJson = await request.post(courier, { headers: { Authorization: secret, "Content-Type": "application/json" }, data: "{not json" });
    expect(notJson.status()).toBe(400);
    expect((await notJson.json()).error).toBe("bad_request");

    const cases: [unknown, string][] = [
      [{ ...message, template_type: "password_reset" }, "template_type"],
      [{ ...message, template_data: { ...message.template_data, login_code: "12ab56" } }, "template_data.login_code: is not a code"],
      [{ ...message, recipient: "not-an-address\r\nBcc: victim@example.test" }, "recipient: is not an email address"],
    ];
    for (const [body, reason] of cases) {
      const res = await request.post(courier, { headers: { Authorization: secret }, data: body });
      expect(res.status()).toBe(400);
      const answer = await res.json();
      expect(answer.error).toBe("malformed_message");
      expect(answer.problems.join("\n")).toContain(reason);
    }
    const huge = await request.post(courier, { headers: { Authorization: secret }, data: { ...message, padding: "x".repeat(1_000_000) } });
    expect(huge.status()).toBe(413);
    expect(await mailCount(hera.mailWeb, message.recipient)).toBe(0);
  });

  test("sends a message Kratos hands over twice only once (Kratos stopped before noting it sent)", async ({ request, hera }) => {
    const to = hera.newEmail("handed-twice");
    const flowId = "6f1b7a52-0d6e-4c1e-9a57-0123456789ab";
    const twice = { recipient: to, template_type: "login_code_valid", template_data: { to, login_code: "654321", transient_payload: { flow_id: flowId } } };
    for (let i = 0; i < 2; i++) {
      const res = await request.post(courier, { headers: { Authorization: secret }, data: twice });
      expect(res.status()).toBe(200);
    }
    await expect.poll(() => mailCount(hera.mailWeb, to)).toBe(1);
    // A new code for the same flow (a resend) is a new email.
    const resent = await request.post(courier, {
      headers: { Authorization: secret },
      data: { ...twice, template_data: { ...twice.template_data, login_code: "765432" } },
    });
    expect(resent.status()).toBe(200);
    await expect.poll(() => mailCount(hera.mailWeb, to)).toBe(2);
  });
});

test.describe("an SMTP outage", () => {
  const own = ownStack("smtpOutage");
  const hera = own.hera;

  test("loses no email: Hera answers an error, Kratos retries, the email arrives once SMTP is back", async ({ page }) => {
    const stack = own.stack!;
    await stack.stopService("mail");
    const email = hera.newEmail("outage");
    await page.goto(`${hera.origin}/registration`);
    await page.locator('input[name="traits.email"]').fill(email);
    await page.locator('button[name="method"][value="code"]').click();
    await expect(page.locator('input[name="code"]')).toBeVisible();

    // Kratos's courier retries at every read of its queue (100 ms) while Hera answers 503.
    await page.waitForTimeout(4_000);
    const heraLog = await (await import("node:fs/promises")).readFile(`${stack.dataDir}/logs/hera.log`, "utf8");
    expect(heraLog.match(/"event":"mail.failed"/g)?.length ?? 0).toBeGreaterThanOrEqual(2);

    await stack.startService("mail");
    const code = await hera.codeFor(email);
    await hera.submitCode(page, code);
    await expect(page).toHaveURL(`${hera.origin}/welcome`);
  });
});
