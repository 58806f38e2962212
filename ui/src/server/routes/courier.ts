import express, { type Express } from "express";
import type { Deps } from "../deps";
import { courierMessage } from "../mailer/messages";
import { SmtpUnavailable } from "../mailer/mailer";
import { codeOf } from "../mailer/messages";
import { decoyAddress } from "../flow/decoy";
import { isCanonicalId } from "../kratos/ids";
import { bodyOf, requireBearer } from "../http/internal";

/**
 * POST /internal/courier: Kratos's courier delivers every email here (HTTP delivery),
 * authenticated by the shared secret. Caddy never routes /internal/ from the origin.
 * A 5xx makes Kratos queue the message again, so an SMTP outage loses nothing.
 */
export function registerCourier(app: Express, deps: Deps): void {
  app.post("/internal/courier", requireBearer(deps.config.courierSecret, "courier"), express.json({ limit: "64kb", type: () => true }), async (req, res) => {
    const message = bodyOf(courierMessage, req, res, "malformed_message");
    if (!message) return;
    if (message.recipient.toLowerCase() === decoyAddress) {
      // A code Hera had Kratos send to the decoy (flow/decoy.ts): nobody is to receive it.
      res.status(200).json({ status: "dropped" });
      return;
    }
    const flowId = message.template_data.transient_payload?.flow_id;
    const code = codeOf(message);
    const known = isCanonicalId(flowId) && code ? { flowId, code } : undefined;
    // The same message again (Kratos stopped before it noted the first one sent): once is enough.
    if (known && (await deps.limits.newest.wasDelivered(message.recipient, known.flowId, known.code))) {
      res.status(200).json({ status: "sent" });
      return;
    }
    // Recorded before sending, so no moment exists when the new email is readable
    // and its predecessor's link still works.
    if (known) await deps.limits.newest.linkSent(message.recipient, known.flowId, known.code);
    try {
      await deps.mailer.send(message);
      if (known) await deps.limits.newest.delivered(message.recipient, known.flowId, known.code);
      res.status(200).json({ status: "sent" });
    } catch (err) {
      if (err instanceof SmtpUnavailable) {
        res.status(503).json({ error: "smtp_unavailable", message: "The email could not be handed to SMTP; retry later." });
        return;
      }
      throw err;
    }
  });
}
