/**
 * When each flow last had a code sent, so a resend can wait its turn (60 seconds by
 * default). Kept in this process; the abuse-resistance work moves limits that must hold
 * across processes to Redis.
 */
export class ResendCooldown {
  private readonly sentAt = new Map<string, number>();

  constructor(
    readonly seconds = 60,
    private readonly now: () => number = Date.now,
  ) {}

  /** A code went out for this flow just now. */
  sent(flowId: string): void {
    this.sentAt.set(flowId, this.now());
    this.forgetOld();
  }

  /** When a new code may be asked for (epoch ms), or undefined if it may be now. */
  availableAt(flowId: string): number | undefined {
    const at = this.sentAt.get(flowId);
    if (at === undefined) return undefined;
    const ready = at + this.seconds * 1000;
    return ready > this.now() ? ready : undefined;
  }

  /** Whole seconds left before a new code may be asked for; 0 when it may be now. */
  secondsLeft(flowId: string): number {
    const at = this.availableAt(flowId);
    return at === undefined ? 0 : Math.ceil((at - this.now()) / 1000);
  }

  private forgetOld(): void {
    if (this.sentAt.size < 10_000) return;
    const cutoff = this.now() - this.seconds * 1000;
    for (const [id, at] of this.sentAt) if (at < cutoff) this.sentAt.delete(id);
  }
}

/**
 * Flows whose code already signed someone in, so their link can say "already used"
 * instead of offering a spent code. Kept in this process, like the cooldown.
 */
export class UsedFlows {
  private readonly used = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  add(flowId: string): void {
    this.used.set(flowId, this.now());
    if (this.used.size > 10_000) {
      const dayAgo = this.now() - 86_400_000;
      for (const [id, at] of this.used) if (at < dayAgo) this.used.delete(id);
    }
  }

  has(flowId: string): boolean {
    return this.used.has(flowId);
  }
}

/**
 * The address each flow sent its code to, so a link opened on another device can offer
 * "sign in on this device instead" with the address filled in, without putting the
 * address in the link. Forgotten after an hour.
 */
export class FlowAddresses {
  private readonly addresses = new Map<string, { address: string; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  set(flowId: string, address: string): void {
    this.addresses.set(flowId, { address, at: this.now() });
    if (this.addresses.size > 10_000) {
      const hourAgo = this.now() - 3_600_000;
      for (const [id, entry] of this.addresses) if (entry.at < hourAgo) this.addresses.delete(id);
    }
  }

  get(flowId: string): string | undefined {
    const entry = this.addresses.get(flowId);
    return entry && entry.at > this.now() - 3_600_000 ? entry.address : undefined;
  }
}
