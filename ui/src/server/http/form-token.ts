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
  if (typeof token !== "string") return false;
  const expected = Buffer.from(formToken(secret, sessionId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
