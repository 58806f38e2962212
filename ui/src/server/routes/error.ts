import type { Express } from "express";
import type { Deps } from "../deps";
import { isCanonicalId } from "../kratos/ids";
import { kratosFailure, unavailable } from "../kratos/refusals";

const generic = "The sign-in could not be completed.";

/**
 * What the error page says of Kratos's stored error. Hera's own locks inside Kratos
 * (kratos/*.jsonnet: no passkey sign-up, passkeys only for proved addresses) refuse with a
 * template error, which Kratos reports with the template's file and line: only the
 * sentence is the person's. Any other server-side error says nothing of Kratos's insides.
 */
export function errorPageReason(error: { code?: number; reason?: string; message?: string } | undefined): string {
  const text = error?.reason ?? error?.message;
  if (!text) return generic;
  const lock = /RUNTIME ERROR: (.+?)\s+file:\/\/\.\/[a-z-]+\.jsonnet/s.exec(text);
  if (lock) return lock[1]!.trim();
  if ((error?.code ?? 500) >= 500) return generic;
  return text;
}

/** GET /error?id=: where Kratos sends a browser when a flow fails for good. */
export function registerError(app: Express, deps: Deps): void {
  app.get("/error", async (req, res, next) => {
    const id = isCanonicalId(req.query.id) ? req.query.id : undefined;
    let reason = generic;
    if (id) {
      try {
        const data = await deps.kratos.frontend.getFlowError({ id });
        reason = errorPageReason(data.error as Parameters<typeof errorPageReason>[0]);
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
