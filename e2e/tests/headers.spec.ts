import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, Hera, test } from "../support/hera";
import { stacks } from "../support/stacks";
import { startHera } from "../support/hera-process";
import { startFlow } from "../support/kratos";

// Hera's pages: a Content-Security-Policy without inline scripts, no framing, no Referer;
// in production also HSTS and Secure cookies.

/** The directives of a CSP header, by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

test("every kind of Hera page sends a CSP without inline scripts, frame-ancestors 'none' and no Referer to other sites", async ({ page, hera }) => {
  await page.goto(`${hera.origin}/login`);
  const flowId = new URL(page.url()).searchParams.get("flow")!;
  const pages = [
    `/login?flow=${flowId}`,
    `/login?flow=${flowId}&code=123456`,
    "/registration",
    `/error?id=${flowId}`,
    "/too-many-requests?retry_after=60",
    "/no-such-page",
    "/welcome",
    "/settings",
  ];
  for (const p of pages) {
    const res = await page.request.get(`${hera.origin}${p}`, { maxRedirects: 0 });
    const h = res.headers();
    const csp = directives(h["content-security-policy"] ?? "");
    expect(csp.get("script-src"), p).toEqual(["'self'"]);
    expect(csp.get("default-src"), p).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors"), p).toEqual(["'none'"]);
    expect(csp.get("object-src"), p).toEqual(["'none'"]);
    expect(h["x-frame-options"], p).toBe("DENY");
    expect(h["referrer-policy"], p).toBe("same-origin");
    // Plain HTTP in development: no HSTS to pin a browser to HTTPS on 127.0.0.1.
    expect(h["strict-transport-security"], p).toBeUndefined();
  }
});

test("signing up and in with scripts on breaks no rule of the policy", async ({ page, hera }) => {
  await page.addInitScript(() => {
    (window as unknown as { violations: string[] }).violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const violations: string[] = [];
  const collect = async () => violations.push(...(await page.evaluate(() => (window as unknown as { violations: string[] }).violations)));
  const email = hera.newEmail("csp");
  await hera.requestCode(page, "registration", email);
  expect(await hera.isLive(page)).toBe(true);
  await collect();
  await hera.submitCode(page, await hera.codeFor(email));
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
  await collect();
  // The account page: Kratos's QR code (a data: image), Elements' card, Hera's forms.
  await page.goto(`${hera.origin}/settings`);
  await expect(page.locator("#hera-card[data-live]")).toBeAttached();
  await expect(page.locator('img[src^="data:image/png"]')).toBeVisible();
  await collect();
  expect(violations).toEqual([]);
});

test("no other site can frame the sign-in page", async ({ page, hera }) => {
  // A page on another origin (the mail catcher's) that frames Hera's sign-in.
  await page.goto(hera.mailWeb);
  await page.setContent(`<iframe id="f" src="${hera.origin}/login" width="400" height="400"></iframe>`);
  const frame = page.frameLocator("#f");
  await page.waitForTimeout(1_500);
  await expect(frame.locator('input[name="identifier"]')).toHaveCount(0);
});

test.describe("in production mode", () => {
  const main = new Hera("main");
  let hera: { url: string; stop: () => void } | undefined;
  const port = stacks.main.ports.hera + 200;
  test.beforeAll(async () => {
    hera = await startHera({
      HERA_ENV: "production",
      HERA_PORT: String(port),
      HERA_ORIGIN: "https://hera.example.test",
      HERA_COURIER_SECRET: randomBytes(24).toString("hex"),
      HERA_HOOK_SECRET: randomBytes(24).toString("hex"),
      HERA_DEVICE_SECRET: randomBytes(24).toString("hex"),
      HERA_SMTP_URL: "smtps://mailer:secret@127.0.0.1:1/",
      HERA_STATE_DIR: mkdtempSync(path.join(os.tmpdir(), "hera-production-")),
      KRATOS_PUBLIC_URL: main.kratosPublic,
      KRATOS_ADMIN_URL: main.kratosAdmin,
      LOG_LEVEL: "warn",
    });
  });
  test.afterAll(() => hera?.stop());

  test("pages send HSTS and Hera's cookies are Secure", async () => {
    for (const p of ["/login", "/no-such-page", "/too-many-requests"]) {
      const res = await fetch(`${hera!.url}${p}`, { redirect: "manual" });
      expect(res.headers.get("strict-transport-security"), p).toBe("max-age=31536000; includeSubDomains");
    }
    // A mistyped address comes back in a one-shot cookie: Secure, HttpOnly. (A real flow
    // of the main stack's Kratos, which this Hera shares: the gate reads it first.)
    const { ctx, flow, csrf } = await startFlow(main.origin, "login");
    const cookies = (await ctx.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
    await ctx.dispose();
    const res = await fetch(`${hera!.url}/self-service/login?flow=${flow.id}`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookies },
      body: `method=code&identifier=not-an-address&csrf_token=${encodeURIComponent(csrf)}`,
    });
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("hera_prefill="));
    expect(cookie).toMatch(/;\s*Secure/);
    expect(cookie).toMatch(/;\s*HttpOnly/);
  });
});
