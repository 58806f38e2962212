import type { Express } from "express";
import type { Deps } from "../deps";
import { cookiesOf } from "../kratos/client";
import { isCanonicalId } from "../kratos/ids";
import { accountForm, onKratosRefusal, sayOnNextPage } from "../http/account";
import { showMessage } from "../http/message-page";

/**
 * POST /settings/sessions/:id/revoke and /settings/sessions/revoke-others: the sessions
 * list's buttons (plain forms, no scripts needed). signedIn() (app.ts) has already judged
 * the session, second step included: Kratos's own revoke does not. Kratos revokes with
 * the browser's own session cookie, so a request can only end sessions of its account.
 */
export function registerSessions(app: Express, deps: Deps): void {
  const form = accountForm(deps);

  app.post("/settings/sessions/revoke-others", ...form, async (req, res, next) => {
    try {
      await deps.kratos.frontend.disableMyOtherSessions({ cookie: cookiesOf(req) });
      sayOnNextPage(deps, res, "others");
      res.redirect(303, "/settings#sessions");
    } catch (err) {
      await onKratosRefusal(deps, err, req, res, next);
    }
  });

  app.post("/settings/sessions/:id/revoke", ...form, async (req, res, next) => {
    const id = req.params.id;
    if (!isCanonicalId(id)) {
      return showMessage(res, 404, {
        heading: "page.no_session.heading",
        body: "page.no_session.body",
        action: { href: "/settings#sessions", label: "page.no_session.action" },
      });
    }
    try {
      await deps.kratos.frontend.disableMySession({ id, cookie: cookiesOf(req) });
      sayOnNextPage(deps, res, "one");
      res.redirect(303, "/settings#sessions");
    } catch (err) {
      await onKratosRefusal(deps, err, req, res, next);
    }
  });
}
