import express, { type Express } from "express";
import type { Deps } from "../deps";
import type { FlowKind } from "../gate/parse";
import { isCanonicalId } from "../kratos/ids";
import { cookiesOf } from "../kratos/client";
import { isKratosError } from "../kratos/refusals";

/**
 * POST /login/new-code and /registration/new-code: "Send a new code" on a flow whose code
 * is spent (three wrong codes). A spent flow cannot send again, so Hera starts a new flow
 * for this browser (with the old one's return_to) and sends the browser's own form (the
 * address, its CSRF token, method=code) on to it with a 307: the submission then passes
 * the gate (gate/) like any other.
 */
export function registerNewCode(app: Express, deps: Deps): void {
  for (const kind of ["login", "registration"] as FlowKind[]) {
    app.post(`/${kind}/new-code`, express.urlencoded({ extended: false, limit: "16kb" }), async (req, res, next) => {
      const old = isCanonicalId(req.query.flow) ? req.query.flow : undefined;
      const cookie = cookiesOf(req);
      try {
        const returnTo = old ? await returnToOf(deps, kind, old, cookie) : undefined;
        // The browser's cookies go along, so the new flow belongs to this browser (its CSRF cookie).
        const created =
          kind === "login"
            ? await deps.kratos.frontend.createBrowserLoginFlowRaw({ returnTo, cookie })
            : await deps.kratos.frontend.createBrowserRegistrationFlowRaw({ returnTo }, { headers: cookie ? { cookie } : {} });
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

/** The old flow's return_to, so the integrator's destination survives the new code. */
async function returnToOf(deps: Deps, kind: FlowKind, id: string, cookie: string | undefined): Promise<string | undefined> {
  try {
    const flow = kind === "login" ? await deps.kratos.frontend.getLoginFlow({ id, cookie }) : await deps.kratos.frontend.getRegistrationFlow({ id, cookie });
    return flow.return_to ?? undefined;
  } catch {
    return undefined;
  }
}
