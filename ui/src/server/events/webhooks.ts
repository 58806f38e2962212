import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { Webhook } from "standardwebhooks";
import { request } from "undici";
import type { Store } from "../limits/store";

/** What each event tells the operator's app (docs/integrate.md, "Webhooks"). */
export type EventData = {
  "identity.signed_up": { identity_id: string; email: string };
  /** A sign-in that opened a session (not a second step or a re-authentication). */
  "identity.signed_in": { identity_id: string; session_id?: string; method: string; aal: string; ip: string; user_agent: string };
  /** Both addresses: an app that keys its users by address finds the old row and learns the new one. */
  "identity.address_changed": { identity_id: string; email: string; previous_email: string };
  "identity.deleted": { identity_id: string; email: string };
};
export type EventType = keyof EventData;

/**
 * How long each retry waits after a failed attempt: 5 s, 30 s, 2 min, 10 min, 30 min,
 * then Hera gives up. Six attempts over about 43 minutes ride out a deploy or a restart
 * of the operator's app without piling up for hours.
 */
export const retrySchedule: readonly number[] = [5_000, 30_000, 120_000, 600_000, 1_800_000];

/** One event on its way: its id and body are the same at every attempt; each attempt is signed afresh. */
type Delivery = { id: string; type: EventType; body: string; attempt: number };

export type WebhookOptions = {
  /** HERA_WEBHOOK_URL; unset, nothing is sent. */
  url?: URL;
  /** HERA_WEBHOOK_SECRET, whsec_ and base64 (config.ts checked it). */
  secret?: string;
  /** Where retries wait, so a restart (or another process) sends them. */
  store: Store;
  log: Logger;
  retryDelaysMs?: readonly number[];
  /** Retries are filed by when they fall due, in slots this long; every process looks for due ones this often. */
  slotMs?: number;
  /** After a restart, retries that fell due this long ago still go (by default an hour). */
  lookbackMs?: number;
  /** How long an attempt may take before it counts as failed (10 s). */
  timeoutMs?: number;
  now?: () => number;
};

/**
 * Signed events for the operator's app (Standard Webhooks, standardwebhooks.com): a POST
 * of `{ type, timestamp, data }` with `webhook-id`, `webhook-timestamp` and
 * `webhook-signature` (v1, HMAC-SHA256 of "id.timestamp.body"). A 2xx answer within the
 * timeout delivers it; anything else is tried again on `retrySchedule`.
 *
 * A retry waits in the store under the slot after the one it falls due in
 * (`webhooks-due:<slot>`), as sign-in digests do (limits/alerts.ts): every process looks
 * for due slots, and each list is taken whole by one of them (takeAll), so a retry goes
 * once, from whichever process, and a restart loses none. The first attempt is made at
 * once, from memory.
 */
export class Webhooks {
  private readonly signer?: Webhook;
  private readonly delays: readonly number[];
  private readonly slotMs: number;
  private readonly lookbackMs: number;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private readonly pending = new Set<Promise<void>>();
  private lastSwept: number;
  private sweeper?: NodeJS.Timeout;

  constructor(private readonly o: WebhookOptions) {
    this.signer = o.url && o.secret ? new Webhook(o.secret) : undefined;
    this.delays = o.retryDelaysMs ?? retrySchedule;
    this.slotMs = o.slotMs ?? 5_000;
    this.lookbackMs = o.lookbackMs ?? 3_600_000;
    this.timeoutMs = o.timeoutMs ?? 10_000;
    this.now = o.now ?? Date.now;
    this.lastSwept = this.slot(this.now() - this.lookbackMs);
  }

  /** Sends the event to the operator's app, now or on retry. Never throws, never makes the caller wait. */
  emit<T extends EventType>(type: T, data: EventData[T]): void {
    if (!this.signer) return;
    try {
      const body = JSON.stringify({ type, timestamp: new Date(this.now()).toISOString(), data });
      this.track(this.attempt({ id: `msg_${randomUUID()}`, type, body, attempt: 1 }));
    } catch (err) {
      this.o.log.error({ err, event_type: type }, "webhook not sent");
    }
  }

  /** Looks for due retries every slot, for as long as the process runs. */
  start(): void {
    if (!this.signer || this.sweeper) return;
    this.sweeper = setInterval(() => this.track(this.sweep()), this.slotMs).unref();
  }

  stop(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  /** Resolves once every attempt under way has ended: before a short-lived process closes the store, and in tests. */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.all([...this.pending]);
  }

  /** Takes the retries whose slot has come and makes their attempts. */
  async sweep(): Promise<void> {
    if (!this.signer) return;
    const current = this.slot(this.now());
    const due: Delivery[] = [];
    let slot = this.lastSwept;
    try {
      // The current slot again each time: a retry may be filed in it after a sweep.
      for (; slot <= current; slot++) for (const entry of await this.o.store.takeAll(`webhooks-due:${slot}`)) due.push(JSON.parse(entry) as Delivery);
      this.lastSwept = current;
    } catch (err) {
      // The store is away: this slot and the ones after it are looked at again next time.
      this.lastSwept = slot;
      this.o.log.warn({ err }, "webhook retries not looked for this time");
    }
    for (const delivery of due) this.track(this.attempt(delivery));
  }

  private async attempt(delivery: Delivery): Promise<void> {
    const outcome = await this.post(delivery);
    const fields = { event_type: delivery.type, webhook_id: delivery.id, attempt: delivery.attempt, ...outcome };
    if (outcome.status !== undefined && outcome.status >= 200 && outcome.status < 300) {
      this.o.log.info(fields, "webhook delivered");
      return;
    }
    const delay = this.delays[delivery.attempt - 1];
    if (delay === undefined) {
      this.o.log.warn(fields, "webhook not delivered: gave up");
      return;
    }
    this.o.log.warn({ ...fields, retry_in_s: Math.round(delay / 1000) }, "webhook not delivered: will retry");
    await this.later({ ...delivery, attempt: delivery.attempt + 1 }, delay);
  }

  /** One POST: the answer's status, or why there was none. The body is read and dropped, freeing the connection. */
  private async post(delivery: Delivery): Promise<{ status?: number; error?: string }> {
    const sent = new Date(this.now());
    try {
      const res = await request(this.o.url!, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "Hera-Webhooks",
          "webhook-id": delivery.id,
          "webhook-timestamp": String(Math.floor(sent.getTime() / 1000)),
          "webhook-signature": this.signer!.sign(delivery.id, sent, delivery.body),
        },
        body: delivery.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.body.dump();
      return { status: res.statusCode };
    } catch (err) {
      // A code or a name (ECONNREFUSED, TimeoutError): never the URL, which may hold a token.
      const e = err as { code?: unknown; name?: string };
      return { error: typeof e.code === "string" ? e.code : (e.name ?? "error") };
    }
  }

  /** Files the next attempt under the slot after the one it falls due in, so it never goes early. */
  private async later(delivery: Delivery, delayMs: number): Promise<void> {
    try {
      await this.o.store.append(`webhooks-due:${this.slot(this.now() + delayMs) + 1}`, JSON.stringify(delivery), delayMs + this.slotMs + this.lookbackMs);
    } catch (err) {
      // The store is away: this process keeps the retry itself (a restart would lose it).
      this.o.log.warn({ err, event_type: delivery.type, webhook_id: delivery.id }, "webhook retry kept in memory");
      setTimeout(() => this.track(this.attempt(delivery)), delayMs).unref();
    }
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((err) => this.o.log.error({ err }, "webhook delivery failed")).finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  private slot(t: number): number {
    return Math.floor(t / this.slotMs);
  }
}
