import { expect, ownStack, test } from "../support/hera";

test.describe("the edge's sign-in limit, as configured: 5 submissions in 5 minutes per client", () => {
  const { hera } = ownStack("signInLimit");

  test("the 6th sign-in submission gets 429 with Retry-After, as a page for browsers and JSON for API clients", async ({ request, browser }) => {
    const submit = (headers: Record<string, string>) =>
      request.post(`${hera.origin}/self-service/login?flow=00000000-0000-4000-8000-000000000000`, {
        headers,
        form: { method: "code", identifier: "x@example.test" },
        maxRedirects: 0,
      });
    for (let i = 1; i <= 5; i++) expect((await submit({ Accept: "application/json" })).status(), `submission ${i}`).not.toBe(429);

    const api = await submit({ Accept: "application/json" });
    expect(api.status()).toBe(429);
    const retryAfter = Number(api.headers()["retry-after"]);
    expect(retryAfter).toBeGreaterThan(200);
    expect(retryAfter).toBeLessThanOrEqual(301);
    expect(await api.json()).toMatchObject({ error: { code: 429, id: "too_many_sign_in_attempts" } });

    // A forged X-Forwarded-For is not a new client: Caddy keys on the peer address.
    expect((await submit({ Accept: "application/json", "X-Forwarded-For": "203.0.113.9" })).status()).toBe(429);

    const page = await (await browser.newContext()).newPage();
    const html = await page.request.post(`${hera.origin}/self-service/login?flow=00000000-0000-4000-8000-000000000000`, {
      headers: { Accept: "text/html" },
      form: { method: "code", identifier: "x@example.test" },
      maxRedirects: 0,
    });
    expect(html.status()).toBe(429);
    expect(html.headers()["retry-after"]).toBeDefined();
    await page.setContent(await html.text());
    await expect(page.getByRole("heading")).toHaveText("Too many sign-in attempts");
    await expect(page.getByText(/Try again in [45] minutes\./)).toBeVisible();

    // Other pages and sign-up are not limited.
    expect((await request.get(`${hera.origin}/login`, { maxRedirects: 0 })).status()).toBe(303);
    expect(
      (
        await request.post(`${hera.origin}/self-service/registration?flow=00000000-0000-4000-8000-000000000000`, { form: { method: "code" }, maxRedirects: 0 })
      ).status(),
    ).not.toBe(429);
  });
});

test.describe("the edge's sign-in limit with a 3-second window (test overlay)", () => {
  // No response-time floor here: three code requests must fit in the 3-second window.
  const { hera } = ownStack("signInLimitShort", {
    caddyEnv: { HERA_SIGN_IN_LIMIT: "2", HERA_SIGN_IN_WINDOW: "3s" },
    heraEnv: { HERA_CODE_REQUEST_FLOOR_MS: "0" },
  });

  test.describe(() => {
    test.use({ javaScriptEnabled: false });
    test("a person who hits it sees when to try again, and can sign in once the window has passed", async ({ page }) => {
      const email = hera.newEmail("limited");
      await hera.signUp(page, email);
      await page.locator("#sign-out").click();
      for (let i = 0; i < 2; i++) {
        await page.goto(`${hera.origin}/login`);
        await page.locator('input[name="identifier"]').fill(email);
        await page.locator('button[name="method"][value="code"]').click();
      }
      await page.goto(`${hera.origin}/login`);
      await page.locator('input[name="identifier"]').fill(email);
      await page.locator('button[name="method"][value="code"]').click();
      await expect(page.getByRole("heading")).toHaveText("Too many sign-in attempts");
      await expect(page.getByText(/Try again in \d seconds\./)).toBeVisible();

      await page.waitForTimeout(3_500);
      await page.goto(`${hera.origin}/login`);
      await page.locator('input[name="identifier"]').fill(email);
      await page.locator('button[name="method"][value="code"]').click();
      await expect(page.locator('input[name="code"]')).toBeVisible();
    });
  });
});

test.describe("the edge's sign-in limit reached from the live page (scripts on)", () => {
  const { hera } = ownStack("signInLimitShort", { caddyEnv: { HERA_SIGN_IN_LIMIT: "2", HERA_SIGN_IN_WINDOW: "30s" } });

  test("the person sees the page that says when to try again", async ({ page }) => {
    const email = hera.newEmail("limitedjs");
    await page.goto(`${hera.origin}/registration`);
    await page.locator('input[name="traits.email"]').fill(email);
    await page.locator('button[name="method"][value="code"]').click();
    await hera.submitCode(page, await hera.codeFor(email));
    await page.locator("#sign-out").click();
    await hera.requestCode(page, "login", email);
    // The send was the 1st sign-in submission, this wrong code the 2nd, the next one over.
    expect(await hera.submitCode(page, "000000")).toBe("refused");
    // The sixth digit submits the plain form, which the edge answers with its page.
    await page.locator('input[name="code"]').fill("000001");
    await expect(page.getByRole("heading")).toHaveText("Too many sign-in attempts");
    await expect(page.getByText(/Try again in \d+ seconds?\./)).toBeVisible();
  });
});
