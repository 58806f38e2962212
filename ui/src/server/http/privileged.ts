import type { Response } from "express";
import type { Session } from "@ory/client-fetch";
import type { Deps } from "../deps";

/**
 * Kratos's privileged window, applied to Hera's own account changes (the address, deleting
 * the account) as Kratos applies it to its settings flow: the session's last sign-in must
 * be recent (privileged_session_max_age, 15 minutes). Older, the browser signs in again
 * with a fresh code (Kratos's refresh sign-in) and comes back to `path`.
 */
export function isPrivileged(deps: Pick<Deps, "config">, session: Session, now = Date.now()): boolean {
  const at = session.authenticated_at?.getTime();
  return at !== undefined && now - at < deps.config.privilegedWindowMs;
}

/** Sends the browser to sign in again, then back to `path` (an account page of Hera's). */
export function reauthenticate(deps: Pick<Deps, "config">, res: Response, path: string): void {
  const start = new URL("/self-service/login/browser", deps.config.origin);
  start.searchParams.set("refresh", "true");
  start.searchParams.set("return_to", new URL(path, deps.config.origin).toString());
  res.redirect(303, start.toString());
}
