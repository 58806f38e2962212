import express, { type Express } from "express";
import { z } from "zod";
import type { Deps } from "../deps";
import { bodyOf, requireBearer } from "../http/internal";

/** What kratos/sign-up-hook.jsonnet posts once a code has proved a new address and the account exists. */
const signUpEvent = z.object({
  flow_id: z.uuid(),
  identity_id: z.uuid(),
  // Kratos has checked it against the identity schema (format: email) already.
  email: z.string().min(3).max(254),
  ip: z.string().max(64).default(""),
  user_agent: z.string().max(1024).default(""),
});

/**
 * POST /internal/sign-up: Kratos's after-registration web_hook (kratos.yml; Kratos runs
 * no after-login hook for a sign-up), authenticated by HERA_HOOK_SECRET. Hera writes the
 * audit line and tells the operator's app (events/webhooks.ts). Kratos does not wait for
 * the answer, so a sign-up never fails or slows down because of this. The sign-up is the
 * account's first sign-in in its history (limits/history.ts).
 */
export function registerSignUp(app: Express, deps: Deps): void {
  app.post("/internal/sign-up", requireBearer(deps.config.hookSecret, "hook"), express.json({ limit: "16kb", type: () => true }), async (req, res) => {
    const event = bodyOf(signUpEvent, req, res, "malformed_event");
    if (!event) return;
    const { identity_id, flow_id, email, ip, user_agent } = event;
    // The audit line names the account, never its address (logs hold no addresses).
    deps.log.info({ event: "sign_up", identity_id, flow_id }, "signed up");
    deps.webhooks.emit("identity.signed_up", { identity_id, email });
    res.status(202).json({ status: "accepted" });
    // The sign-up's code opened the account's first session: its history starts here.
    await deps.limits.history.record(identity_id, { at: new Date().toISOString(), step: "first", method: "code", ip, userAgent: user_agent });
  });
}
