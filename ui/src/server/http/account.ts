import type { Request, RequestHandler, Response } from "express";
import type { Deps } from "../deps";
import { kratosFailure, meaningOf, sendToSignIn, unavailable } from "../kratos/refusals";

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

export const revokedCookie = "hera_revoked";

/**
 * What was just signed out, for the account page to say: in a one-shot cookie, as the
 * page first passes through Kratos (a new settings flow), which keeps no query of ours.
 */
export function sayOnNextPage(deps: Deps, res: Response, what: "one" | "others"): void {
  res.cookie(revokedCookie, what, { httpOnly: true, sameSite: "lax", secure: deps.config.env === "production", maxAge: 60_000, path: "/settings" });
}

/**
 * Hera's own forms post from Hera's pages only. Browsers say where a request comes from in
 * Sec-Fetch-Site; older ones only in Origin, which Hera's no-referrer policy turns into
 * "null" for its own forms. Another site's form is refused before Kratos is asked (and
 * Kratos's session cookie is SameSite=Lax, a second lock).
 */
export function sameOrigin(deps: Deps): RequestHandler {
  const expected = deps.config.origin.origin;
  return (req, res, next) => {
    const site = req.header("sec-fetch-site");
    const origin = req.header("origin");
    const foreign = site !== undefined ? site !== "same-origin" : origin !== undefined && origin !== expected && origin !== "null";
    if (foreign) {
      res.status(403).render("message", {
        title: "Refused",
        heading: "That request came from another site",
        body: "For your safety, changes to your account can only be made from this site's own pages.",
        action: { href: "/settings", label: "Go to your account" },
      });
      return;
    }
    next();
  };
}
