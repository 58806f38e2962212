// @vitest-environment node
import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "../limits/store";
import { LocalStore } from "../limits/store/local-store";
import { Webhooks, type WebhookOptions } from "./webhooks";

// A test value, 32 bytes of base64: never a real secret.
const secret = `whsec_${Buffer.from("hera-unit-test-webhook-secret-32").toString("base64")}`;

type Received = { headers: IncomingHttpHeaders; body: string };

/** The operator's app: answers each POST with the next status of `statuses` (the last one from then on). */
async function receiver(statuses: number[], delayMs = 0): Promise<{ url: URL; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      setTimeout(() => res.writeHead(status).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  servers.push(server);
  return { url: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks?token=t`), received, server };
}

/** Hera's log lines, as JSON objects. */
function logger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: "info" }, stream), lines };
}

const servers: Server[] = [];
const stores: LocalStore[] = [];
const started: Webhooks[] = [];
afterEach(async () => {
  started.splice(0).forEach((w) => w.stop());
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

function store(dir = mkdtempSync(path.join(tmpdir(), "hera-webhooks-"))): LocalStore {
  const s = new LocalStore(dir);
  stores.push(s);
  return s;
}

/** Webhooks on a quick schedule: retries 20 ms apart, looked for every 5 ms, a second back after a restart. */
function webhooks(options: Partial<WebhookOptions> & Pick<WebhookOptions, "store" | "log">, run = true): Webhooks {
  const w = new Webhooks({ secret, retryDelaysMs: [20, 20], slotMs: 5, lookbackMs: 1_000, ...options });
  if (run) {
    w.start();
    started.push(w);
  }
  return w;
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const signedIn = { identity_id: "5b4f3a1e-0000-4000-8000-000000000001", method: "code", aal: "aal1", ip: "203.0.113.7", user_agent: "Firefox" };

describe("Webhooks", () => {
  it("posts the event as JSON, signed as Standard Webhooks says, which its library and a plain HMAC both verify", async () => {
    const { url, received } = await receiver([204]);
    const { log } = logger();
    const w = webhooks({ url, store: store(), log }, false);
    const before = Math.floor(Date.now() / 1000);
    w.emit("identity.signed_in", signedIn);
    await w.settled();

    expect(received).toHaveLength(1);
    const [{ headers, body }] = received as [Received];
    expect(headers["content-type"]).toBe("application/json");
    expect(headers["webhook-id"]).toMatch(/^msg_[0-9a-f-]{36}$/);
    const timestamp = Number(headers["webhook-timestamp"]);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));

    const event = new Webhook(secret).verify(body, headers as Record<string, string>) as Record<string, unknown>;
    expect(event).toEqual({ type: "identity.signed_in", timestamp: expect.any(String), data: signedIn });
    expect(Math.abs(Date.parse(event.timestamp as string) - Date.now())).toBeLessThan(5_000);
    // The same by hand: HMAC-SHA256 of "id.timestamp.body" with the secret's base64 key.
    const key = Buffer.from(secret.slice("whsec_".length), "base64");
    const expected = createHmac("sha256", key).update(`${headers["webhook-id"]}.${timestamp}.${body}`).digest("base64");
    expect(headers["webhook-signature"]).toBe(`v1,${expected}`);
    // Another secret, or a changed body, does not verify.
    const other = `whsec_${Buffer.from("another-secret-of-thirty-two-by!").toString("base64")}`;
    expect(() => new Webhook(other).verify(body, headers as Record<string, string>)).toThrow(/No matching signature/);
    expect(() => new Webhook(secret).verify(body.replace("aal1", "aal2"), headers as Record<string, string>)).toThrow(/No matching signature/);
  });

  it("tries again with backoff until the app answers 2xx: the same id and body, each attempt signed afresh", async () => {
    const { url, received } = await receiver([500, 503, 200]);
    const { log, lines } = logger();
    const w = webhooks({ url, store: store(), log });
    const emitted = Date.now();
    w.emit("identity.signed_up", { identity_id: signedIn.identity_id, email: "new@example.test" });
    await until(() => received.length === 3);
    // Two waits of 20 ms at least: a retry never goes before it falls due.
    expect(Date.now() - emitted).toBeGreaterThanOrEqual(40);
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    for (const r of received) expect(() => new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    await until(() => lines.some((l) => l.msg === "webhook delivered"));
    expect(lines.map((l) => [l.msg, l.attempt, l.status])).toEqual([
      ["webhook not delivered: will retry", 1, 500],
      ["webhook not delivered: will retry", 2, 503],
      ["webhook delivered", 3, 200],
    ]);
    expect(lines[0]).toMatchObject({ event_type: "identity.signed_up", webhook_id: received[0]!.headers["webhook-id"] });
    await new Promise((r) => setTimeout(r, 60));
    expect(received).toHaveLength(3);
  });

  it("keeps its retries in the store: after a restart, another instance sends them", async () => {
    const { url, received } = await receiver([500, 200]);
    const dir = mkdtempSync(path.join(tmpdir(), "hera-webhooks-"));
    const before = new LocalStore(dir);
    const first = webhooks({ url, store: before, log: logger().log }, false);
    first.emit("identity.deleted", { identity_id: signedIn.identity_id, email: "gone@example.test" });
    await first.settled();
    await before.close();
    expect(received).toHaveLength(1);
    // The process is gone before the retry falls due; the next one looks back and sends it.
    const { log, lines } = logger();
    webhooks({ url, store: store(dir), log });
    await until(() => received.length === 2);
    expect(received[1]!.headers["webhook-id"]).toBe(received[0]!.headers["webhook-id"]);
    await until(() => lines.some((l) => l.msg === "webhook delivered"));
    expect(lines.find((l) => l.msg === "webhook delivered")).toMatchObject({ attempt: 2, status: 200 });
  });

  it("gives up after the last retry, with one warning, and counts no answer within the timeout as a failure", async () => {
    const { url, received } = await receiver([200], 300);
    const { log, lines } = logger();
    webhooks({ url, store: store(), log, timeoutMs: 50 }).emit("identity.address_changed", {
      identity_id: signedIn.identity_id,
      email: "new@example.test",
      previous_email: "old@example.test",
    });
    await until(() => lines.some((l) => l.msg === "webhook not delivered: gave up"));
    expect(received).toHaveLength(3);
    expect(lines.map((l) => [l.msg, l.attempt, l.error])).toEqual([
      ["webhook not delivered: will retry", 1, "TimeoutError"],
      ["webhook not delivered: will retry", 2, "TimeoutError"],
      ["webhook not delivered: gave up", 3, "TimeoutError"],
    ]);
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toHaveLength(3);
  });

  it("logs the event's type, id, attempt and status: never an address, the secret, a signature or the URL", async () => {
    const { url, received } = await receiver([500, 200]);
    const { log, lines } = logger();
    const w = webhooks({ url, store: store(), log });
    w.emit("identity.address_changed", { identity_id: signedIn.identity_id, email: "new@example.test", previous_email: "old@example.test" });
    await until(() => lines.some((l) => l.msg === "webhook delivered"));
    const text = JSON.stringify(lines);
    for (const never of ["example.test", secret, secret.slice(6), received[0]!.headers["webhook-signature"] as string, "token", "hooks"]) {
      expect(text).not.toContain(never);
    }
  });

  it("does nothing when no URL is set: no request, nothing stored, no timer", async () => {
    const untouchable = new Proxy({} as Store, {
      get: (_t, name) => () => {
        throw new Error(`the store was asked: ${String(name)}`);
      },
    });
    const { log, lines } = logger();
    const w = new Webhooks({ store: untouchable, log, secret });
    w.start();
    w.emit("identity.signed_in", signedIn);
    await w.settled();
    await w.sweep().catch(() => {});
    expect(lines).toEqual([]);
    w.stop();
  });

  it("never throws at the caller and never makes it wait, even when the app cannot be reached", async () => {
    const { server, url } = await receiver([200]);
    await new Promise((resolve) => server.close(resolve));
    const { log, lines } = logger();
    const w = webhooks({ url, store: store(), log });
    expect(() => w.emit("identity.signed_in", signedIn)).not.toThrow();
    // emit has returned before its attempt could even fail.
    expect(lines).toEqual([]);
    await until(() => lines.some((l) => l.msg === "webhook not delivered: gave up"));
    expect(lines[0]).toMatchObject({ attempt: 1, error: "ECONNREFUSED" });
  });
});
