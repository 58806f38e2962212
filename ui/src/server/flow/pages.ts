import type { NextFunction, Request, RequestHandler, Response } from "express";
import { parse as parseCookies } from "cookie";
import type { LoginFlow, RegistrationFlow } from "@ory/client-fetch";
import type { Deps } from "../deps";
import type { FlowKind } from "../gate/parse";
import { isCanonicalId } from "../kratos/ids";
import { cookiesOf, forwardedFrom } from "../kratos/client";
import { failureOfAnswer, meaningOf, unavailable } from "../kratos/refusals";
import { renderFlowPage } from "../http/render";
import { textOf } from "../http/language";
import { showMessage } from "../http/message-page";
import { elementsConfig } from "../../flow-card/config";
import { emailFields } from "../../flow-card/fields";
import { refusalMessage } from "./messages";
import { presentedFlow } from "./presentation";

/** Query parameters an integrator may pass to /login or /registration; Kratos validates them. */
const passedToKratos = ["return_to", "aal", "refresh", "login_challenge"] as const;

export function flowIdOf(req: Request): string | undefined {
  return isCanonicalId(req.query.flow) ? req.query.flow : undefined;
}

/** Where a browser starts a new flow: Kratos sets the CSRF cookie and sends it back to Hera. */
export function startFlowUrl(deps: Pick<Deps, "config">, kind: FlowKind, req: Request): string {
  const url = new URL(`/self-service/${kind}/browser`, deps.config.origin);
  for (const name of passedToKratos) {
    const value = req.query[name];
    if (typeof value === "string" && value.length <= 2048) url.searchParams.set(name, value);
  }
  return url.toString();
}

type FlowTypes = { login: LoginFlow; registration: RegistrationFlow };

/**
 * Fetches the flow named in `?flow=` with the browser's cookies and hands it to `render`.
 * A missing, unknown or expired flow starts a new one; a flow that belongs to another
 * browser (Kratos's CSRF check) gets a page saying so, not a redirect loop.
 */
async function showFlow<K extends FlowKind>(
  deps: Deps,
  kind: K,
  req: Request,
  res: Response,
  next: NextFunction,
  render: (flow: FlowTypes[K]) => Promise<void>,
): Promise<void> {
  const id = flowIdOf(req);
  if (!id) return res.redirect(303, startFlowUrl(deps, kind, req));
  const linkCode = linkCodeOf(req);
  const record = linkCode ? await deps.limits.flows.get(id) : undefined;
  if (linkCode && (await deps.limits.usedFlows.has(id))) {
    return linkGone(res, kind, "link_used");
  }
  if (linkCode && record && (await deps.limits.newest.superseded(record.address, id, linkCode))) {
    return linkGone(res, kind, "link_superseded");
  }
  let answer;
  try {
    answer = await deps.kratos.readFlow(kind, id, forwardedFrom(req));
  } catch (err) {
    return next(unavailable(err));
  }
  if (answer.status === 200) return render(JSON.parse(answer.text) as FlowTypes[K]);
  const meaning = meaningOf(failureOfAnswer(answer));
  if (meaning === "other_browser") {
    if (linkCode) {
      // A link opened away from the browser that asked (another device, a mail scanner):
      // nothing was submitted, no attempt is used, the code is shown to type. Whoever holds
      // the newest link has the email, so this browser's next form may offer its address.
      if (record && !record.decoy && (await deps.limits.newest.isNewestLink(record.address, id, linkCode))) rememberTyped(deps, res, record.address);
      res.status(200).render("other-device", { title: textOf(res).t("page.other_device.title"), code: linkCode, restart: `/${kind}` });
      return;
    }
    return showMessage(res, 403, {
      heading: "page.other_browser.heading",
      body: "page.other_browser.body",
      action: { href: `/${kind}`, label: "page.other_browser.action" },
    });
  }
  if (meaning === "gone") {
    // A link whose flow is gone: say so, rather than a blank form that hides why.
    if (linkCode) return linkGone(res, kind, "link_expired");
    return res.redirect(303, startFlowUrl(deps, kind, req));
  }
  next(unavailable(new Error(`Kratos answered ${answer.status} to a flow read`)));
}

/** A link that can no longer sign in: why, and one button to get a new email. */
function linkGone(res: Response, kind: FlowKind, why: "link_used" | "link_superseded" | "link_expired"): void {
  showMessage(res, 410, { heading: `page.${why}.heading`, body: `page.${why}.body`, action: { href: `/${kind}`, label: "page.link.new_email" } });
}

const sixDigits = /^[0-9]{6}$/;

/** The code from a sign-in link (`?code=`), if it looks like one. */
export function linkCodeOf(req: Request): string | undefined {
  const code = req.query.code;
  return typeof code === "string" && sixDigits.test(code) ? code : undefined;
}

