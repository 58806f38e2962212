import type { Express } from "express";
import type { Deps } from "../deps";
import { isCanonicalId } from "../kratos/ids";
import { kratosFailure, unavailable } from "../kratos/refusals";
import { showMessage } from "../http/message-page";
import type { TextKey } from "../../i18n/translator";

/**
 * Hera's own locks inside Kratos (kratos/*.jsonnet) refuse with a template error, which
 * Kratos reports with the template's file: each has its sentence in Hera's catalogue.
 */
const locks: Record<string, TextKey> = {
  "first-step-needs-proved-address": "page.error.unproved",
  "no-passkey-sign-up": "page.error.passkey_sign_up",
};

/**
 * What the error page says of Kratos's stored error: the sentence of one of Hera's locks,
 * or of a return_to Kratos refused, else Hera's general one. Kratos's own reasons are English developer text (and a 5xx's
 * say something of its insides), so none is shown as it is.
 */
export function errorPageReason(error: { code?: number; id?: string; reason?: string; message?: string } | undefined): TextKey {
  const text = error?.reason ?? error?.message ?? "";
  // An integrator's return_to that Kratos will not follow (not under the allowed URLs, or not a URL).
  if (error?.id === "self_service_flow_return_to_forbidden" || text.startsWith("Unable to parse the return_to")) return "page.error.return_to";
  // An identity the operator disabled (hera-admin disable), told once its code was right:
  // only the mailbox's owner gets this far, so it says nothing to anyone else.
  if (error?.message === "identity is disabled" || error?.reason === "This account was disabled.") return "page.error.disabled";
  const lock = /RUNTIME ERROR: .+?\s+file:\/\/\.\/([a-z-]+)\.jsonnet/s.exec(text);
  return (lock && locks[lock[1]!]) || "page.error.body";
}

/** GET /error?id=: where Kratos sends a browser when a flow fails for good. */
export function registerError(app: Express, deps: Deps): void {
  app.get("/error", async (req, res, next) => {
    const id = isCanonicalId(req.query.id) ? req.query.id : undefined;
    let reason: TextKey = "page.error.body";
    if (id) {
      try {
        const data = await deps.kratos.frontend.getFlowError({ id });
        reason = errorPageReason(data.error as Parameters<typeof errorPageReason>[0]);
      } catch (err) {
        if (!(await kratosFailure(err))) return next(unavailable(err));
        // Kratos forgets errors after a while: the generic sentence is still true.
      }
    }
    showMessage(res, 400, { heading: "page.error.heading", body: reason, action: { href: "/login", label: "page.start_again" } });
  });
}
