import { request as playwrightRequest, type APIRequestContext, type APIResponse } from "@playwright/test";
import { randomBytes } from "node:crypto";
import en from "../../ui/src/i18n/catalogues/en.json";
import { expect, Hera, test } from "../support/hera";
import { stacks } from "../support/stacks";
import { startFlow } from "../support/kratos";

// What an attacker sends through the origin. Each case gets a clear error (a message on the
// form, an error page, or a JSON error with a reason), never a 5xx; nothing is stored (no
// identity, no email, no courier message for the hostile address); no script runs.

const { kratosAdmin } = new Hera("main");
const heraDirect = `http://127.0.0.1:${stacks.main.ports.hera}`;
const tag = randomBytes(4).toString("hex");
let cases = 0;

/** No 5xx, and something a person or client can read about what went wrong. */
async function expectClearRefusal(res: APIResponse, what: string) {
  cases++;
  expect(res.status(), what).toBeLessThan(500);
  expect(res.status(), what).not.toBe(200);
  const body = await res.text();
  if (res.status() === 303) return; // a plain form goes back to its page, which says why (checked in the browser cases)
  expect(body.length, `${what}: a body that says why`).toBeGreaterThan(0);
}

/** The names of the cookies a response sets (Playwright joins Set-Cookie headers with newlines). */
function setCookieNames(res: APIResponse): string[] {
  return res
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value.split("=")[0]!.trim());
}

/** Every message a flow carries, on the flow and on its fields. */
function messagesOf(flow: { ui: { messages?: { id: number; text: string }[]; nodes: { messages: { id: number; text: string }[] }[] } }) {
  return [...(flow.ui.messages ?? []), ...flow.ui.nodes.flatMap((n) => n.messages)];
}

const malformed = [
  "plainaddress",
  "a@",
  "@example.test",
  "a@@example.test",
  "a b@example.test",
  "a@example",
  `${"x".repeat(250)}@example.test`,
  `${"y".repeat(5000)}@example.test`,
  `hostile-${tag}@example.test\r\nBcc: victim@example.test`,
  `hostile-${tag}@example.test\nX-Injected: 1`,
  `<script>alert(1)</script>-${tag}@example.test`,
  `"><img src=x onerror=alert(1)>-${tag}@example.test`,
  `ü-${tag}@exämple.test`,
  // Look-alikes: Cyrillic а and full-width ａ for Latin a.
  `\u0430dmin-${tag}@example.test`,
  `\uff41dmin-${tag}@example.test`,
  `admin-${tag}@example.test\u0000`,
];

