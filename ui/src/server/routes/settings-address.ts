import type { Express, Response } from "express";
import type { Deps } from "../deps";
import { accountForm, onKratosRefusal, sayOnNextPage } from "../http/account";
import { sessionOf } from "../http/signed-in";
import { formToken } from "../http/form-token";
import { textOf } from "../http/language";
import { isPrivileged, reauthenticate } from "../http/privileged";
import { floor } from "../http/floor";
import { showMessage } from "../http/message-page";
import { canonicalAddress } from "../gate/address";
import { addressOf } from "../account/identity";
import { attemptsPerChange } from "../account/address-change";
import { isLanguage, defaultLanguage } from "../../i18n/languages";
import type { TextKey } from "../../i18n/translator";
import { durationSeconds } from "../mailer/templates";

/**
 * GET and POST /settings/address: a new address for the account, and
 * GET and POST /settings/address/confirm: the code sent to it (account/address-change.ts).
 * Inside the privileged window only, like Kratos's own changes; the code is for the
 * session that asked. signedIn() (app.ts) has judged the session, second step included.
 */
export function registerSettingsAddress(app: Express, deps: Deps): void {
  const form = accountForm(deps);

  app.get("/settings/address", (_req, res) => {
    if (!isPrivileged(deps, sessionOf(res))) return reauthenticate(deps, res, "/settings/address");
    showAddressForm(deps, res, 200);
  });

  app.post("/settings/address", ...form, async (req, res, next) => {
    const started = performance.now();
    const session = sessionOf(res);
    const identity = session.identity!;
    if (!isPrivileged(deps, session)) return reauthenticate(deps, res, "/settings/address");
    const typed = String((req.body as Record<string, unknown>).address ?? "");
    const address = canonicalAddress(typed);
    if (!address) return showAddressForm(deps, res, 400, { error: "page.address.invalid", typed });
    if (address === addressOf(identity).toLowerCase()) return showAddressForm(deps, res, 400, { error: "page.address.same", typed });
    try {
      const wait = await deps.addressChanges.secondsBeforeResend(identity.id);
      if (wait > 0) return showAddressForm(deps, res, 429, { error: "page.address.wait", values: { seconds: wait }, typed });
      const lang = textOf(res).lang;
      const asked = await deps.addressChanges.request({ identity, sessionId: session.id, address, lang: isLanguage(lang) ? lang : defaultLanguage });
      // Whether the address has an account must not show in the time either.
      await floor(started, deps.config.codeRequestFloorMs);
      if (asked === "budget") {
        return showAddressForm(deps, res, 429, { error: "page.address.budget", values: { minutes: Math.round(deps.config.emailWindowMs / 60_000) }, typed });
      }
      res.redirect(303, "/settings/address/confirm");
    } catch (err) {
      await onKratosRefusal(deps, err, req, res, next);
    }
  });

  app.get("/settings/address/confirm", async (req, res) => {
    const session = sessionOf(res);
    const address = await deps.addressChanges.pendingFor(session.identity!.id, session.id);
    // The email's link fills the code in; a person (not a mail scanner's fetch) presses the button.
    const code = typeof req.query.code === "string" && /^[0-9]{6}$/.test(req.query.code) ? req.query.code : "";
    if (!address && code) {
      // The link opened in another browser (a mail app's, say): the code is for the one that asked.
      return showMessage(res, 409, {
        heading: "page.address.confirm_title",
        body: "page.address.elsewhere",
        action: { href: "/settings", label: "page.address.cancel" },
      });
    }
    if (!address) return res.redirect(303, "/settings/address");
    showCodeForm(deps, res, 200, address, { code });
  });

  app.post("/settings/address/confirm", ...form, async (req, res, next) => {
    const session = sessionOf(res);
    const typed = String((req.body as Record<string, unknown>).code ?? "").replace(/\s+/g, "");
    try {
      const address = await deps.addressChanges.pendingFor(session.identity!.id, session.id);
      const check = await deps.addressChanges.confirm(deps, session.identity!, session.id, typed);
      switch (check.result) {
        case "changed":
          sayOnNextPage(deps, res, "address");
          return res.redirect(303, "/settings#address");
        case "wrong":
          return showCodeForm(deps, res, 400, address!, { error: "page.address.wrong", values: { left: check.attemptsLeft } });
        case "spent":
          return showAddressForm(deps, res, 400, { error: "page.address.spent" });
        case "taken":
          return showMessage(res, 409, {
            heading: "page.address.title",
            body: "page.address.taken",
            action: { href: "/settings", label: "page.address.cancel" },
          });
        case "none":
          return res.redirect(303, "/settings/address");
      }
    } catch (err) {
      await onKratosRefusal(deps, err, req, res, next);
    }
  });
}

type Problem = { error?: TextKey; values?: Record<string, unknown> };

function showAddressForm(deps: Deps, res: Response, status: number, problem: Problem & { typed?: string } = {}): void {
  const session = sessionOf(res);
  const text = textOf(res);
  res.status(status).render("address", {
    title: text.t("page.address.title"),
    email: addressOf(session.identity!),
    typed: problem.typed,
    error: problem.error && text.t(problem.error, problem.values),
    formToken: formToken(deps.config.deviceSecret, session.id),
  });
}

function showCodeForm(deps: Deps, res: Response, status: number, address: string, problem: Problem & { code?: string }): void {
  const session = sessionOf(res);
  const text = textOf(res);
  res.status(status).render("address-confirm", {
    title: text.t("page.address.confirm_title"),
    address,
    code: problem.code,
    error: problem.error && text.t(problem.error, problem.values),
    validFor: text.duration(durationSeconds(deps.config.codeLifespan)),
    attempts: attemptsPerChange,
    formToken: formToken(deps.config.deviceSecret, session.id),
  });
}
