import express, { type Express, type Request, type Response } from "express";
import { createProxyMiddleware, fixRequestBody } from "http-proxy-middleware";
import type { Deps } from "../app";
import { flowIdOf, type FlowKind } from "../flows";
import { cookiesOf } from "../kratos";
import { resendTooSoon } from "../messages";

type Body = Record<string, unknown> & { traits?: Record<string, unknown> };

/** A form field's value; a plain form may send a name twice (method, from two buttons). */
const field = (body: Body, name: string): unknown => (Array.isArray(body[name]) ? (body[name] as unknown[])[0] : body[name]);

/** A request for a new code in a flow that already has one. */
export function isResend(body: Body): boolean {
  return field(body, "resend") === "code";
}

/** The address a submission names, if any. */
export function addressOf(body: Body): string | undefined {
  const address = field(body, "identifier") ?? field(body, "traits.email") ?? body.traits?.email;
  return typeof address === "string" && address.trim().length > 0 ? address.trim() : undefined;
}

/** The first request for a code: an address, no code yet. */
export function isSend(body: Body): boolean {
  return field(body, "method") === "code" && !field(body, "code") && !isResend(body) && addressOf(body) !== undefined;
}

/**
 * POST /self-service/login and /self-service/registration: Caddy sends the browser's
 * flow submissions through Hera, so Hera's policies hold whoever posts (the resend
 * cooldown here); everything else goes on to Kratos unchanged, cookies included.
 */
export function registerFlowSubmit(app: Express, deps: Deps): void {
  const kratos = createProxyMiddleware<Request, Response>({
    target: deps.config.kratosPublicUrl,
    changeOrigin: false,
    on: {
      // The parsers below read the body; this writes it out again for Kratos.
      proxyReq: fixRequestBody,
      // A code that brought back a session has been used: its link says so from now on.
      proxyRes: (proxyRes, req) => {
        const flowId = flowIdOf(req);
        const session = (proxyRes.headers["set-cookie"] ?? []).some((c) => /^ory_kratos_session=[^;]+/.test(c));
        if (flowId && session && field((req.body ?? {}) as Body, "code")) deps.usedFlows.add(flowId);
      },
    },
  });
  const parse = [express.urlencoded({ extended: false, limit: "64kb" }), express.json({ limit: "64kb" })];

  for (const kind of ["login", "registration"] as FlowKind[]) {
    app.post(`/self-service/${kind}`, ...parse, async (req, res, next) => {
      const flowId = flowIdOf(req);
      const body = (req.body ?? {}) as Body;
      if (flowId && isResend(body)) {
        const wait = deps.cooldown.secondsLeft(flowId);
        if (wait > 0) return refuseResend(deps, kind, flowId, wait, req, res);
      }
      if (flowId && (isSend(body) || isResend(body))) {
        res.on("finish", () => {
          if (res.statusCode >= 500) return;
          deps.cooldown.sent(flowId);
          const address = addressOf(body);
          if (address) deps.addresses.set(flowId, address);
        });
      }
      return kratos(req, res, next);
    });
  }
}

/** Says how long to wait, in the form each kind of client understands. */
async function refuseResend(deps: Deps, kind: FlowKind, flowId: string, wait: number, req: Request, res: Response) {
  if (!req.is("application/json")) {
    // The plain form (JavaScript off): back to the page, which says how long to wait.
    res.redirect(303, `/${kind}?flow=${flowId}&resend=wait`);
    return;
  }
  // Elements expects Kratos's answer to a refused submission: the flow with a message.
  const cookie = cookiesOf(req);
  try {
    const { data: flow } =
      kind === "login" ? await deps.frontend.getLoginFlow({ id: flowId, cookie }) : await deps.frontend.getRegistrationFlow({ id: flowId, cookie });
    res.status(400).json({ ...flow, ui: { ...flow.ui, messages: [resendTooSoon(wait)] } });
  } catch {
    // Not this client's flow (or gone): no flow to show, only the wait.
    res.status(429).setHeader("Retry-After", String(wait));
    res.json({ error: { code: 429, id: "resend_too_soon", reason: resendTooSoon(wait).text } });
  }
}
