import { request as playwrightRequest } from "@playwright/test";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { expect, ownStack, test, type Hera } from "../support/hera";
import { mailCount, waitForMail } from "../support/mail";
import { emptiedRedis, stacks } from "../support/stacks";
import { spawnHera, startHera } from "../support/hera-process";
import { createIdentity, startFlow } from "../support/kratos";

// At most 3 emails to one address in 15 minutes, whoever asks; past that the person sees
// the same "check your email" step and no email is sent (the flow goes to the decoy).

/** One code request for `email` from a fresh client, sent to `via` (the origin or one Hera process). */
async function requestCode(hera: Hera, email: string, via = hera.origin): Promise<{ status: number; state: string; shown: string }> {
  const { ctx, flow, csrf } = await startFlow(hera.origin, "login");
  const json = { Accept: "application/json" };
  const res = await ctx.post(`${via}/self-service/login?flow=${flow.id}`, { headers: json, data: { method: "code", identifier: email, csrf_token: csrf } });
  const body = await res.json();
  const shown = body.ui.nodes.find((n: { attributes: { name: string } }) => n.attributes.name === "identifier")?.attributes.value;
  await ctx.dispose();
  return { status: res.status(), state: body.state, shown };
}

/** Waits long enough for Kratos's courier (polling each second) to have sent anything queued. */
const courierDrained = () => new Promise((r) => setTimeout(r, 2_500));

test("the fourth code request for one address in 15 minutes looks the same, and sends nothing", async ({ page, hera }) => {
  const email = hera.newEmail("limit");
  await createIdentity(hera.kratosAdmin, email);
  for (let i = 1; i <= 3; i++) {
    expect(await requestCode(hera, email)).toEqual({ status: 400, state: "sent_email", shown: email });
    await waitForMail(hera.mailWeb, email, i);
  }
  // The fourth and fifth: the same answer, in the browser too, and no email.
  expect(await requestCode(hera, email)).toEqual({ status: 400, state: "sent_email", shown: email });
  await hera.requestCode(page, "login", email);
  await expect(page.getByText(email)).toBeVisible();
  await courierDrained();
  expect(await mailCount(hera.mailWeb, email)).toBe(3);
  // Whoever asks: sign-up for the same address counts against the same limit.
  await hera.requestCode(page, "registration", email);
  await courierDrained();
  expect(await mailCount(hera.mailWeb, email)).toBe(3);
  // The third email's code still works in its own flow? The person can sign in with an
  // earlier code only where it was sent; this page's code went nowhere: refused as wrong.
  expect(await hera.submitCode(page, "000000")).toBe("refused");
});

test.describe("the limit outlives a restart of Hera (local store)", () => {
  const own = ownStack("restartedHera");

  test("two emails, Hera restarts, one more, then none", async () => {
    const { hera, stack } = own;
    const email = hera.newEmail("restart");
    await createIdentity(hera.kratosAdmin, email);
    for (let i = 1; i <= 2; i++) {
      await requestCode(hera, email);
      await waitForMail(hera.mailWeb, email, i);
    }
    await stack!.stopService("hera");
    await stack!.startService("hera");
    await expect
      .poll(
        () =>
          fetch(`${hera.origin}/health/ready`)
            .then((r) => r.status)
            .catch(() => 0),
        { timeout: 20_000 },
      )
      .toBe(200);
    await requestCode(hera, email);
    await waitForMail(hera.mailWeb, email, 3);
    expect((await requestCode(hera, email)).state).toBe("sent_email");
    await courierDrained();
    expect(await mailCount(hera.mailWeb, email)).toBe(3);
  });
});

test.describe("the limit holds across two Hera processes sharing Redis", () => {
  const redisUrl = emptiedRedis(13);
  const own = ownStack("sharedLimits", { heraEnv: { HERA_REDIS_URL: redisUrl } });
  let second: { url: string; stop: () => void } | undefined;
  test.afterAll(() => second?.stop());

  test("emails counted by either process add up: three in all, then none from either", async () => {
    const { hera, stack } = own;
    second = await startHera({ ...stack!.heraEnv, HERA_PORT: String(stacks.sharedLimits.ports.hera + 100) });
    const other = second.url;

    const email = `shared-${randomBytes(4).toString("hex")}@example.test`;
    await createIdentity(hera.kratosAdmin, email);
    await requestCode(hera, email); // first process, through the origin
    await requestCode(hera, email, other); // second process
    await requestCode(hera, email); // first
    await waitForMail(hera.mailWeb, email, 3);
    // Past the limit, on each process.
    expect((await requestCode(hera, email, other)).state).toBe("sent_email");
    expect((await requestCode(hera, email)).state).toBe("sent_email");
    await courierDrained();
    expect(await mailCount(hera.mailWeb, email)).toBe(3);
  });
});

