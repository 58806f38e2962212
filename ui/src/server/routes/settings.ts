import type { Express, Request, Response } from "express";
import type { Session } from "@ory/client-fetch";
import type { Deps } from "../deps";
import { cookiesOf } from "../kratos/client";
import { flowIdOf } from "../flow/pages";
import type { FlowCardProps } from "../../flow-card/FlowCard";
import { elementsConfig } from "../../flow-card/config";
import { jsonForScript, renderElementsCard } from "../http/render";
import type { PageScript } from "../assets";
import { deviceOf, methodName, readableTime } from "../in-words";
import type { SignIn } from "../limits/history";
import { parse as parseCookies } from "cookie";
import { onKratosRefusal, noticeCookie, type AccountNotice } from "../http/account";
import { sessionOf } from "../http/signed-in";
import { formToken } from "../http/form-token";
import { allowedReturnTo } from "../http/paths";
import { textOf } from "../http/language";
import type { Translator } from "../../i18n/translator";

/**
 * GET /settings: the account page. The address (routes/settings-address.ts changes it),
 * Kratos's settings flow (authenticator app, backup codes, passkeys) rendered by Ory
 * Elements, the sessions this account has open (routes/sessions.ts revokes them), its
 * recent sign-ins, and its data (routes/settings-data.ts: download, delete). Kratos guards it: no session sends
 * the browser to sign in, a session short of its second factor to the second step, and a
 * change after the privileged window (15 minutes) to a fresh email code and back here.
 */
export function registerSettings(app: Express, deps: Deps): void {
  app.get("/settings", async (req, res, next) => {
    const cookie = cookiesOf(req);
    const id = flowIdOf(req);
    // signedIn() (app.ts) has read the session: signed out or short of the second step,
    // the browser never gets here, so Kratos's settings flow keeps this page to return to.
    const session = sessionOf(res);
    try {
      if (!id) return res.redirect(303, new URL("/self-service/settings/browser", deps.config.origin).toString());
      const [flow, others, logout, history] = await Promise.all([
        deps.kratos.frontend.getSettingsFlow({ id, cookie }),
        deps.kratos.frontend.listMySessions({ cookie, pageSize: 250 }),
        deps.kratos.frontend.createBrowserLogoutFlow({ cookie }),
        deps.limits.history.signIns(session.identity!.id),
      ]);
      const text = textOf(res);
      const props = {
        flowType: "settings",
        flow,
        config: elementsConfig(deps.config.origin.toString(), deps.config.productName, text),
      } as unknown as FlowCardProps;
      const back = backLink(flow.return_to, deps.config.origin, deps.config.allowedReturnUrls);
      const email = (session.identity?.traits as { email?: string } | undefined)?.email;
      const notice = noticeOf(req, res, text, email);
      res.render("settings", {
        title: text.t("page.settings.title"),
        email,
        addressChanged: notice.address,
        card: await renderElementsCard(props),
        data: jsonForScript(props),
        script: "elements" satisfies PageScript,
        sessions: [session, ...others].map((s) => sessionRow(s, s.id === session.id, text)),
        othersCount: others.length,
        revoked: notice.sessions,
        history: history.map((h) => historyRow(h, text)),
        historyDays: Math.round(deps.config.historyRetentionMs / 86_400_000),
        logoutUrl: logout.logout_url,
        formToken: formToken(deps.config.deviceSecret, session.id),
        back: { href: back.href, label: back.host ? text.t("page.settings.back_to", { host: back.host }) : text.t("page.settings.back") },
      });
    } catch (err) {
      return await onKratosRefusal(deps, err, req, res, next);
    }
  });
}

/**
 * Where "Back" leads: the flow's return_to when Hera may send a browser there
 * (http/paths.ts allowedReturnTo), named by its host when it is not Hera's; else the
 * welcome page.
 */
export function backLink(returnTo: string | undefined, origin: URL, allowed: readonly URL[]): { href: string; host?: string } {
  const to = allowedReturnTo(returnTo, origin, allowed);
  if (!to) return { href: "/welcome" };
  return to.origin === origin.origin ? { href: to.toString() } : { href: to.toString(), host: to.host };
}

/** "That session is signed out." or "Your address is now …", once, after the change. */
function noticeOf(req: Request, res: Response, text: Translator, email: string | undefined): { sessions?: string; address?: string } {
  const what = parseCookies(req.header("cookie") ?? "")[noticeCookie] as AccountNotice | undefined;
  if (!what) return {};
  res.clearCookie(noticeCookie, { path: "/settings" });
  if (what === "address") return { address: text.t("page.address.changed", { address: email }) };
  return { sessions: text.t(what === "others" ? "page.sessions.revoked_others" : "page.sessions.revoked_one") };
}

/** One sign-in of the history (limits/history.ts), in words. */
function historyRow(h: SignIn, text: Translator) {
  return {
    when: readableTime(h.at, text),
    whenIso: h.at,
    device: deviceOf(h.userAgent, text),
    ip: h.ip || text.t("page.sessions.unknown_ip"),
    method: methodName(h.method, text),
    secondStep: h.secondStep && methodName(h.secondStep, text),
    refresh: h.step === "refresh",
  };
}

/** One line of the sessions list, in words. */
function sessionRow(s: Session, current: boolean, text: Translator) {
  const device = s.devices?.[s.devices.length - 1];
  const lastStep = (s.authentication_methods ?? [])
    .map((m) => m.completed_at?.toISOString())
    .filter((t): t is string => Boolean(t))
    .sort()
    .pop();
  const signedIn = s.authenticated_at?.toISOString();
  return {
    id: s.id,
    current,
    device: deviceOf(device?.user_agent ?? "", text),
    ip: device?.ip_address || text.t("page.sessions.unknown_ip"),
    signedIn: readableTime(signedIn, text),
    signedInIso: signedIn,
    lastStep: readableTime(lastStep ?? signedIn, text),
    lastStepIso: lastStep ?? signedIn,
  };
}