test.describe("hostile input through the origin", () => {
  test("malformed, oversized, unicode and look-alike addresses are refused with a message, as JSON and as a plain form, and nothing is sent", async ({
    hera,
  }) => {
    for (const kind of ["login", "registration"] as const) {
      for (const address of malformed) {
        const { ctx, flow, csrf } = await startFlow(hera.origin, kind);
        const field: Record<string, string> = kind === "login" ? { identifier: address } : { "traits.email": address };
        const jsonField = kind === "login" ? field : { traits: { email: address } };
        const json = await ctx.post(`${hera.origin}/self-service/${kind}?flow=${flow.id}`, {
          headers: { Accept: "application/json" },
          data: { method: "code", csrf_token: csrf, ...jsonField },
        });
        await expectClearRefusal(json, `${kind} JSON ${JSON.stringify(address).slice(0, 60)}`);
        if (json.status() === 400 && json.headers()["content-type"]?.includes("json")) {
          const body = await json.json();
          if (body.ui)
            expect(
              messagesOf(body)
                .map((m) => m.text)
                .join(" "),
            ).toMatch(/valid email address|is not valid|length must be/i);
        }
        const form = await ctx.post(`${hera.origin}/self-service/${kind}?flow=${flow.id}`, {
          form: { method: "code", csrf_token: csrf, ...field },
          maxRedirects: 0,
        });
        await expectClearRefusal(form, `${kind} form ${JSON.stringify(address).slice(0, 60)}`);
        await ctx.dispose();
      }
    }
  });

  test("in the browser, a hostile address comes back as text in the field with a message, and no script runs", async ({ page, hera }) => {
    const ran: string[] = [];
    page.on("dialog", async (d) => {
      ran.push(d.message());
      await d.dismiss();
    });
    for (const jsOn of [true, false]) {
      const context = await page.context().browser()!.newContext({ javaScriptEnabled: jsOn });
      const p = await context.newPage();
      p.on("dialog", async (d) => {
        ran.push(d.message());
        await d.dismiss();
      });
      for (const kind of ["login", "registration"] as const) {
        const hostile = `"><img src=x onerror=alert(1)>-${tag}@example.test`;
        await p.goto(`${hera.origin}/${kind}`);
        const field = p.locator(`input[name="${kind === "login" ? "identifier" : "traits.email"}"]`);
        await field.fill(hostile);
        await p.locator('button[name="method"][value="code"]').click();
        await expect(p.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
        await expect(field).toHaveValue(hostile);
        await expect(p.locator('input[name="code"]')).toHaveCount(0);
        cases++;
      }
      await context.close();
    }
    expect(ran).toEqual([]);
  });

  test("CR/LF in every field of a submission gets a 4xx, never a 5xx", async ({ hera }) => {
    for (const kind of ["login", "registration"] as const) {
      const { ctx, flow, csrf } = await startFlow(hera.origin, kind);
      const email = `crlf-${tag}@example.test`;
      const base: Record<string, string> = { method: "code", csrf_token: csrf, ...(kind === "login" ? { identifier: email } : { "traits.email": email }) };
      for (const name of [...Object.keys(base), "code", "resend", "transient_payload"]) {
        const body = { ...base, [name]: `${base[name] ?? "x"}\r\nSet-Cookie: pwned=1` };
        for (const as of ["json", "form"] as const) {
          const res =
            as === "json"
              ? await ctx.post(`${hera.origin}/self-service/${kind}?flow=${flow.id}`, { headers: { Accept: "application/json" }, data: body })
              : await ctx.post(`${hera.origin}/self-service/${kind}?flow=${flow.id}`, { form: body, maxRedirects: 0 });
          cases++;
          expect(res.status(), `${kind} ${as} ${name}`).toBeLessThan(500);
          // No header was injected: no cookie named pwned (a value may carry the text, encoded).
          expect(setCookieNames(res), `${kind} ${as} ${name}`).not.toContain("pwned");
        }
      }
      // In the query string too.
      const res = await ctx.get(`${hera.origin}/${kind}?flow=${flow.id}%0d%0aSet-Cookie:%20pwned=1&return_to=%0d%0a`, { maxRedirects: 0 });
      cases++;
      expect(res.status()).toBeLessThan(500);
      expect(setCookieNames(res)).not.toContain("pwned");
      await ctx.dispose();
    }
  });

  test("bodies of 1 MB are refused with 413 by Hera and a 4xx by Kratos, whoever they are sent to", async ({ hera }) => {
    const { ctx, flow, csrf } = await startFlow(hera.origin, "login");
    const big = "a".repeat(1024 * 1024);
    const targets: [string, () => Promise<APIResponse>][] = [
      [
        "sign-in form",
        () => ctx.post(`${hera.origin}/self-service/login?flow=${flow.id}`, { form: { method: "code", csrf_token: csrf, identifier: big }, maxRedirects: 0 }),
      ],
      [
        "sign-in JSON",
        () =>
          ctx.post(`${hera.origin}/self-service/login?flow=${flow.id}`, {
            headers: { Accept: "application/json" },
            data: { method: "code", csrf_token: csrf, identifier: big },
          }),
      ],
      [
        "sign-up JSON",
        () =>
          ctx.post(`${hera.origin}/self-service/registration?flow=${flow.id}`, { headers: { Accept: "application/json" }, data: { traits: { email: big } } }),
      ],
      [
        "Kratos settings",
        () =>
          ctx.post(`${hera.origin}/self-service/settings?flow=${flow.id}`, {
            headers: { Accept: "application/json" },
            data: { method: "profile", traits: { email: big } },
          }),
      ],
      ["a Hera page", () => ctx.post(`${hera.origin}/login`, { form: { x: big }, maxRedirects: 0 })],
    ];
    for (const [what, send] of targets) {
      const res = await send();
      cases++;
      expect(res.status(), what).toBeGreaterThanOrEqual(400);
      expect(res.status(), what).toBeLessThan(500);
    }
    const tooLarge = await ctx.post(`${hera.origin}/self-service/login?flow=${flow.id}`, {
      headers: { Accept: "application/json" },
      data: { identifier: big },
    });
    expect(tooLarge.status()).toBe(413);
    expect(await tooLarge.json()).toMatchObject({ error: { code: 413, id: "payload_too_large" } });
    await ctx.dispose();
  });

  test("forged and expired flow ids get a clear page or error, and codes of letters or 100 digits are wrong codes", async ({ page, hera }) => {
    const forged = "6f1b7a52-0d6e-4c1e-9a57-0123456789ab";
    for (const kind of ["login", "registration"] as const) {
      // A forged flow in a sign-in link: the link has expired, one button for a new email.
      const res = await page.goto(`${hera.origin}/${kind}?flow=${forged}&code=123456`);
      cases++;
      expect(res?.status()).toBe(410);
      await expect(page.getByRole("heading")).toHaveText("This link has expired");
      // Submitting to it: Kratos's own 4xx, through Hera.
      const post = await page.request.post(`${hera.origin}/self-service/${kind}?flow=${forged}`, {
        headers: { Accept: "application/json" },
        data: { method: "code" },
      });
      cases++;
      expect(post.status()).toBeGreaterThanOrEqual(400);
      expect(post.status()).toBeLessThan(500);
      expect((await post.json()).error.reason ?? (await post.json()).error.message).toBeTruthy();
      // Reading it through the origin.
      const read = await page.request.get(`${hera.origin}/self-service/${kind}/flows?id=${forged}`, { headers: { Accept: "application/json" } });
      cases++;
      expect(read.status()).toBe(404);
    }

    const { email } = await hera.accountAwaitingLoginCode(page, "hostile-codes");
    // The code field takes digits only, so these are posted as a script would.
    const flowId = new URL(page.url()).searchParams.get("flow")!;
    const csrf = await page.locator('input[name="csrf_token"]').first().inputValue();
    for (const code of ["abcdef", "1".repeat(100)]) {
      const res = await page.request.post(`${hera.origin}/self-service/login?flow=${flowId}`, {
        headers: { Accept: "application/json" },
        data: { method: "code", code, identifier: email, csrf_token: csrf },
      });
      expect(res.status()).toBe(400);
      expect(messagesOf(await res.json()).map((m) => m.id)).toContain(4010008);
      cases++;
    }
    // A link with a code of letters is not a code: the page shows the form, nothing is submitted.
    const letters = await page.goto(`${hera.origin}/login?flow=${flowId}&code=abcdef`);
    cases++;
    expect(letters?.status()).toBe(200);
    await expect(page.locator('input[name="code"]')).toHaveValue("");
    expect((await hera.whoami(page.request)).status()).toBe(401);
    expect(email).toContain("hostile-codes");
  });

  test("return_to pointing elsewhere is refused in every form, and the browser never leaves the origin, signed out or in", async ({ page, hera }) => {
    const host = new URL(hera.origin).host;
    const variants = [
      "https://evil.example/",
      "//evil.example/",
      "\\\\evil.example\\",
      "/\\evil.example/",
      "https:evil.example",
      `https://${host}@evil.example/`,
      `http://${host}.evil.example/`,
      "https://evil.example%2F@127.0.0.1/",
      "https%3A%2F%2Fevil.example%2F",
      "javascript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      `http://evil.example/${hera.origin}`,
    ];
    const ran: string[] = [];
    page.on("dialog", async (d) => {
      ran.push(d.message());
      await d.dismiss();
    });
    const visitAll = async (signedIn: boolean) => {
      for (const returnTo of variants) {
        for (const kind of ["login", "registration", "logout"] as const) {
          const res = await page.goto(`${hera.origin}/${kind}?return_to=${encodeURIComponent(returnTo)}`);
          cases++;
          const what = `${signedIn ? "signed in" : "signed out"} ${kind} ${returnTo}`;
          expect(res?.status() ?? 0, what).toBeLessThan(500);
          // Signed in, Kratos redirects at once to return_to if it accepts it: the
          // browser must still be on the origin. Signed out, the page stays on the origin.
          expect(new URL(page.url()).host, what).toBe(host);
          if (/\/error\?id=/.test(page.url())) await expect(page.getByTestId("hera/message"), what).toContainText(en["page.error.return_to"]);
          // Sign-out reads return_to itself (the way back to an integrator's app): none of these.
          if (kind === "logout") {
            expect(res?.status(), what).toBe(400);
            await expect(page.getByTestId("hera/message"), what).toContainText(en["page.error.return_to"]);
          }
        }
      }
    };
    await visitAll(false);
    await hera.signUp(page, hera.newEmail("return-to"));
    await visitAll(true);
    expect(ran).toEqual([]);
  });

  test("Hera's internal endpoints refuse calls without the secret or with a wrong one, and are not on the origin", async ({ hera }) => {
    const message = {
      template_type: "login_code_valid",
      recipient: `internal-${tag}@example.test`,
      template_data: { to: `internal-${tag}@example.test`, login_code: "123456" },
    };
    for (const auth of [undefined, "Bearer wrong", "Bearer ", "Basic aGVyYTpoZXJh", `Bearer hera-dev-courier-secret-DO-NOT-USE-IN-PRODUCTION\r\nX: y`]) {
      const res = await fetch(`${heraDirect}/internal/courier`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...(auth ? { Authorization: auth } : {}) },
        body: JSON.stringify(message),
      }).catch((err: Error) => ({ status: 400, err }));
      cases++;
      expect(res.status, String(auth)).toBeGreaterThanOrEqual(400);
      expect(res.status, String(auth)).toBeLessThan(500);
    }
    for (const path of ["/internal/courier", "/internal/sign-in", "/internal/sign-up", "/internal/hooks/after-login", "/internal/"]) {
      const ctx: APIRequestContext = await playwrightRequest.newContext();
      const res = await ctx.post(`${hera.origin}${path}`, {
        data: message,
        headers: { Authorization: "Bearer hera-dev-courier-secret-DO-NOT-USE-IN-PRODUCTION" },
      });
      cases++;
      expect(res.status(), path).toBe(404);
      await ctx.dispose();
    }
  });

  test.afterAll(async () => {
    // Nothing was stored for any hostile address: no identity, no queued email.
    const identities = (await (await fetch(`${kratosAdmin}/admin/identities?page_size=1000`)).json()) as { traits: { email: string } }[];
    expect(identities.filter((i) => i.traits.email.includes(tag))).toEqual([]);
    const messages = (await (await fetch(`${kratosAdmin}/admin/courier/messages?page_size=1000`)).json()) as { recipient: string }[];
    expect(messages.filter((m) => m.recipient.includes(tag))).toEqual([]);
    console.log(`hostile input: ${cases} cases, none answered with a 5xx, nothing stored`);
  });
});
