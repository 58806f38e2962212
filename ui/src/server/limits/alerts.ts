import type { Store } from "./store";
import { addressKey, type EmailsPerAddress } from "./addresses";

const hour = 3_600_000;

/** A sign-in alert's facts, in words (routes/sign-in.ts signInFacts). */
export type SignInFacts = { when: string; device: string; ip: string; method: string; /** The language they are in words of. */ lang?: string };

/** One digest email: every sign-in to the address since its last alert. */
export type Digest = { to: string; signIns: SignInFacts[] };

/**
 * Sign-in alerts draw on the address's one email budget (EmailsPerAddress: codes, notices
 * and alerts alike), never its last email of a window (kept for a code), and go at most
 * once per `digestMs` to an address. An alert that comes sooner, or finds the budget
 * spent, joins the address's digest, which goes out `digestMs` after the first sign-in it
 * holds (or, if the budget is still spent then, a window later): one email however many
 * sign-ins it lists.
 *
 * The store keeps, per address (hashed key): `alerted:` while an alert is recent,
 * `digest:` the pending sign-ins with the address, in the clear, to send them to (at most
 * 24 hours), and per minute due `digests-due:<minute>` the addresses whose digest is due
 * then. Each list is taken whole by one process (takeAll), so no digest goes out twice.
 */
export class SignInAlerts {
  private readonly bucketMs: number;
  private lastSwept: number;

  constructor(
    private readonly store: Store,
    private readonly emails: EmailsPerAddress,
    readonly digestMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.bucketMs = Math.min(60_000, digestMs);
    // After a restart, digests due in the last hour still go out.
    this.lastSwept = this.bucket(this.now() - hour);
  }

  /** "now": send this alert (it has been counted). "later": it joined the address's digest. */
  async admit(address: string, signIn: SignInFacts): Promise<"now" | "later"> {
    const key = addressKey(address);
    if (!(await this.store.get(`alerted:${key}`)) && (await this.emails.takeSparing(address))) {
      await this.store.set(`alerted:${key}`, "1", this.digestMs);
      return "now";
    }
    await this.hold(key, [JSON.stringify({ to: address, signIn })]);
    return "later";
  }

  /** The digests whose time has come, each taken by this process alone and counted against its address's budget. */
  async due(): Promise<Digest[]> {
    const current = this.bucket(this.now());
    const keys = new Set<string>();
    // The current minute again each time: a digest may be added to it after a sweep.
    for (let b = this.lastSwept; b <= current; b++) for (const key of await this.store.takeAll(`digests-due:${b}`)) keys.add(key);
    this.lastSwept = current;
    const digests: Digest[] = [];
    for (const key of keys) {
      const held = await this.store.takeAll(`digest:${key}`);
      if (!held.length) continue;
      const entries = held.map((e) => JSON.parse(e) as { to: string; signIn: SignInFacts });
      const to = entries[0]!.to;
      if (await this.emails.takeSparing(to)) {
        await this.store.set(`alerted:${key}`, "1", this.digestMs);
        digests.push({ to, signIns: entries.map((e) => e.signIn) });
      } else {
        await this.hold(key, held);
      }
    }
    return digests;
  }

  /** Drops what is kept for the address: its account is gone, and its pending digest with it. */
  async forget(address: string): Promise<void> {
    const key = addressKey(address);
    await this.store.delete(`alerted:${key}`);
    await this.store.delete(`digest:${key}`);
  }

  /** Adds sign-ins to the address's digest; the first one schedules it. */
  private async hold(key: string, entries: string[]): Promise<void> {
    let length = 0;
    for (const entry of entries) length = await this.store.append(`digest:${key}`, entry, 24 * hour);
    if (length === entries.length) await this.store.append(`digests-due:${this.bucket(this.now() + this.digestMs)}`, key, 24 * hour + this.digestMs);
  }

  private bucket(t: number): number {
    return Math.floor(t / this.bucketMs);
  }
}
