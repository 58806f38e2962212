import { randomBytes } from "node:crypto";
import { request } from "@playwright/test";
import { expect, test } from "../support/hera";
import { databaseBytes, kratosCleanup, sql } from "../support/database";
import { startFlow } from "../support/kratos";

// Anyone may start a flow, and Kratos stores each one (the whole URL that started it).
// The edge caps what one request may store (URI 4 kB, headers 32 kB), limits new flows per
// client (30 a minute: tools/checks/edge.test.ts; the suite's stacks lift it), and Kratos's
// cleanup deletes expired flows (make dev, compose and Kubernetes run it on a schedule).

const flowCount = () => Number(sql("main", "SELECT (SELECT count(*) FROM selfservice_login_flows) + (SELECT count(*) FROM selfservice_registration_flows)"));

/**
 * The longest return_to the edge lets through: random (no compression hides it) and of
 * letters only, since the logs test looks for six-digit codes in every log line.
 */
function longestReturnTo(origin: string, kind: string): string {
  const start = `/self-service/${kind}/browser?return_to=`;
  const base = `${origin}/welcome?pad=`;
  const letters = randomBytes(4096)
    .toString("hex")
    .replace(/[0-9]/g, (d) => "ghijklmnop"[Number(d)]!);
  return base + letters.slice(0, 4096 - start.length - encodeURIComponent(base).length - 16);
}

test("an anonymous request stores a bounded amount: the largest flow the edge allows, and nothing for a longer URL", async ({ hera }) => {
  const n = 40;
  const before = databaseBytes("main");
  const flowsBefore = flowCount();
  for (let i = 0; i < n; i++) {
    const kind = i % 2 ? "login" : "registration";
    const client = await request.newContext();
    const res = await client.get(`${hera.origin}/self-service/${kind}/browser?return_to=${encodeURIComponent(longestReturnTo(hera.origin, kind))}`, {
      headers: { Accept: "application/json" },
    });
    expect(res.status()).toBe(200);
    await client.dispose();
  }
  expect(flowCount()).toBe(flowsBefore + n);
  const perRequest = (databaseBytes("main") - before) / n;
  console.log(`database growth per anonymous flow with the longest URL the edge allows: ${Math.round(perRequest)} bytes`);
  // The URI cap is 4 kB; Kratos keeps it twice (request URL, return_to) beside its form.
  expect(perRequest).toBeLessThan(24 * 1024);

  // A URL over the cap never reaches Kratos: 414 (431 once it is longer than all the
  // headers may be), no flow.
  const client = await request.newContext();
  for (const length of [5_000, 900_000]) {
    const long = await client.get(`${hera.origin}/self-service/login/browser?return_to=${hera.origin}/welcome?pad=${"a".repeat(length)}`);
    expect(long.status(), `${length}`).toBe(length < 32_000 ? 414 : 431);
  }
  // "Send a new code" makes a flow only for a spent flow this browser holds.
  for (let i = 0; i < 10; i++) {
    const res = await client.post(`${hera.origin}/login/new-code?flow=${randomBytes(16).toString("hex")}`, {
      headers: { Origin: hera.origin },
      form: { identifier: "someone@example.test", method: "code", csrf_token: "x" },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(303);
  }
  await client.dispose();
  expect(flowCount()).toBe(flowsBefore + n);
});

test("Kratos's cleanup deletes expired flows and keeps live ones", async ({ hera }) => {
  const expired: string[] = [];
  for (let i = 0; i < 3; i++) {
    const { ctx, flow } = await startFlow(hera.origin, "login");
    expired.push(flow.id);
    await ctx.dispose();
  }
  const { ctx, flow: live } = await startFlow(hera.origin, "login");
  await ctx.dispose();
  // As if their 15 minutes (and cleanup's hour of grace) had passed long ago.
  sql("main", `UPDATE selfservice_login_flows SET expires_at = '2000-01-01 00:00:00+00:00' WHERE id IN (${expired.map((id) => `'${id}'`).join(", ")})`);
  const ids = () =>
    sql("main", `SELECT id FROM selfservice_login_flows WHERE id IN (${[...expired, live.id].map((id) => `'${id}'`).join(", ")})`)
      .split("\n")
      .filter(Boolean);
  expect(ids().sort()).toEqual([...expired, live.id].sort());
  await kratosCleanup("main");
  expect(ids()).toEqual([live.id]);
});
