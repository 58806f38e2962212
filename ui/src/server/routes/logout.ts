import type { Express } from "express";
import type { Deps } from "../deps";
import { cookiesOf } from "../kratos/client";
import { kratosFailure, meaningOf, unavailable } from "../kratos/refusals";
import { showMessage } from "../http/message-page";
import { allowedReturnTo } from "../http/paths";

/**
 * GET /logout: asks before signing out. Kratos's logout URL carries a token bound to the
 * session, so a link on another site cannot sign anyone out; this page only offers it.
 * `?return_to=` (an integrator's app, under the allowed return URLs) is where the browser
 * goes afterwards, and at once when it is signed out already.
 */
export function registerLogout(app: Express, deps: Deps): void {
  app.get("/logout", async (req, res, next) => {
    // An empty value counts as absent, as in the gate's reading of a form.
    const asked = typeof req.query.return_to === "string" && req.query.return_to !== "" ? req.query.return_to : undefined;
    const returnTo = allowedReturnTo(asked, deps.config.origin, deps.config.allowedReturnUrls);
    if (asked !== undefined && !returnTo) {
      return showMessage(res, 400, { heading: "page.error.heading", body: "page.error.return_to" });
    }
    try {
      const data = await deps.kratos.frontend.createBrowserLogoutFlow({ cookie: cookiesOf(req), returnTo: returnTo?.toString() });
      showMessage(res, 200, {
        heading: "page.sign_out.heading",
        body: "page.sign_out.body",
        action: { href: data.logout_url, label: "page.sign_out", id: "sign-out" },
      });
    } catch (err) {
      const failure = await kratosFailure(err);
      if (!failure) return next(unavailable(err));
      if (meaningOf(failure) === "sign_in") return res.redirect(303, returnTo?.toString() ?? "/login");
      next(err);
    }
  });
}
