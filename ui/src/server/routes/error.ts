import type { Express } from "express";
import type { Deps } from "../deps";
import { isCanonicalId } from "../kratos/ids";
import { kratosFailure, unavailable } from "../kratos/refusals";

/** GET /error?id=: where Kratos sends a browser when a flow fails for good. */
export function registerError(app: Express, deps: Deps): void {
  app.get("/error", async (req, res, next) => {
    const id = isCanonicalId(req.query.id) ? req.query.id : undefined;
    let reason = "The sign-in could not be completed.";
    if (id) {
      try {
        const data = await deps.kratos.frontend.getFlowError({ id });
        const error = data.error as { reason?: string; message?: string } | undefined;
        reason = error?.reason ?? error?.message ?? reason;
      } catch (err) {
        if (!(await kratosFailure(err))) return next(unavailable(err));
        // Kratos forgets errors after a while: the generic sentence is still true.
      }
    }
    res.status(400).render("message", {
      title: "Sign-in problem",
      heading: "Something stopped the sign-in",
      body: reason,
      action: { href: "/login", label: "Start again" },
    });
  });
}