/** Puts the link's code into the flow's code field, if the flow is waiting for one. */
export function withCode<F extends { ui: { nodes: unknown[] } }>(flow: F, code: string): { flow: F; filled: boolean } {
  let filled = false;
  const nodes = flow.ui.nodes.map((n) => {
    const node = n as { group?: string; attributes?: { name?: string; type?: string } };
    if (node.group === "code" && node.attributes?.name === "code" && node.attributes.type !== "hidden") {
      filled = true;
      return { ...node, attributes: { ...node.attributes, value: code } };
    }
    return n;
  });
  return { flow: { ...flow, ui: { ...flow.ui, nodes } }, filled };
}

/** The handler of a flow page: fetch the flow with the browser's cookies, render its card. */
export function flowPage<K extends FlowKind>(deps: Deps, kind: K): RequestHandler {
  return (req, res, next) =>
    void showFlow(deps, kind, req, res, next, async (fetched) => {
      let flow = withPrefill(await presentedFlow(deps, fetched), req, res);
      if (kind === "login" && (fetched as LoginFlow).refresh) flow = await withOwnAddress(deps, flow, req);
      const code = linkCodeOf(req);
      let submitCode = false;
      if (code) ({ flow, filled: submitCode } = withCode(flow, code));
      const [wait, resendAvailableAt] = await Promise.all([deps.limits.cooldown.secondsLeft(fetched.id), deps.limits.cooldown.availableAt(fetched.id)]);
      const notice = refusalMessage(String(req.query.refused ?? ""), wait);
      if (notice) flow = { ...flow, ui: { ...flow.ui, messages: [notice] } };
      const text = textOf(res);
      const refresh = kind === "login" && (fetched as LoginFlow).refresh;
      const secondStep = kind === "login" && (fetched as LoginFlow).requested_aal === "aal2";
      const title = text.t(
        secondStep ? "elements.login.title-aal2" : refresh ? "card.refresh.title" : kind === "login" ? "card.login.title" : "card.registration.title",
      );
      await renderFlowPage(
        res,
        title,
        {
          flowType: kind,
          flow,
          config: elementsConfig(deps.config.origin.toString(), deps.config.productName, text),
        } as Parameters<typeof renderFlowPage>[2],
        { submitCode, resendAvailableAt },
      );
    }).catch(next);
}

/**
 * A re-authentication (Kratos's refresh, before a change on the account page) is for the
 * person already signed in: their address is filled in, as only it can be used.
 */
async function withOwnAddress<F extends { ui: { nodes: unknown[] } }>(deps: Deps, flow: F, req: Request): Promise<F> {
  try {
    const session = await deps.kratos.frontend.toSession({ cookie: cookiesOf(req) });
    const email = (session.identity?.traits as { email?: unknown } | undefined)?.email;
    return typeof email === "string" ? withAddressValue(flow, email, { onlyIfEmpty: true }) : flow;
  } catch {
    // No session to refresh: Kratos will say so when the form is sent.
    return flow;
  }
}

const prefillCookie = "hera_prefill";

/**
 * The address for the next form this browser opens, in a short-lived HttpOnly cookie,
 * never in a URL: what was typed, after a refusal, or the newest link's address on the
 * device that opened it ("Sign in on this device instead").
 */
export function rememberTyped(deps: Pick<Deps, "config">, res: Response, address: string): void {
  res.cookie(prefillCookie, address, { httpOnly: true, sameSite: "lax", secure: deps.config.env === "production", maxAge: 600_000, path: "/" });
}

/** Fills the empty address field from the prefill cookie, once. */
export function withPrefill<F extends { ui: { nodes: unknown[] } }>(flow: F, req: Request, res: Response): F {
  const address = parseCookies(req.header("cookie") ?? "")[prefillCookie];
  if (!address) return flow;
  res.clearCookie(prefillCookie, { path: "/" });
  return withAddressValue(flow, address, { onlyIfEmpty: true });
}

/** The flow with `address` in its email field. */
export function withAddressValue<F extends { ui: { nodes: unknown[] } }>(flow: F, address: string, options: { onlyIfEmpty?: boolean } = {}): F {
  const nodes = flow.ui.nodes.map((n) => {
    const node = n as { attributes?: { name?: string; value?: unknown; type?: string } };
    if (
      node.attributes?.name &&
      emailFields.has(node.attributes.name) &&
      node.attributes.type !== "hidden" &&
      !(options.onlyIfEmpty && node.attributes.value)
    ) {
      return { ...node, attributes: { ...node.attributes, value: address } };
    }
    return n;
  });
  return { ...flow, ui: { ...flow.ui, nodes } };
}
