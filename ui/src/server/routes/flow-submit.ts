import express, { type Express, type Request, type Response } from "express";
import type { IncomingMessage } from "node:http";
import { createProxyMiddleware, fixRequestBody, responseInterceptor } from "http-proxy-middleware";
import type { Deps } from "../app";
import { fetchFlow, flowIdOf, rememberTyped, withAddressValue, type FlowKind } from "../flows";
import { cookiesOf } from "../kratos";
import { invalidAddress, resendTooSoon, tooManyWrongCodes } from "../messages";
import { shownAddress, withDecoyAddress } from "../decoy";
import { presentFlowJson, presentedFlow } from "../flow-presentation";
import type { NoticeType } from "../mailer/templates";
import { z } from "zod";

type Body = Record<string, unknown> & { traits?: Record<string, unknown> };

/** A form field's value; a plain form may send a name twice (method, from two buttons). */
const field = (body: Body, name: string): unknown => (Array.isArray(body[name]) ? (body[name] as unknown[])[0] : body[name]);

/** A request for a new code in a flow that already has one. */
export function isResend(body: Body): boolean {
  return field(body, "resend") === "code";
}

/** The address a submission names, if any, as typed. */
export function addressOf(body: Body): string | undefined {
  const address = field(body, "identifier") ?? field(body, "traits.email") ?? body.traits?.email;
  return typeof address === "string" && address.trim().length > 0 ? address : undefined;
}

/** The first request for a code: an address, no code yet. */
export function isSend(body: Body): boolean {
  return field(body, "method") === "code" && !field(body, "code") && !isResend(body) && addressOf(body) !== undefined;
}

const emailAddress = z.email().max(254);

/** An address Hera will look up and send to (zod's email rule: ASCII, a dot in the domain). */
export function isEmailAddress(typed: string): boolean {
  return emailAddress.safeParse(typed.trim()).success;
}

/** Kratos's passkey sign-up, which Hera leaves out (flow-presentation.ts says why). */
export function isPasskeySignUp(body: Body): boolean {
  return field(body, "method") === "passkey" || field(body, "passkey_register") !== undefined;
}

/** A code typed (or brought by a link) to finish the flow. */
export function isCodeAttempt(body: Body): boolean {
  const code = field(body, "code");
  return typeof code === "string" && code.length > 0 && !isResend(body);
}

/**
 * The transient payload Kratos hands to the email's template is set here, from the flow
 * the submission is for: the link in the email needs the flow id (Kratos's model has
 * none), and whatever a client sent there (a string, a CR/LF, a megabyte) never reaches
 * Kratos, which answers a malformed one with a 500.
 */
function withFlowIdPayload(body: Body, flowId: string, json: boolean): Body {
  const payload = { flow_id: flowId };
  // A plain form carries JSON in a string field (Kratos v1.3.1 parses it there; it drops
  // dotted transient_payload.* keys).
  return { ...body, transient_payload: json ? payload : JSON.stringify(payload) };
}

/** What Hera decided about one submission, for when Kratos's answer comes back. */
type Submission = {
  kind: FlowKind;
  flowId: string;
  codeAttempt: boolean;
  /** The address a code (or Hera's notice) is being sent to, as typed. */
  sendsTo?: string;
  notice?: NoticeType;
};

/**
 * POST /self-service/login and /self-service/registration: Caddy sends every sign-in and
 * sign-up submission through Hera, so Hera's policies hold whoever posts: the resend wait,
 * three wrong codes per flow, three emails per address, and the decoy that keeps Kratos
 * from telling whether an address has an account (decoy.ts). What passes goes on to Kratos,
 * cookies included, and Kratos's answer comes back through Hera.
 */
