import type { Express, Request, Response } from "express";
import type { Session } from "@ory/client-fetch";
import type { Deps } from "../deps";
import { cookiesOf } from "../kratos/client";
import { flowIdOf } from "../flow/pages";
import { renderToString } from "react-dom/server";
import { createElement } from "react";
import { FlowCard, elementsConfig, type FlowCardProps } from "../../flow-card/FlowCard";
import { jsonForScript } from "../http/render";
import { deviceOf, readableTime } from "../in-words";
import { parse as parseCookies } from "cookie";
import { onKratosRefusal, revokedCookie } from "../http/account";

/**
 * GET /settings: the account page. Kratos's settings flow (authenticator app, backup
 * codes, passkeys) rendered by Ory Elements, then the sessions this account has open
 * (routes/sessions.ts revokes them), then sign out. Kratos guards it: no session sends
 * the browser to sign in, a session short of its second factor to the second step, and a
 * change after the privileged window (15 minutes) to a fresh email code and back here.
 */
export function registerSettings(app: Express, deps: Deps): void {
  app.get("/settings", async (req, res, next) => {
    const cookie = cookiesOf(req);
    const id = flowIdOf(req);
    try {
      if (!id) {
        // Signed out (or short of the second step), Kratos would send the browser to sign
        // in and then forget this page; asking first keeps it as the place to return to.
        await deps.kratos.frontend.toSession({ cookie });
        return res.redirect(303, new URL("/self-service/settings/browser", deps.config.origin).toString());
      }
      const [flow, session, others, logout] = await Promise.all([
        deps.kratos.frontend.getSettingsFlow({ id, cookie }),
        deps.kratos.frontend.toSession({ cookie }),
        deps.kratos.frontend.listMySessions({ cookie, pageSize: 250 }),
        deps.kratos.frontend.createBrowserLogoutFlow({ cookie }),
      ]);
      const props = {
        flowType: "settings",
        flow,
        config: elementsConfig(deps.config.origin.toString(), deps.config.productName),
      } as unknown as FlowCardProps;
      res.render("settings", {
        title: "Your account",
        email: (session.identity?.traits as { email?: string } | undefined)?.email,
        card: renderToString(createElement(FlowCard, props)),
        props: jsonForScript(props),
        hydrate: true,
        sessions: [session, ...others].map((s) => sessionRow(s, s.id === session.id)),
        othersCount: others.length,
        revoked: revokedNotice(req, res),
        logoutUrl: logout.logout_url,
        back: backLink(flow.return_to, deps.config.origin),
      });
    } catch (err) {
      return await onKratosRefusal(deps, err, req, res, next);
    }
  });
}

/**
 * Where "Back" leads: the flow's return_to (Kratos allowed it when the flow was made, so
 * an integrator's page), named by its host when it is not Hera's; else the welcome page.
 */
export function backLink(returnTo: string | undefined, origin: URL): { href: string; label: string } {
  if (!returnTo) return { href: "/welcome", label: "Back" };
  const to = new URL(returnTo, origin);
  return { href: to.toString(), label: to.origin === origin.origin ? "Back" : `Back to ${to.host}` };
}

/** "That session is signed out.", once, after routes/sessions.ts signed one out. */
function revokedNotice(req: Request, res: Response): string | undefined {
  const what = parseCookies(req.header("cookie") ?? "")[revokedCookie];
  if (!what) return undefined;
  res.clearCookie(revokedCookie, { path: "/settings" });
  return what === "others" ? "Every other session is signed out." : "That session is signed out.";
}

/** One line of the sessions list, in words. */
function sessionRow(s: Session, current: boolean) {
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
    device: deviceOf(device?.user_agent ?? ""),
    ip: device?.ip_address || "unknown",
    signedIn: readableTime(signedIn),
    signedInIso: signedIn,
    lastStep: readableTime(lastStep ?? signedIn),
    lastStepIso: lastStep ?? signedIn,
  };
}
