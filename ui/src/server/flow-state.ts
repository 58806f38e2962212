/**
 * What Hera remembers about flows between requests: when a code was last sent, which
 * flows' codes were used, and which address each flow sent to. Kept in this process;
 * the abuse-resistance work moves state that must hold across processes to Redis.
 */

/** A map whose entries lapse after `ttlMs`; lapsed ones are swept as it grows. */
class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  set(key: string, value: V): void {
    this.entries.set(key, { value, at: this.now() });
    if (this.entries.size > 10_000) {
      for (const [k, e] of this.entries) if (!this.live(e)) this.entries.delete(k);
    }
  }

  /** The value and when it was set, while it lives. */
  get(key: string): { value: V; at: number } | undefined {
    const entry = this.entries.get(key);
    return entry && this.live(entry) ? entry : undefined;
  }

  private live(entry: { at: number }): boolean {
    return entry.at + this.ttlMs > this.now();
  }
}

/** When each flow last had a code sent, so a resend waits its turn (60 seconds by default). */
export class ResendCooldown {
  private readonly sentAt: ExpiringMap<true>;

  constructor(
    readonly seconds = 60,
    private readonly now: () => number = Date.now,
  ) {
    this.sentAt = new ExpiringMap(seconds * 1000, now);
  }

  /** A code went out for this flow just now. */
  sent(flowId: string): void {
    this.sentAt.set(flowId, true);
  }

  /** When a new code may be asked for (epoch ms), or undefined if it may be now. */
  availableAt(flowId: string): number | undefined {
    const sent = this.sentAt.get(flowId);
    return sent && sent.at + this.seconds * 1000;
  }

  /** Whole seconds left before a new code may be asked for; 0 when it may be now. */
  secondsLeft(flowId: string): number {
    const at = this.availableAt(flowId);
    return at === undefined ? 0 : Math.ceil((at - this.now()) / 1000);
  }
}

/** Flows whose code already signed someone in (for a day), so their link says "already used". */
export class UsedFlows {
  private readonly used: ExpiringMap<true>;

  constructor(now: () => number = Date.now) {
    this.used = new ExpiringMap(86_400_000, now);
  }

  add(flowId: string): void {
    this.used.set(flowId, true);
  }

  has(flowId: string): boolean {
    return this.used.get(flowId) !== undefined;
  }
}

/**
 * The address each flow sent its code to (for an hour), so a link opened on another
 * device can offer "sign in on this device instead" with the address filled in, without
 * putting the address in the link.
 */
export class FlowAddresses {
  private readonly addresses: ExpiringMap<string>;

  constructor(now: () => number = Date.now) {
    this.addresses = new ExpiringMap(3_600_000, now);
  }

  set(flowId: string, address: string): void {
    this.addresses.set(flowId, address);
  }

  get(flowId: string): string | undefined {
    return this.addresses.get(flowId)?.value;
  }
}
