import { createHash } from "node:crypto";
import type { Store } from "./store";

/**
 * What Hera remembers per address. Every key is a hash of the address (the address rule's
 * string), so the store holds no address here in the clear.
 */

const minute = 60_000;
const hour = 60 * minute;

/** One key per address: the address rule (gate/address.ts) has already lower-cased it. */
export function addressKey(address: string): string {
  return createHash("sha256").update(address.trim().toLowerCase()).digest("base64url");
}

/**
 * Emails to one address, whoever asks: at most `limit` in `windowMs` (3 in 15 minutes). A
 * browser that has signed in to the address's account before (limits/device.ts) draws on
 * an allowance of its own, so a stranger who spends the address's allowance cannot keep
 * its owner out.
 */
export class EmailsPerAddress {
  constructor(
    private readonly store: Store,
    readonly limit = 3,
    readonly windowMs = 15 * minute,
  ) {}

  /** Counts one email about to go to the address; false once it is past the limit. */
  async take(address: string, device?: string): Promise<boolean> {
    return (await this.store.increment(this.key(address, device), this.windowMs)) <= this.limit;
  }

  /**
   * Kratos sent nothing after all (a wrong CSRF token, an expired flow): the count goes
   * back, so a stranger's refused requests cannot spend an address's allowance. (Counted
   * first, then given back: two requests at once can never both take the last email.)
   */
  async giveBack(address: string, device?: string): Promise<void> {
    await this.store.uncount(this.key(address, device));
  }

  /** Gives the address its whole allowance back (the operator's `hera-admin clear-limits`). */
  async clear(address: string): Promise<void> {
    await this.store.delete(this.key(address));
  }

  private key(address: string, device?: string): string {
    return `emails:${addressKey(address)}${device ? `:device:${device}` : ""}`;
  }

  /**
   * Counts one email that can wait (a sign-in alert, limits/alerts.ts), but never the
   * window's last: that one is kept for a code, so an alert never costs the owner a
   * sign-in on a new device. (Checked, then counted: two alerts at once may both pass,
   * and only the owner's own sign-ins make alerts.)
   */
  async takeSparing(address: string): Promise<boolean> {
    const key = `emails:${addressKey(address)}`;
    const spare = this.limit > 1 ? this.limit - 1 : this.limit;
    if (Number((await this.store.get(key)) ?? 0) >= spare) return false;
    return (await this.store.increment(key, this.windowMs)) <= spare;
  }
}

/**
 * The newest email sent to each address: the flow it belongs to (a typed code from any
 * other flow is refused) and a hash of its link (flow and code: an older link, even of the
 * same flow before a resend, says "a newer link was sent" instead of working).
 */
export class NewestEmails {
  constructor(
    private readonly store: Store,
    private readonly ttlMs = 24 * hour,
  ) {}

  /** An email for this flow was allowed to go to the address (a code, a notice, or the decoy's). */
  async flowSent(address: string, flowId: string): Promise<void> {
    await this.store.set(`newest-flow:${addressKey(address)}`, flowId, this.ttlMs);
  }

  async newestFlow(address: string): Promise<string | undefined> {
    return this.store.get(`newest-flow:${addressKey(address)}`);
  }

  /** The courier handed over this flow's email with this code. */
  async linkSent(address: string, flowId: string, code: string): Promise<void> {
    await this.store.set(`newest-link:${addressKey(address)}`, linkHash(flowId, code), this.ttlMs);
  }

  /** True when a later link went to this address than the one with this flow and code. */
  async superseded(address: string, flowId: string, code: string): Promise<boolean> {
    const newest = await this.store.get(`newest-link:${addressKey(address)}`);
    return newest !== undefined && newest !== linkHash(flowId, code);
  }

  /**
   * The email with this flow's code reached SMTP. Kratos's courier notes a message sent
   * only after Hera answers: stopped in between, it hands the message over again.
   */
  async delivered(address: string, flowId: string, code: string): Promise<void> {
    await this.store.set(`delivered:${addressKey(address)}:${linkHash(flowId, code)}`, "1", hour);
  }

  async wasDelivered(address: string, flowId: string, code: string): Promise<boolean> {
    return (await this.store.get(`delivered:${addressKey(address)}:${linkHash(flowId, code)}`)) !== undefined;
  }

  /** Drops what is kept for the address (its account is gone); the hourly delivery marks lapse by themselves. */
  async forget(address: string): Promise<void> {
    await this.store.delete(`newest-flow:${addressKey(address)}`);
    await this.store.delete(`newest-link:${addressKey(address)}`);
  }

  /** True when this flow and code are the newest link sent to the address: whoever has it has the email. */
  async isNewestLink(address: string, flowId: string, code: string): Promise<boolean> {
    return (await this.store.get(`newest-link:${addressKey(address)}`)) === linkHash(flowId, code);
  }
}

function linkHash(flowId: string, code: string): string {
  return createHash("sha256").update(`${flowId}:${code}`).digest("base64url");
}
