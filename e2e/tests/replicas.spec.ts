import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, ownStack, test } from "../support/hera";
import { createIdentity, startFlow } from "../support/kratos";
import { mailCount, waitForMail } from "../support/mail";
import { emptiedRedis } from "../support/stacks";

// Two Hera processes and two Kratos processes behind one Caddy, which sends requests to
// each in turn, on PostgreSQL and Redis: what several machines (or pods) would run.
const redisUrl = emptiedRedis(11);
const own = ownStack("replicas", { heraEnv: { HERA_REDIS_URL: redisUrl } });

/** Requests each process has logged so far: Hera's request lines, Kratos's. */
function served() {
  const logs = path.join(own.stack!.dataDir, "logs");
  const count = (file: string, pattern: RegExp) =>
    readFileSync(path.join(logs, file), "utf8")
      .split("\n")
      .filter((l) => pattern.test(l)).length;
  const hera = /"msg":"request completed"/;
  const kratos = /completed handling request/;
  return { hera: count("hera.log", hera), hera2: count("hera-2.log", hera), kratos: count("kratos.log", kratos), kratos2: count("kratos-2.log", kratos) };
}

test("sign-up, sign-out and sign-in work whichever process serves each request", async ({ page }) => {
  const { hera } = own;
  const before = served();
  const email = hera.newEmail("replicas");
  await hera.signUp(page, email);
  for (let i = 0; i < 4; i++) expect((await hera.whoami(page.request)).status()).toBe(200);
  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  await hera.requestCode(page, "login", email);
  await hera.submitCode(page, await hera.codeFor(email, 2));
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
  const sessions = new Set<string>();
  for (let i = 0; i < 4; i++) sessions.add((await (await hera.whoami(page.request)).json()).id);
  expect(sessions.size).toBe(1);

  // Both of each were used, turn by turn: a flow started on one finished on the other.
  const after = served();
  const delta = {
    hera: after.hera - before.hera,
    hera2: after.hera2 - before.hera2,
    kratos: after.kratos - before.kratos,
    kratos2: after.kratos2 - before.kratos2,
  };
  console.log(`requests served during one sign-up and sign-in: ${JSON.stringify(delta)}`);
  for (const [process, n] of Object.entries(delta)) expect(n, process).toBeGreaterThan(2);
});

test("the emails-per-address limit holds across both Hera processes: three in all, then none", async () => {
  const { hera } = own;
  const email = hera.newEmail("replicas-limit");
  await createIdentity(hera.kratosAdmin, email);
  const before = served();
  const statuses = new Set<number>();
  for (let i = 0; i < 5; i++) {
    const { ctx, flow, csrf } = await startFlow(hera.origin, "login");
    const res = await ctx.post(`${hera.origin}/self-service/login?flow=${flow.id}`, {
      headers: { Accept: "application/json" },
      data: { method: "code", identifier: email, csrf_token: csrf },
    });
    // Past the limit the answer looks the same: "check your email" (Kratos's JSON answer
    // to a browser flow's code request is a 400 carrying the flow), and nothing is sent.
    statuses.add(res.status());
    expect((await res.json()).state).toBe("sent_email");
    await ctx.dispose();
  }
  expect([...statuses]).toEqual([400]);
  await waitForMail(hera.mailWeb, email, 3);
  await new Promise((r) => setTimeout(r, 2_500)); // Kratos's courier polls each second
  expect(await mailCount(hera.mailWeb, email)).toBe(3);
  const after = served();
  // Each Hera process counted some of the five.
  expect(after.hera - before.hera).toBeGreaterThan(1);
  expect(after.hera2 - before.hera2).toBeGreaterThan(1);
});
