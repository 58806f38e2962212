import type { Express } from "express";
import type { Deps } from "../deps";
import { cookiesOf } from "../kratos/client";
import { unavailable } from "../kratos/refusals";
import { sessionOf } from "../http/signed-in";
import { methodName, readableTime as readable } from "../in-words";
import { textOf } from "../http/language";

/** GET /welcome: the signed-in landing page; shows who you are and lets you sign out. */
export function registerWelcome(app: Express, deps: Deps): void {
  app.get("/welcome", async (req, res, next) => {
    // signedIn() (app.ts) has judged the session, second step included.
    const session = sessionOf(res);
    try {
      const logout = await deps.kratos.frontend.createBrowserLogoutFlow({ cookie: cookiesOf(req) });
      const traits = (session.identity?.traits ?? {}) as { email?: string };
      const text = textOf(res);
      res.render("welcome", {
        title: text.t("page.welcome.title"),
        email: traits.email,
        identityId: session.identity?.id,
        aal: session.authenticator_assurance_level,
        methods: new Intl.ListFormat(text.lang).format((session.authentication_methods ?? []).map((m) => methodName(m.method ?? "", text))),
        authenticatedAt: session.authenticated_at?.toISOString(),
        authenticatedAtText: readable(session.authenticated_at, text),
        expiresAt: session.expires_at?.toISOString(),
        expiresAtText: readable(session.expires_at, text),
        logoutUrl: logout.logout_url,
      });
    } catch (err) {
      next(unavailable(err));
    }
  });
}
