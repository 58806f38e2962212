import en from "../../ui/src/i18n/catalogues/en.json";
import { expect, test } from "../support/hera";

// Caddy puts Kratos's browser-facing API and Hera on one origin, and nothing else of Kratos.
test.describe("the origin", () => {
  test("routes Kratos's public self-service API and whoami to Kratos", async ({ request, hera }) => {
    const flow = await request.get(`${hera.origin}/self-service/login/browser`, { headers: { Accept: "application/json" } });
    expect(flow.status()).toBe(200);
    expect((await flow.json()).ui.action).toMatch(new RegExp(`^${hera.origin}/self-service/login\\?flow=`));
    const whoami = await request.get(`${hera.origin}/sessions/whoami`);
    expect(whoami.status()).toBe(401);
    expect((await whoami.json()).error.reason).toBe("No valid session credentials found in the request.");
  });

  test("never reaches Kratos's admin API or its health and metrics endpoints", async ({ request, hera }) => {
    for (const path of ["/admin/identities", "/admin/courier/messages", "/identities", "/metrics/prometheus"]) {
      const res = await request.get(`${hera.origin}${path}`);
      expect(res.status(), path).toBe(404);
      // The edge's own 404 (Kratos's paths) or Hera's page (every other path): never Kratos's JSON.
      expect(await res.text(), path).toMatch(/^Not found$|This page does not exist/);
    }
    // /health/* on the origin is Hera's own health, not Kratos's.
    const health = await request.get(`${hera.origin}/health/alive`);
    expect(await health.json()).toEqual({ status: "ok" });
  });

  test("a forged or unknown flow id starts a fresh flow instead of failing", async ({ page, hera }) => {
    for (const forged of ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "<script>alert(1)</script>"]) {
      const res = await page.goto(`${hera.origin}/login?flow=${encodeURIComponent(forged)}`);
      expect(res?.status()).toBe(200);
      await expect(page).toHaveURL(/\/login\?flow=[0-9a-f-]{36}$/);
      await expect(page.locator('input[name="identifier"]')).toBeVisible();
    }
  });

  test("a return_to on another site is refused with a clear page, never followed", async ({ page, hera }) => {
    const res = await page.goto(`${hera.origin}/login?return_to=${encodeURIComponent("https://evil.example/steal")}`);
    expect(res?.status()).toBe(400);
    await expect(page).toHaveURL(/\/error\?id=/);
    await expect(page.getByTestId("hera/message")).toContainText(en["page.error.return_to"]);
    await page.getByRole("link", { name: "Start again" }).click();
    await expect(page.locator('input[name="identifier"]')).toBeVisible();
  });

  test("a flow opened in another browser gets a clear page, not an error", async ({ browser, page, hera }) => {
    await page.goto(`${hera.origin}/login`);
    await expect(page).toHaveURL(/flow=/);
    const other = await browser.newContext();
    const stranger = await other.newPage();
    const res = await stranger.goto(page.url());
    expect(res?.status()).toBe(403);
    await expect(stranger.getByRole("heading")).toHaveText("This sign-in was started in another browser");
    await stranger.getByRole("link", { name: /start again/i }).click();
    await expect(stranger.locator('input[name="identifier"]')).toBeVisible();
    await other.close();
  });

  test("signed-out visitors to the signed-in page are sent to sign in, and come back after", async ({ page, hera }) => {
    const email = hera.newEmail("comeback");
    await hera.signUp(page, email);
    await page.locator("#sign-out").click();
    await expect(page).toHaveURL(/\/login\?flow=/);

    await page.goto(`${hera.origin}/welcome`);
    await expect(page).toHaveURL(/\/login\?flow=/);
    await page.locator('input[name="identifier"]').fill(email);
    await page.locator('button[name="method"][value="code"]').click();
    await hera.submitCode(page, await hera.codeFor(email, 2));
    await expect(page).toHaveURL(`${hera.origin}/welcome`);
    await expect(page.getByTestId("hera/welcome/email")).toHaveText(email);
  });
});
