import express, { type Express } from "express";
import type { Deps } from "../app";
import { cookiesOf } from "../kratos";
import { isUuid } from "../ids";
import { onKratosRefusal, sameOrigin, sayOnNextPage } from "../account";

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
      sayOnNextPage(deps, res, "others");
      res.redirect(303, "/settings#sessions");
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
      sayOnNextPage(deps, res, "one");
      res.redirect(303, "/settings#sessions");
    } catch (err) {
      onKratosRefusal(deps, err, req, res, next);
    }
  });
}
