import express, { type Request, type RequestHandler, type Response } from "express";
import { isFormToken } from "./form-token";
import { sessionOf } from "./signed-in";
import type { Deps } from "../deps";
import { kratosFailure, meaningOf, sendToSignIn, unavailable } from "../kratos/refusals";
import { showMessage, type MessagePage } from "./message-page";

/** What the account page's routes (settings.ts, sessions.ts) share. */

/** What Kratos's refusals mean for the account page: sign in, take the second step, or a new flow. */
export async function onKratosRefusal(deps: Deps, err: unknown, req: Request, res: Response, next: (err?: unknown) => void): Promise<void> {
  const failure = await kratosFailure(err);
  if (!failure) return next(unavailable(err));
  if (sendToSignIn(failure, deps.config.origin, "/settings", res)) return;
  // Not this browser's flow, or gone: a new one (unless this was the page with no flow,
  // where a redirect would come straight back).
  const pageWithoutFlow = req.method === "GET" && req.query.flow === undefined;
  const meaning = meaningOf(failure);
  if ((meaning === "gone" || meaning === "other_browser" || failure.status === 403) && !pageWithoutFlow) return res.redirect(303, "/settings");
  next(err);
}

export const noticeCookie = "hera_notice";

/** What the account page says once after a change: a session or all others signed out, the address changed. */
export type AccountNotice = "one" | "others" | "address";

/**
 * What was just done, for the account page to say: in a one-shot cookie, as the page
 * first passes through Kratos (a new settings flow), which keeps no query of ours.
 */
export function sayOnNextPage(deps: Deps, res: Response, what: AccountNotice): void {
  res.cookie(noticeCookie, what, { httpOnly: true, sameSite: "lax", secure: deps.config.env === "production", maxAge: 60_000, path: "/settings" });
}

/**
 * Hera's own forms post from Hera's pages only. Browsers say where a request comes from
 * in Sec-Fetch-Site, and in Origin (Hera's Referrer-Policy, same-origin, keeps its own
 * forms' Origin whole). Deny by default: another site, a sandboxed frame or a privacy
 * redirect (Origin: null), or a request that names no origin at all is refused before
 * Kratos is asked. Kratos's session cookie is SameSite=Lax, a second lock; the form token
 * (accountForm) a third.
 */
export function sameOrigin(deps: Deps, refusal: Pick<MessagePage, "body" | "action">): RequestHandler {
  const expected = deps.config.origin.origin;
  return (req, res, next) => {
    const site = req.header("sec-fetch-site");
    const origin = req.header("origin");
    const ours = site !== undefined ? site === "same-origin" && (origin === undefined || origin === expected) : origin === expected;
    if (!ours) {
      return showMessage(res, 403, { heading: "page.cross_site.heading", ...refusal });
    }
    next();
  };
}

/**
 * The account page's own forms (routes/sessions.ts): from this site, small, and carrying
 * the form token of the session signedIn() found.
 */
export function accountForm(deps: Deps): RequestHandler[] {
  const refusal = { body: "page.cross_site.account", action: { href: "/settings", label: "page.go_to_account" } } satisfies Pick<
    MessagePage,
    "body" | "action"
  >;
  return [
    sameOrigin(deps, refusal),
    express.urlencoded({ extended: false, limit: "1kb" }),
    (req, res, next) => {
      const token = (req.body as Record<string, unknown> | undefined)?.form_token;
      if (isFormToken(deps.config.deviceSecret, sessionOf(res).id, token)) return next();
      showMessage(res, 403, { heading: "page.form_expired.heading", body: "page.form_expired.body", action: refusal.action });
    },
  ];
}
