import { createHmac, randomInt } from "node:crypto";
import type { Identity } from "@ory/client-fetch";
import type { Deps } from "../deps";
import type { Store } from "../limits/store";
import type { Language } from "../../i18n/languages";
import { addressOf } from "./identity";
import { sameSecret } from "../http/form-token";

/**
 * Changing the address an account signs in with. Kratos's own way (the settings flow's
 * profile method, off in kratos.yml) would store the new address unproved and send no
 * code, so Hera proves it itself: a code to the new address, within the address's email
 * budget, and the change (one admin PATCH) only once that code is typed.
 *
 * Whether the new address already has an account is never shown: that address's owner
 * gets a notice instead of a code, and the page asks for a code all the same (one that
 * no code matches), as the sign-in page does for an address without an account.
 */

/** A change waiting for its code, one per identity; a newer request replaces it. */
type PendingChange = {
  address: string;
  /** The session that asked: only it may finish the change. */
  sessionId: string;
  /** HMAC of the code; absent when the address has an account (no code was sent). */
  codeMac?: string;
  lang: Language;
};

export type ChangeRequest = { identity: Identity; sessionId: string; address: string; lang: Language };

export type CodeCheck = { result: "changed"; from: string; to: string } | { result: "wrong"; attemptsLeft: number } | { result: "spent" | "none" | "taken" };

const key = (identityId: string) => `address-change:${identityId}`;
const wrongKey = (identityId: string) => `address-change-wrong:${identityId}`;
/** Wrong codes a change allows, as Kratos's code method does for a sign-in. */
export const attemptsPerChange = 3;

export class AddressChanges {
  constructor(
    private readonly store: Store,
    private readonly deps: Pick<Deps, "config" | "identities" | "limits" | "mailer" | "log">,
    private readonly lifespanMs: number,
  ) {}

  /**
   * Asks for the change: a code to the new address, or the notice if it has an account.
   * "budget" when the address has had its emails for now (whoever asked for them).
   */
  async request(change: ChangeRequest): Promise<"sent" | "budget"> {
    const { identity, address, lang } = change;
    if (!(await this.deps.limits.emails.take(address))) return "budget";
    const taken = await this.deps.identities.exists(address);
    const code = taken ? undefined : String(randomInt(0, 1_000_000)).padStart(6, "0");
    const pending: PendingChange = { address, sessionId: change.sessionId, codeMac: code && this.mac(identity.id, code), lang };
    await this.store.set(key(identity.id), JSON.stringify(pending), this.lifespanMs);
    await this.store.delete(wrongKey(identity.id));
    await this.deps.limits.cooldown.sent(key(identity.id));
    // Neither email is awaited: both answers take the same path and the same time.
    const link = `/settings/address/confirm${code ? `?code=${code}` : ""}`;
    if (code) void this.deps.mailer.sendOwn("address_change_code", address, link, lang, { code });
    else void this.deps.mailer.sendOwn("address_change_taken", address, "/login", lang);
    this.deps.log.info({ event: "address_change_requested", identity_id: identity.id }, "address change asked for");
    return "sent";
  }

  /** The new address a change waits for, if this session asked for one. */
  async pendingFor(identityId: string, sessionId: string): Promise<string | undefined> {
    const pending = await this.read(identityId);
    return pending?.sessionId === sessionId ? pending.address : undefined;
  }

  /** Seconds before another code may be asked for. */
  secondsBeforeResend(identityId: string): Promise<number> {
    return this.deps.limits.cooldown.secondsLeft(key(identityId));
  }

