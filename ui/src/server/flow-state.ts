import { createHash } from "node:crypto";
import type { Store } from "./store";

/**
 * What Hera remembers between requests, in the store (Redis or the local file), so every
 * Hera process and a restarted one agree. Per flow: when a code was last sent, wrong
 * codes, whether its code was used, the address it sent to, and whether it is a decoy.
 * Per address: emails sent in the window and the newest link. Addresses are keyed by a
 * hash, so the store does not hold them in the clear, except where a flow needs its own.
 */

const minute = 60_000;
const hour = 60 * minute;

/** One key per address however it was typed: Kratos lower-cases and trims emails too. */
export function addressKey(address: string): string {
  return createHash("sha256").update(address.trim().toLowerCase()).digest("base64url");
}

/** When each flow last had a code sent, so a resend waits its turn (60 seconds by default). */
export class ResendCooldown {
  constructor(
    private readonly store: Store,
    readonly seconds = 60,
    private readonly now: () => number = Date.now,
  ) {}

  /** A code went out for this flow just now. */
  async sent(flowId: string): Promise<void> {
    await this.store.set(`resend:${flowId}`, String(this.now()), this.seconds * 1000);
  }

  /** When a new code may be asked for (epoch ms), or undefined if it may be now. */
  async availableAt(flowId: string): Promise<number | undefined> {
    const sent = await this.store.get(`resend:${flowId}`);
    const at = sent === undefined ? undefined : Number(sent) + this.seconds * 1000;
    return at !== undefined && at > this.now() ? at : undefined;
  }

  /** Whole seconds left before a new code may be asked for; 0 when it may be now. */
  async secondsLeft(flowId: string): Promise<number> {
    const at = await this.availableAt(flowId);
    return at === undefined ? 0 : Math.ceil((at - this.now()) / 1000);
  }
}

/** Flows whose code already signed someone in (for a day), so their link says "already used". */
export class UsedFlows {
  constructor(private readonly store: Store) {}

  async add(flowId: string): Promise<void> {
    await this.store.set(`used:${flowId}`, "1", 24 * hour);
  }

  async has(flowId: string): Promise<boolean> {
    return (await this.store.get(`used:${flowId}`)) !== undefined;
  }
}

/**
 * The address each flow sent its code to (for an hour), so a link opened on another
 * device can offer "sign in on this device instead" with the address filled in, and the
 * newest-link check knows whose link it is, without putting the address in the link.
 */
export class FlowAddresses {
  constructor(private readonly store: Store) {}

  async set(flowId: string, address: string): Promise<void> {
    await this.store.set(`address:${flowId}`, address, hour);
  }

  async get(flowId: string): Promise<string | undefined> {
    return this.store.get(`address:${flowId}`);
  }
}

/** Wrong codes per flow: the third ends the flow, whichever Hera process saw each. */
export class WrongCodes {
  constructor(
    private readonly store: Store,
    readonly limit = 3,
  ) {}

  async count(flowId: string): Promise<number> {
    return Number((await this.store.get(`wrong:${flowId}`)) ?? 0);
  }

  /** One more wrong code; returns how many this flow has had. */
  async add(flowId: string): Promise<number> {
    return this.store.increment(`wrong:${flowId}`, hour);
  }

  async spent(flowId: string): Promise<boolean> {
    return (await this.count(flowId)) >= this.limit;
  }
}

/**
 * Flows whose code went to the decoy instead of the address typed (see decoy.ts), with
 * the address as Kratos would have shown it, so Hera can show that instead.
 */
export class DecoyFlows {
  constructor(private readonly store: Store) {}

  /**
   * Records where this flow's code went: to the decoy (with the address to show) or to
   * the address itself (undefined). Both are the same write, so neither path is slower:
   * a delete instead of a write made real codes about 1 ms faster, measured.
   */
  async route(flowId: string, decoyShowing: string | undefined): Promise<void> {
    await this.store.set(`decoy:${flowId}`, decoyShowing ?? "", hour);
  }

  /** The address a decoy flow shows, or undefined for a flow whose code went to its address. */
  async addressOf(flowId: string): Promise<string | undefined> {
    return (await this.store.get(`decoy:${flowId}`)) || undefined;
  }
}

/** Emails to one address, whoever asks: at most `limit` in `windowMs` (3 in 15 minutes). */
export class EmailsPerAddress {
  constructor(
    private readonly store: Store,
    readonly limit = 3,
    readonly windowMs = 15 * minute,
  ) {}

  /** Counts one email about to go to the address; false once it is past the limit. */
  async take(address: string): Promise<boolean> {
    return (await this.store.increment(`emails:${addressKey(address)}`, this.windowMs)) <= this.limit;
  }
}

/**
 * The newest sign-in link sent to each address (a hash of its flow and code), so an older
 * link that is still within its lifespan says "a newer link was sent" instead of working.
 */
export class NewestLinks {
  constructor(
    private readonly store: Store,
    private readonly ttlMs = 24 * hour,
  ) {}

  async sent(address: string, flowId: string, code: string): Promise<void> {
    await this.store.set(`newest:${addressKey(address)}`, linkHash(flowId, code), this.ttlMs);
  }

  /** True when a later link went to this address than the one with this flow and code. */
  async superseded(address: string, flowId: string, code: string): Promise<boolean> {
    const newest = await this.store.get(`newest:${addressKey(address)}`);
    return newest !== undefined && newest !== linkHash(flowId, code);
  }
}

function linkHash(flowId: string, code: string): string {
  return createHash("sha256").update(`${flowId}:${code}`).digest("base64url");
}

