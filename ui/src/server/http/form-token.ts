import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Hera's own account forms (sessions.ts) carry a token bound to the session that
 * rendered them: an HMAC of the session id, so Hera stores nothing and another site,
 * which cannot read the page, cannot write one. The label keeps these MACs apart from
 * the device cookie's, made with the same secret.
 */
export function formToken(secret: string, sessionId: string): string {
  return createHmac("sha256", secret).update(`hera-form-token\0${sessionId}`).digest("base64url");
}

export function isFormToken(secret: string, sessionId: string, token: unknown): boolean {
  return typeof token === "string" && sameSecret(token, formToken(secret, sessionId));
}

/** Two MACs compared in constant time (a form token, an address change's code). */
export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