  /** Checks a typed code; the right one changes the address (applyAddressChange). */
  async confirm(deps: Deps, identity: Identity, sessionId: string, typed: string): Promise<CodeCheck> {
    const pending = await this.read(identity.id);
    if (!pending || pending.sessionId !== sessionId) return { result: "none" };
    if (Number((await this.store.get(wrongKey(identity.id))) ?? 0) >= attemptsPerChange) return { result: "spent" };
    const right = pending.codeMac !== undefined && /^[0-9]{6}$/.test(typed) && sameSecret(this.mac(identity.id, typed), pending.codeMac);
    if (!right) {
      const wrong = await this.store.increment(wrongKey(identity.id), this.lifespanMs);
      if (wrong >= attemptsPerChange) await this.store.delete(key(identity.id));
      return wrong >= attemptsPerChange ? { result: "spent" } : { result: "wrong", attemptsLeft: attemptsPerChange - wrong };
    }
    await this.store.delete(key(identity.id));
    // Someone signed up with it since the code went out.
    if (await deps.identities.exists(pending.address)) return { result: "taken" };
    const from = addressOf(identity);
    await applyAddressChange(deps, identity.id, pending.address, { by: "self", keepSession: sessionId, lang: pending.lang });
    return { result: "changed", from, to: pending.address };
  }

  /** Forgets a change waiting for its code (the account is being deleted). */
  async forget(identityId: string): Promise<void> {
    await this.store.delete(key(identityId));
  }

  private async read(identityId: string): Promise<PendingChange | undefined> {
    const raw = await this.store.get(key(identityId));
    return raw === undefined ? undefined : (JSON.parse(raw) as PendingChange);
  }

  private mac(identityId: string, code: string): string {
    return createHmac("sha256", this.deps.config.deviceSecret).update(`hera-address-change\0${identityId}\0${code}`).digest("base64url");
  }
}

/**
 * The change itself, for the account page (after the code) and for the operator
 * (hera-admin): one admin PATCH that sets the address and marks it proved (else Kratos
 * would keep it unverified, and a passkey could not sign in to it: kratos.yml), then every
 * other session ends, the old address is told (the new one partly hidden), and the
 * integrator's webhook hears of it.
 */
export async function applyAddressChange(
  deps: Deps,
  identityId: string,
  address: string,
  options: { by: "self" | "operator"; keepSession?: string; lang: Language },
): Promise<{ from: string; to: string; notified: Promise<boolean> }> {
  const identity = await deps.kratos.identities.getIdentity({ id: identityId });
  const from = addressOf(identity);
  await deps.kratos.identities.patchIdentity({
    id: identityId,
    jsonPatch: [
      { op: "replace", path: "/traits/email", value: address },
      {
        op: "replace",
        path: "/verifiable_addresses",
        value: [{ value: address, via: "email", verified: true, status: "completed", verified_at: new Date().toISOString() }],
      },
    ],
  });
  await endSessions(deps, identityId, options.keepSession);
  // The page does not wait for the email; the command line does (`notified`).
  const notified = deps.mailer.sendOwn("address_changed", from, "/login", options.lang, { newAddress: maskedAddress(address) });
  deps.webhooks.emit("identity.address_changed", { identity_id: identityId, email: address, previous_email: from });
  deps.log.info({ event: "address_changed", identity_id: identityId, by: options.by }, "address changed");
  return { from, to: address, notified };
}

/** Ends every session of the identity but `keep` (the browser that made the change). */
export async function endSessions(deps: Pick<Deps, "kratos">, identityId: string, keep?: string): Promise<number> {
  if (!keep) {
    const sessions = await deps.kratos.identities.listIdentitySessions({ id: identityId, active: true, pageSize: 1000 });
    if (sessions.length) await deps.kratos.identities.deleteIdentitySessions({ id: identityId });
    return sessions.length;
  }
  const sessions = await deps.kratos.identities.listIdentitySessions({ id: identityId, active: true, pageSize: 1000 });
  const others = sessions.filter((s) => s.id !== keep);
  for (const s of others) await deps.kratos.identities.disableSession({ id: s.id });
  return others.length;
}

/** "jo…@ex…e.com": enough for the owner to recognise an address, not enough to write to it. */
export function maskedAddress(address: string): string {
  const at = address.lastIndexOf("@");
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const name = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : "";
  const show = (s: string, n: number) => (s.length <= n ? s.slice(0, 1) : s.slice(0, n)) + "…";
  return `${show(local, 2)}@${show(name, 2)}${tld}`;
}
