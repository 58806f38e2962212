import type { Express } from "express";
import type { Deps } from "../deps";
import { cookiesOf } from "../kratos/client";
import { kratosFailure, meaningOf, unavailable } from "../kratos/refusals";
import { showMessage } from "../http/message-page";

/**
 * GET /logout: asks before signing out. Kratos's logout URL carries a token bound to the
 * session, so a link on another site cannot sign anyone out; this page only offers it.
 */
export function registerLogout(app: Express, deps: Deps): void {
  app.get("/logout", async (req, res, next) => {
    try {
      const data = await deps.kratos.frontend.createBrowserLogoutFlow({ cookie: cookiesOf(req) });
      showMessage(res, 200, {
        heading: "page.sign_out.heading",
        body: "page.sign_out.body",
        action: { href: data.logout_url, label: "page.sign_out", id: "sign-out" },
      });
    } catch (err) {
      const failure = await kratosFailure(err);
      if (!failure) return next(unavailable(err));
      if (meaningOf(failure) === "sign_in") return res.redirect(303, "/login");
      next(err);
    }
  });
}