export function registerFlowSubmit(app: Express, deps: Deps): void {
  const kratos = createProxyMiddleware<Request, Response>({
    target: deps.config.kratosPublicUrl,
    changeOrigin: false,
    selfHandleResponse: true,
    on: {
      // The parsers below read the body (and Hera may change its address); this writes it out for Kratos.
      proxyReq: fixRequestBody,
      proxyRes: responseInterceptor(async (buffer, proxyRes, req, res) => answered(deps, req as Request, res as Response, proxyRes, buffer)),
    },
  });
  const parse = [express.urlencoded({ extended: false, limit: "64kb" }), express.json({ limit: "64kb" })];

  for (const kind of ["login", "registration"] as FlowKind[]) {
    app.post(`/self-service/${kind}`, ...parse, async (req, res, next) => {
      try {
        const flowId = flowIdOf(req);
        // No flow (or a malformed id): Kratos says so in its own words.
        if (!flowId) return await kratos(req, res, next);
        const body = (req.body ?? {}) as Body;
        if (kind === "registration" && isPasskeySignUp(body)) return refusePasskeySignUp(req, res, flowId);
        const submission: Submission = { kind, flowId, codeAttempt: isCodeAttempt(body) };
        if (isResend(body)) {
          const wait = await deps.cooldown.secondsLeft(flowId);
          if (wait > 0) return await refuseResend(deps, kind, flowId, wait, req, res);
        }
        if (submission.codeAttempt && (await deps.wrongCodes.spent(flowId))) return await refuseSpent(deps, kind, flowId, req, res);
        const typed = isSend(body) || isResend(body) ? addressOf(body) : undefined;
        if (typed !== undefined) {
          if (!isEmailAddress(typed)) return await refuseAddress(deps, kind, flowId, typed, req, res);
          const route = await routeFor(deps, kind, typed);
          await deps.decoys.route(flowId, route.decoy ? shownAddress(kind, typed) : undefined);
          submission.sendsTo = typed;
          submission.notice = route.notice;
        }
        let forwarded = withFlowIdPayload(body, flowId, req.is("application/json") !== false);
        if (await deps.decoys.addressOf(flowId)) forwarded = withDecoyAddress(forwarded);
        req.body = forwarded;
        res.locals.submission = submission;
        return await kratos(req, res, next);
      } catch (err) {
        next(err);
      }
    });
  }

  // Reading a flow through the origin shows what Hera's pages show (the typed address in
  // a decoy flow, a spent flow's message): asking Kratos directly must not tell more.
  app.get(["/self-service/login/flows", "/self-service/registration/flows"], (req, res, next) => {
    res.locals.read = true;
    return kratos(req, res, next);
  });
}

/**
 * Whether the code goes to the address or the decoy, and which notice (if any) Hera
 * sends itself. Both lookups run for every address, so both paths cost the same.
 */
async function routeFor(deps: Deps, kind: FlowKind, typed: string): Promise<{ decoy: boolean; notice?: NoticeType }> {
  const [exists, withinLimit] = await Promise.all([deps.identities.exists(typed), deps.emailsPerAddress.take(typed), deps.identities.decoyReady()]);
  if (!withinLimit) return { decoy: true };
  if (kind === "login") return exists ? { decoy: false } : { decoy: true, notice: deps.config.registrationEnabled ? "account_missing" : undefined };
  return exists ? { decoy: true, notice: "account_exists" } : { decoy: false };
}

/** Kratos's answer: counts wrong codes, notes sends and used codes, shows the typed address. */
async function answered(deps: Deps, req: Request, res: Response, proxyRes: IncomingMessage, buffer: Buffer): Promise<Buffer | string> {
  const isJson = /json/.test(String(proxyRes.headers["content-type"] ?? ""));
  if (res.locals.read) {
    const id = typeof req.query.id === "string" ? req.query.id : undefined;
    return isJson && id && proxyRes.statusCode === 200 ? presentFlowJson(deps, id, buffer.toString("utf8")) : buffer;
  }
  const s = res.locals.submission as Submission | undefined;
  if (!s) return buffer;
  const status = proxyRes.statusCode ?? 502;
  const session = (proxyRes.headers["set-cookie"] ?? []).some((c) => /^ory_kratos_session=[^;]+/.test(c));
  const text = buffer.toString("utf8");

  if (s.codeAttempt && session) await deps.usedFlows.add(s.flowId);
  // The third wrong code ends the flow now, not at the fourth try: the flow is presented
  // as spent below.
  if (s.codeAttempt && !session && isWrongCode(s, status, proxyRes, text, isJson)) await deps.wrongCodes.add(s.flowId);
  if (s.sendsTo !== undefined && status < 500) {
    await Promise.all([deps.cooldown.sent(s.flowId), deps.addresses.set(s.flowId, s.sendsTo)]);
    if (s.notice) {
      const path = s.notice === "account_missing" ? "/registration" : "/login";
      const [notice, to] = [s.notice, s.sendsTo.trim()];
      // Sent a moment later, as Kratos's courier sends a real code (it polls each second):
      // the notice's work then falls on no request in particular, neither this answer nor
      // the very next one.
      setTimeout(() => void deps.mailer.sendOwn(notice, to, path), 500 + Math.random() * 1000);
    }
  }
  return isJson ? presentFlowJson(deps, s.flowId, text) : text;
}

