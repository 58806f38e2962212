import type { RequestHandler, Response } from "express";
import type { Session } from "@ory/client-fetch";
import type { Deps } from "../deps";
import { cookiesOf } from "../kratos/client";
import { kratosFailure, sendToSignIn, unavailable } from "../kratos/refusals";

/**
 * Every Hera path that reads or changes an account lives under one of these. app.ts
 * mounts signedIn() on them before any route, so a route added there later is guarded
 * without asking; app.test.ts fails on a route that is neither here nor named anonymous.
 */
export const accountPaths = ["/settings", "/welcome"] as const;

/**
 * The session as Kratos's whoami judges it: whoami applies `highest_available`, so a
 * session that has passed only the email step of an account with a second factor is
 * refused here (403 session_aal2_required) like one that does not exist. Kratos's own
 * session endpoints (list, revoke) do not check the assurance level; Hera's routes must.
 * Signed out, the browser signs in and comes back; short of its second step, it takes it.
 */
export function signedIn(deps: Deps): RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals.session = await deps.kratos.frontend.toSession({ cookie: cookiesOf(req) });
      next();
    } catch (err) {
      const failure = await kratosFailure(err);
      if (!failure) return next(unavailable(err));
      // A form cannot be replayed after signing in: come back to the page it was on.
      const here = req.method === "GET" || req.method === "HEAD" ? req.baseUrl + (req.path === "/" ? "" : req.path) : "/settings";
      if (sendToSignIn(failure, deps.config.origin, here, res)) return;
      next(err);
    }
  };
}

/** The session signedIn() read for this request. */
export function sessionOf(res: Response): Session {
  const session = (res.locals as { session?: Session }).session;
  if (!session) throw new Error("sessionOf() outside signedIn(): this route is not under accountPaths");
  return session;
}
