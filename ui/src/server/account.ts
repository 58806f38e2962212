import type { Request, RequestHandler, Response } from "express";
import type { Deps } from "./app";
import { kratosFailure } from "./kratos";
import { unavailable } from "./flows";

/** What the account page's routes (settings.ts, sessions.ts) share. */

/** What Kratos's refusals mean for the account page: sign in, take the second step, or a new flow. */
export function onKratosRefusal(deps: Deps, err: unknown, req: Request, res: Response, next: (err?: unknown) => void): void {
  const failure = kratosFailure(err);
  if (!failure) return next(unavailable(err));
  const here = new URL("/settings", deps.config.origin).toString();
  if (failure.status === 401) return res.redirect(303, `/login?return_to=${encodeURIComponent(here)}`);
  if (failure.status === 403 && failure.id === "session_aal2_required") {
    const stepUp = new URL("/self-service/login/browser", deps.config.origin);
    stepUp.searchParams.set("aal", "aal2");
    stepUp.searchParams.set("return_to", here);
    return res.redirect(303, failure.redirectTo ?? stepUp.toString());
  }
  // Not this browser's flow, or gone: a new one (unless this was the page with no flow,
  // where a redirect would come straight back).
  const pageWithoutFlow = req.method === "GET" && req.query.flow === undefined;
  if ([400, 403, 404, 410].includes(failure.status) && !pageWithoutFlow) return res.redirect(303, "/settings");
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
      res.status(403).render("message", { title: "Refused", heading: "That request came from another site", body: "For your safety, changes to your account can only be made from this site's own pages.", action: { href: "/settings", label: "Go to your account" } });
      return;
    }
    next();
  };
}
