import type { Store } from "./store";

/**
 * What Hera remembers per flow, in the store (Redis or the local file), so every Hera
 * process and a restarted one agree: when a code was last sent, wrong codes, whether its
 * code was used, and the address it was asked for (with whether its emails went to the
 * decoy). That address is kept in the clear for an hour: the flow's page shows it, and a
 * decoy flow's address exists nowhere else.
 */

const minute = 60_000;
const hour = 60 * minute;

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
 * The address a flow was asked for, whether Kratos holds the decoy's instead, and the
 * language it was asked in (the sign-in alert after it is written in that language).
 */
export type FlowRecord = { address: string; decoy: boolean; lang?: string };

/**
 * Each flow's address, for an hour: its page shows it, a link opened on another device
 * offers it, the newest-email check knows whose flow it is. A decoy flow (flow/decoy.ts)
 * shows it where Kratos would show the decoy's.
 */
export class FlowRecords {
  constructor(private readonly store: Store) {}

  /**
   * Both routes make the same write, so neither is slower: a delete instead of a write
   * made real codes about 1 ms faster than decoys, measured.
   */
  async set(flowId: string, record: FlowRecord): Promise<void> {
    await this.store.set(`flow:${flowId}`, JSON.stringify(record), hour);
  }

  async get(flowId: string): Promise<FlowRecord | undefined> {
    const raw = await this.store.get(`flow:${flowId}`);
    return raw === undefined ? undefined : (JSON.parse(raw) as FlowRecord);
  }
}
