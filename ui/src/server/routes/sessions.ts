import express, { type Express, type RequestHandler } from "express";
import type { Deps } from "../app";
import { cookiesOf } from "../kratos";
import { isUuid } from "../ids";
import { onKratosRefusal } from "./settings";

/**
 * POST /settings/sessions/:id/revoke and /settings/sessions/revoke-others: the sessions
 * list's buttons (plain forms, no scripts needed). Kratos revokes with the browser's own
 * session cookie, so a request can only end sessions of the account it is signed in to.
 */
export function registerSessions(app: Express, deps: Deps): void {
  const form = [sameOrigin(deps), express.urlencoded({ extended: false, limit: "1kb" })];

  app.post("/settings/sessions/revoke-others", ...form, async (req, res, next) => {
    try {
      await deps.frontend.disableMyOtherSessions({ cookie: cookiesOf(req) });
      res.redirect(303, "/settings?revoked=others#sessions");
    } catch (err) {
      onKratosRefusal(deps, err, req, res, next);
    }
  });

  app.post("/settings/sessions/:id/revoke", ...form, async (req, res, next) => {
    const id = req.params.id;
    if (!isUuid(id)) {
      res.status(404).render("message", { title: "No such session", heading: "No such session", body: "It may already be signed out.", action: { href: "/settings#sessions", label: "Back to your sessions" } });
      return;
    }
    try {
      await deps.frontend.disableMySession({ id, cookie: cookiesOf(req) });
      res.redirect(303, "/settings?revoked=one#sessions");
    } catch (err) {
      onKratosRefusal(deps, err, req, res, next);
    }
  });
}

/**
 * Hera's own forms post from Hera's pages only: a browser names the page's origin in
 * `Origin` (and Sec-Fetch-Site), so another site's form is refused before Kratos is asked.
 * (Kratos's session cookie is SameSite=Lax too, a second lock.)
 */
export function sameOrigin(deps: Deps): RequestHandler {
  const expected = deps.config.origin.origin;
  return (req, res, next) => {
    const origin = req.header("origin");
    const site = req.header("sec-fetch-site");
    if ((origin !== undefined && origin !== expected) || (site !== undefined && site !== "same-origin")) {
      res.status(403).render("message", { title: "Refused", heading: "That request came from another site", body: "For your safety, changes to your account can only be made from this site's own pages.", action: { href: "/settings", label: "Go to your account" } });
      return;
    }
    next();
  };
}
