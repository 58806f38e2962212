import express, { type Express } from "express";
import type { Deps } from "../app";
import { fetchFlow, type FlowKind } from "../flows";
import { isUuid } from "../ids";
import { cookiesOf, kratosFailure } from "../kratos";

/**
 * POST /login/new-code and /registration/new-code: "Send a new code" on a flow whose code
 * is spent (three wrong codes). A spent flow cannot send again, so Hera starts a new flow
 * for this browser (with the old one's return_to) and sends the browser's own form (the
 * address, its CSRF token, method=code) on to it with a 307: the submission then passes
 * through every policy of routes/flow-submit.ts like any other.
 */
export function registerNewCode(app: Express, deps: Deps): void {
  for (const kind of ["login", "registration"] as FlowKind[]) {
    app.post(`/${kind}/new-code`, express.urlencoded({ extended: false, limit: "16kb" }), async (req, res, next) => {
      const old = typeof req.body?.flow === "string" && isUuid(req.body.flow) ? req.body.flow : undefined;
      const cookie = cookiesOf(req);
      try {
        const returnTo = old ? await returnToOf(deps, kind, old, cookie) : undefined;
        // The browser's cookies go along, so the new flow belongs to this browser (its CSRF cookie).
        const withCookies = { headers: cookie ? { cookie } : {} };
        const created =
          kind === "login"
            ? await deps.frontend.createBrowserLoginFlow({ returnTo }, withCookies)
            : await deps.frontend.createBrowserRegistrationFlow({ returnTo }, withCookies);
        const setCookie = created.headers["set-cookie"];
        if (setCookie) res.setHeader("Set-Cookie", setCookie);
        // 307 keeps the method and the body: the browser posts its form to the new flow.
        res.redirect(307, `/self-service/${kind}?flow=${created.data.id}`);
      } catch (err) {
        if (kratosFailure(err)) return res.redirect(303, `/${kind}`);
        next(err);
      }
    });
  }
}

/** The old flow's return_to, so the integrator's destination survives the new code. */
async function returnToOf(deps: Deps, kind: FlowKind, id: string, cookie: string | undefined): Promise<string | undefined> {
  try {
    return (await fetchFlow(deps, kind, id, cookie)).return_to ?? undefined;
  } catch {
    return undefined;
  }
}