/**
 * Kratos refused the code itself (not the CSRF check, not an expired flow): the flow
 * comes back with "invalid code" (JSON), or the browser is sent back to the same flow.
 */
function isWrongCode(s: Submission, status: number, proxyRes: IncomingMessage, text: string, isJson: boolean): boolean {
  if (isJson) {
    if (status !== 400) return false;
    try {
      const flow = JSON.parse(text) as { ui?: { messages?: { id?: number }[]; nodes?: { messages?: { id?: number }[] }[] } };
      const ids = [...(flow.ui?.messages ?? []), ...(flow.ui?.nodes ?? []).flatMap((n) => n.messages ?? [])].map((m) => m.id);
      return ids.includes(4010008) || ids.includes(4040003);
    } catch {
      return false;
    }
  }
  if (status !== 303 && status !== 302) return false;
  try {
    const to = new URL(String(proxyRes.headers.location ?? ""), "http://kratos.invalid");
    return to.pathname.endsWith(`/${s.kind}`) && to.searchParams.get("flow") === s.flowId;
  } catch {
    return false;
  }
}

/** The flow as the browser would read it, with a message, for refusals answered by Hera. */
async function refuseWithFlow(deps: Deps, kind: FlowKind, flowId: string, req: Request, res: Response, message: object, fallbackStatus: number, typed?: string): Promise<void> {
  const cookie = cookiesOf(req);
  try {
    let flow = await presentedFlow(deps, await fetchFlow(deps, kind, flowId, cookie));
    // What was typed stays in the field, to be corrected rather than typed again.
    if (typed !== undefined) flow = withAddressValue(flow, typed);
    res.status(400).json({ ...flow, ui: { ...flow.ui, messages: [message] } });
  } catch {
    // Not this client's flow (or gone): no flow to show, only why.
    res.status(fallbackStatus).json({ error: { code: fallbackStatus, id: "submission_refused", reason: (message as { text: string }).text } });
  }
}

/** Says how long to wait, in the form each kind of client understands. */
async function refuseResend(deps: Deps, kind: FlowKind, flowId: string, wait: number, req: Request, res: Response) {
  if (!req.is("application/json")) {
    // The plain form (JavaScript off): back to the page, which says how long to wait.
    res.redirect(303, `/${kind}?flow=${flowId}&resend=wait`);
    return;
  }
  res.setHeader("Retry-After", String(wait));
  await refuseWithFlow(deps, kind, flowId, req, res, resendTooSoon(wait), 429);
}

/** The flow had its three wrong codes: even the right one is refused now. */
async function refuseSpent(deps: Deps, kind: FlowKind, flowId: string, req: Request, res: Response) {
  // The page of a spent flow says so and offers a new code.
  if (!req.is("application/json")) return res.redirect(303, `/${kind}?flow=${flowId}`);
  await refuseWithFlow(deps, kind, flowId, req, res, tooManyWrongCodes, 400);
}

/** Not an email address: nothing is looked up or sent; the page says what is wrong. */
async function refuseAddress(deps: Deps, kind: FlowKind, flowId: string, typed: string, req: Request, res: Response) {
  if (!req.is("application/json")) {
    // Back to the form with what was typed still in the field (a one-shot cookie, never the URL).
    if (typed.length <= 320) rememberTyped(deps, res, typed);
    return res.redirect(303, `/${kind}?flow=${flowId}&address=invalid`);
  }
  await refuseWithFlow(deps, kind, flowId, req, res, invalidAddress(), 400, typed);
}

/** Passkey sign-up is not offered: say how to get one, in the form each client understands. */
function refusePasskeySignUp(req: Request, res: Response, flowId: string) {
  if (!req.is("application/json")) return res.redirect(303, `/registration?flow=${flowId}`);
  res.status(400).json({ error: { code: 400, id: "passkey_sign_up_not_offered", reason: "Sign up with your email address; add a passkey on your account page afterwards." } });
}