test.describe("when the limits store is not there", () => {
  test("Hera will not start with a Redis it cannot reach, and says which setting is wrong", async () => {
    const hera = spawnHera({ HERA_PORT: String(stacks.main.ports.hera + 300), HERA_REDIS_URL: "redis://:s3cret@127.0.0.1:1/0" });
    let stderr = "";
    hera.stderr!.on("data", (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => hera.on("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("HERA_REDIS_URL (redis://:***@127.0.0.1:1/0)");
    expect(stderr).not.toContain("s3cret");
  });

  test("if Redis goes away, code requests get 503 and nothing is sent, rather than passing unchecked", async ({ hera }) => {
    const redisPort = 26_379;
    const redis = spawn("redis-server", ["--port", String(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    let own: { url: string; stop: () => void } | undefined;
    try {
      own = await startHera({
        HERA_PORT: String(stacks.main.ports.hera + 301),
        HERA_REDIS_URL: `redis://127.0.0.1:${redisPort}/0`,
        KRATOS_PUBLIC_URL: hera.kratosPublic,
        KRATOS_ADMIN_URL: hera.kratosAdmin,
        LOG_LEVEL: "silent",
      });
      const direct = own.url;
      const email = hera.newEmail("store-down");
      await createIdentity(hera.kratosAdmin, email);
      expect((await requestCode(hera, email, direct)).state).toBe("sent_email");
      redis.kill("SIGKILL");
      await new Promise((r) => redis.on("exit", r));

      const { ctx, flow, csrf } = await startFlow(hera.origin, "login");
      const res = await ctx.post(`${direct}/self-service/login?flow=${flow.id}`, {
        headers: { Accept: "application/json" },
        data: { method: "code", identifier: email, csrf_token: csrf },
      });
      expect(res.status()).toBe(503);
      expect(res.headers()["retry-after"]).toBe("5");
      expect(await res.json()).toEqual({ error: "unavailable", message: "Sign-in is briefly unavailable; try again in a few seconds." });
      const page = await ctx.post(`${direct}/self-service/login?flow=${flow.id}`, {
        form: { method: "code", identifier: email, csrf_token: csrf },
        maxRedirects: 0,
      });
      expect(page.status()).toBe(503);
      const html = await page.text();
      expect(html).toContain("Sign-in is briefly unavailable");
      expect(html).toContain("Please try again in a few seconds.");
      await ctx.dispose();
      await courierDrained();
      expect(await mailCount(hera.mailWeb, email)).toBe(1);
    } finally {
      own?.stop();
      redis.kill("SIGKILL");
    }
  });
});

test("no other path through the origin mails an address: verification and recovery flows are off", async ({ hera }) => {
  const email = hera.newEmail("other-paths");
  await createIdentity(hera.kratosAdmin, email);
  for (const flow of ["verification", "recovery"]) {
    const ctx = await playwrightRequest.newContext();
    // Kratos has them off, and the edge does not route them at all (caddy/Caddyfile).
    const start = await ctx.get(`${hera.origin}/self-service/${flow}/browser`, { headers: { Accept: "application/json" } });
    expect(start.status(), flow).toBe(404);
    const api = await ctx.post(`${hera.origin}/self-service/${flow}?flow=6f1b7a52-0d6e-4c1e-9a57-0123456789ab`, {
      headers: { Accept: "application/json" },
      data: { method: "code", email },
    });
    expect(api.status(), flow).toBeGreaterThanOrEqual(400);
    expect(api.status(), flow).toBeLessThan(500);
    await ctx.dispose();
  }
  await courierDrained();
  expect(await mailCount(hera.mailWeb, email)).toBe(0);
});
