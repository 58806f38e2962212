import type { Express } from "express";
import type { Deps } from "../app";
import { cookiesOf, kratosFailure } from "../kratos";
import { unavailable } from "../flows";
import { readableTime as readable } from "../in-words";


/** GET /welcome: the signed-in landing page; shows who you are and lets you sign out. */
export function registerWelcome(app: Express, deps: Deps): void {
  app.get("/welcome", async (req, res, next) => {
    const cookie = cookiesOf(req);
    const here = new URL("/welcome", deps.config.origin).toString();
    try {
      const { data: session } = await deps.frontend.toSession({ cookie });
      const { data: logout } = await deps.frontend.createBrowserLogoutFlow({ cookie });
      const traits = (session.identity?.traits ?? {}) as { email?: string };
      res.render("welcome", {
        title: "You are signed in",
        email: traits.email,
        identityId: session.identity?.id,
        aal: session.authenticator_assurance_level,
        methods: (session.authentication_methods ?? []).map((m) => m.method).join(", "),
        authenticatedAt: session.authenticated_at,
        authenticatedAtText: readable(session.authenticated_at),
        expiresAt: session.expires_at,
        expiresAtText: readable(session.expires_at),
        logoutUrl: logout.logout_url,
      });
    } catch (err) {
      const failure = kratosFailure(err);
      if (!failure) return next(unavailable(err));
      if (failure.status === 401) {
        return res.redirect(303, `/login?return_to=${encodeURIComponent(here)}`);
      }
      if (failure.status === 403 && failure.id === "session_aal2_required") {
        const stepUp = new URL("/self-service/login/browser", deps.config.origin);
        stepUp.searchParams.set("aal", "aal2");
        stepUp.searchParams.set("return_to", here);
        return res.redirect(303, stepUp.toString());
      }
      next(err);
    }
  });
}
