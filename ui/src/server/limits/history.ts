import type { Store } from "./store";

/**
 * One completed sign-in step as the after-login hook told it (routes/sign-in.ts): the
 * first step of a new session, a second step added to it, or a re-authentication.
 */
export type SignInStep = {
  /** When it was completed (ISO 8601). */
  at: string;
  step: "first" | "second" | "refresh";
  /** Kratos's method: code, passkey, totp, lookup_secret, webauthn. */
  method: string;
  ip: string;
  userAgent: string;
};

/** A sign-in as the account page lists it: its first step and the second step it took, if any. */
export type SignIn = SignInStep & { secondStep?: string };

/**
 * Each identity's recent sign-ins, for its owner's account page and data export. Kept
 * per identity (by id, never by address) for `retentionMs` after the newest, and only
 * the newest steps: enough for `shown` sign-ins with a second step and a
 * re-authentication each.
 */
export class SignInHistory {
  constructor(
    private readonly store: Store,
    readonly retentionMs: number,
    readonly shown = 20,
    private readonly now: () => number = Date.now,
  ) {}

  async record(identityId: string, step: SignInStep): Promise<void> {
    await this.store.append(this.key(identityId), JSON.stringify(step), this.retentionMs, this.shown * 3);
  }

  /** The newest sign-ins first, at most `shown`, none older than the retention. */
  async signIns(identityId: string): Promise<SignIn[]> {
    const oldest = this.now() - this.retentionMs;
    const steps = (await this.store.list(this.key(identityId)))
      .map((raw) => JSON.parse(raw) as SignInStep)
      .filter((s) => Date.parse(s.at) >= oldest)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const signIns: SignIn[] = [];
    for (const step of steps) {
      // A second step belongs to the sign-in from the same browser just before it.
      const opened = signIns.findLast((s) => s.userAgent === step.userAgent && s.step === "first");
      if (step.step === "second" && opened && !opened.secondStep) opened.secondStep = step.method;
      else if (step.step !== "second") signIns.push({ ...step });
    }
    return signIns.reverse().slice(0, this.shown);
  }

  /** Everything kept of this identity (its account was deleted). */
  async forget(identityId: string): Promise<void> {
    await this.store.delete(this.key(identityId));
  }

  private key(identityId: string): string {
    return `history:${identityId}`;
  }
}
