/**
 * How Hera keeps Kratos from telling anyone whether an address has an account.
 *
 * Kratos answers a sign-in code request for an unknown address with an error (4000035),
 * and a sign-up for a known address fails only after its code (4000007). So before a
 * code request reaches Kratos, Hera looks the address up (admin API) and, when Kratos
 * would answer differently (sign-in without an account, sign-up with one, or an address
 * past its email limit), hands Kratos the decoy address instead. Kratos then does exactly
 * what it does for a real address (finds an identity, stores a code, queues an email, moves
 * the flow to "code sent"), so status, headers, body, timing and every later step match;
 * the courier's email to the decoy is dropped by Hera. Hera remembers the flow as a decoy
 * and puts the typed address back wherever the flow is shown; every later submission
 * carries the address Kratos holds (gate/decide.ts), so the decoy's for a decoy flow. The person behind the address may get Hera's own notice instead
 * (no account yet / you already have one).
 */

/** The decoy identity's address: `.invalid` is reserved, so no mailbox can own it. */
export const decoyAddress = "decoy@hera.invalid";

/** Kratos's JSON with the decoy replaced by the address the person typed. */
export function withTypedAddress(json: string, shown: string): string {
  return json.split(goJsonString(decoyAddress)).join(goJsonString(shown));
}

/** A JSON string as Go's encoding/json writes it (Kratos escapes <, > and & too). */
export function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Flow objects (already parsed) with the decoy replaced, for pages Hera renders. */
export function flowWithTypedAddress<F>(flow: F, shown: string): F {
  return JSON.parse(withTypedAddress(JSON.stringify(flow), shown)) as F;
}
