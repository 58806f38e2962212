import express, { type Express } from "express";
import type { Deps } from "../deps";
import type { FlowKind } from "../gate/parse";
import { isCanonicalId } from "../kratos/ids";
import { cookiesOf } from "../kratos/client";
import { isKratosError } from "../kratos/refusals";
import { sameOrigin } from "../http/account";

/**
 * POST /login/new-code and /registration/new-code: "Send a new code" on a flow whose code
 * is spent (three wrong codes). A spent flow cannot send again, so Hera starts a new flow
 * for this browser (with the old one's return_to) and sends the browser's own form (the
 * address, its CSRF token, method=code) on to it with a 307: the submission then passes
 * the gate (gate/) like any other.
 *
 * Starting a flow sets Kratos's CSRF cookie, so another site's form posted here would
 * replace the cookie of a sign-in in progress. Only this site's pages may ask (Origin),
 * and only for a flow this browser holds: the old flow, read with the browser's cookies
 * (Kratos refuses another browser's), must carry the form's CSRF token, its form token.
 */
export function registerNewCode(app: Express, deps: Deps): void {
  const fromHere = sameOrigin(deps, { body: "page.cross_site.code", action: { href: "/login", label: "page.go_to_sign_in" } });
  for (const kind of ["login", "registration"] as FlowKind[]) {
    app.post(`/${kind}/new-code`, fromHere, express.urlencoded({ extended: false, limit: "16kb" }), async (req, res, next) => {
      const cookie = cookiesOf(req);
      const old = isCanonicalId(req.query.flow) ? await heldFlow(deps, kind, req.query.flow, cookie) : undefined;
      const token = (req.body as Record<string, unknown> | undefined)?.csrf_token;
      if (!old || typeof token !== "string" || token !== old.csrfToken) return res.redirect(303, `/${kind}`);
      try {
        // The browser's cookies go along, so the new flow belongs to this browser (its CSRF cookie).
        const created =
          kind === "login"
            ? await deps.kratos.frontend.createBrowserLoginFlowRaw({ returnTo: old.returnTo, cookie })
            : await deps.kratos.frontend.createBrowserRegistrationFlowRaw({ returnTo: old.returnTo }, { headers: cookie ? { cookie } : {} });
        const setCookie = created.raw.headers.getSetCookie();
        if (setCookie.length) res.setHeader("Set-Cookie", setCookie);
        const flow = await created.value();
        // 307 keeps the method and the body: the browser posts its form to the new flow.
        res.redirect(307, `/self-service/${kind}?flow=${flow.id}`);
      } catch (err) {
        if (isKratosError(err)) return res.redirect(303, `/${kind}`);
        next(err);
      }
    });
  }
}

/**
 * The old flow as this browser may read it: its CSRF token and return_to (so the
 * integrator's destination survives the new code). Undefined when Kratos refuses (another
 * browser's, expired, unknown).
 */
async function heldFlow(deps: Deps, kind: FlowKind, id: string, cookie: string | undefined) {
  try {
    const flow = kind === "login" ? await deps.kratos.frontend.getLoginFlow({ id, cookie }) : await deps.kratos.frontend.getRegistrationFlow({ id, cookie });
    const node = flow.ui.nodes.find((n) => "name" in n.attributes && n.attributes.name === "csrf_token");
    const csrfToken = node && "value" in node.attributes && typeof node.attributes.value === "string" ? node.attributes.value : undefined;
    return { csrfToken, returnTo: flow.return_to ?? undefined };
  } catch {
    return undefined;
  }
}
