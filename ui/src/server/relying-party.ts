/**
 * What browsers accept as the relying party of passkeys and security keys, in one place for
 * the launcher (which switches them off where they cannot work), compose's preflight (which
 * says so) and production's checks (which refuse a mismatch).
 */
import { isIP } from "node:net";

/** An origin's host as a relying party compares it: lower case, an IPv6 address unbracketed. */
export function hostOf(origin: string): string {
  return new URL(origin).hostname.replace(/^\[|\]$/g, "").toLowerCase();
}

/** Browsers refuse an IP address as a relying party, whatever it is set to. */
export function passkeysPossibleOn(origin: string): boolean {
  return !isIP(hostOf(origin));
}

/** A relying party serves a page's host when it is that host or a parent domain of it. */
export function relyingPartyServes(rpId: string, host: string): boolean {
  const rp = rpId.toLowerCase();
  return host === rp || host.endsWith(`.${rp}`);
}
