import express, { type Express } from "express";
import { z } from "zod";
import type { Deps } from "../deps";
import { bodyOf, requireBearer } from "../http/internal";
import { deviceOf, methodName, readableTime } from "../in-words";
import { translatorFor, type Translator } from "../../i18n/translator";
import { defaultLanguage, isLanguage } from "../../i18n/languages";
import { languageFor } from "../http/language";
import type { SignInFacts } from "../limits/alerts";
import type { EventData } from "../events/webhooks";

/** What kratos/sign-in-hook.jsonnet posts after every completed sign-in step. */
const signInEvent = z.object({
  flow_id: z.uuid(),
  identity_id: z.uuid(),
  // Kratos calls the hook before it stores a new session: all zeros at a first step.
  session_id: z.uuid().optional(),
  email: z.email().max(254),
  method: z.string().max(40),
  aal: z.enum(["aal0", "aal1", "aal2", "aal3"]),
  requested_aal: z.string().max(10).optional(),
  refresh: z.boolean().optional(),
  authenticated_at: z.iso.datetime({ offset: true }).optional(),
  ip: z.string().max(64).default(""),
  user_agent: z.string().max(1024).default(""),
  accept_language: z.string().max(256).default(""),
});
export type SignInEvent = z.infer<typeof signInEvent>;

/** The alert's facts in words, in its language. */
export function signInFacts(event: SignInEvent, text: Translator, now: Date = new Date()): SignInFacts {
  return {
    when: readableTime(event.authenticated_at ?? now, text),
    device: deviceOf(event.user_agent, text),
    ip: event.ip || text.t("page.sessions.unknown_ip"),
    method: methodName(event.method, text),
    lang: text.lang,
  };
}

/**
 * The alert's language: the one its flow's code was asked in (gate/act.ts records it),
 * else the browser's that signed in (a passkey sends no code).
 */
async function languageOfEvent(deps: Deps, event: SignInEvent): Promise<Translator> {
  const record = await deps.limits.flows.get(event.flow_id);
  return translatorFor(isLanguage(record?.lang) ? record.lang : languageFor(event.accept_language));
}

/**
 * A sign-in that opens a new session: the first step (an email code or link, a passkey).
 * Kratos calls the hook again for a second step (TOTP, a backup code) and for a
 * re-authentication; those add to a session the owner was already told about.
 */
export function opensSession(event: SignInEvent): boolean {
  return event.requested_aal !== "aal2" && !event.refresh;
}

const nilUuid = "00000000-0000-0000-0000-000000000000";

/** The identity.signed_in event's data: no address (the app knows its user by id), a session id only when Kratos has one. */
export function signedInData(event: SignInEvent): EventData["identity.signed_in"] {
  const { identity_id, session_id, method, aal, ip, user_agent } = event;
  return { identity_id, ...(session_id && session_id !== nilUuid ? { session_id } : {}), method, aal, ip, user_agent };
}

/**
 * POST /internal/sign-in: Kratos's after-login web_hook (kratos.yml), sent after every
 * completed sign-in step, authenticated by HERA_HOOK_SECRET. Hera writes the audit line,
 * adds the step to the account's history and emails the owner about each new session. Kratos does not wait for the answer, so a
 * sign-in never fails or slows down because of this.
 */
export function registerSignIn(app: Express, deps: Deps): void {
  app.post("/internal/sign-in", requireBearer(deps.config.hookSecret, "hook"), express.json({ limit: "16kb", type: () => true }), async (req, res) => {
    const event = bodyOf(signInEvent, req, res, "malformed_event");
    if (!event) return;
    const step = opensSession(event) ? "first" : event.refresh ? "refresh" : "second";
    deps.log.info(
      {
        event: "sign_in",
        identity_id: event.identity_id,
        ...(event.session_id && event.session_id !== nilUuid ? { session_id: event.session_id } : {}),
        flow_id: event.flow_id,
        ip: event.ip,
        user_agent: event.user_agent,
        method: event.method,
        aal: event.aal,
        step,
      },
      "signed in",
    );
    res.status(202).json({ status: "accepted" });
    // The operator's app hears of each new session (events/webhooks.ts); first, so a store
    // or mail failure below cannot hold it back.
    if (opensSession(event)) deps.webhooks.emit("identity.signed_in", signedInData(event));
    // The account page's history (limits/history.ts): the hook comes as the step completes.
    await deps.limits.history.record(event.identity_id, {
      at: new Date().toISOString(),
      step,
      method: event.method,
      ip: event.ip,
      userAgent: event.user_agent,
    });
    if (!opensSession(event)) return;
    // One budget per address (limits/alerts.ts): an alert goes now, or waits in the digest.
    const text = await languageOfEvent(deps, event);
    const signIn = signInFacts(event, text);
    if ((await deps.limits.alerts.admit(event.email, signIn)) === "now")
      await deps.mailer.sendOwn("sign_in_alert", event.email, "/settings#sessions", text.lang, { signIn });
  });

  // Every Hera process looks for due digests; each digest is taken by one of them.
  const every = Math.max(1_000, Math.min(30_000, deps.config.alertDigestMs / 2));
  setInterval(() => void sendDueDigests(deps), every).unref();
}

/** Sends the digests whose time has come (limits/alerts.ts). */
export async function sendDueDigests(deps: Pick<Deps, "limits" | "mailer" | "log">): Promise<void> {
  try {
    for (const digest of await deps.limits.alerts.due()) {
      const lang = digest.signIns.at(-1)?.lang;
      await deps.mailer.sendOwn("sign_in_digest", digest.to, "/settings#sessions", isLanguage(lang) ? lang : defaultLanguage, { signIns: digest.signIns });
    }
  } catch (err) {
    deps.log.warn({ err }, "sign-in digests not sent this time");
  }
}
