import type { Response } from "express";
import type { Deps } from "../deps";
import type { Forwarded, KratosAnswer } from "../kratos/client";
import { presentFlowJson } from "../flow/presentation";
import { refusalMessage } from "../flow/messages";
import { rememberTyped, withAddressValue } from "../flow/pages";
import type { Decision, FlowMemory, KratosFields, Route } from "./decide";
import { route, sendFields } from "./decide";
import { kratosRequest } from "./request";
import { showMessage } from "../http/message-page";
import type { Language } from "../../i18n/languages";
import { asksForPage, type FlowKind, type Refusal, type Submission } from "./parse";

/**
 * The gate's last step: the one request to Kratos, written by Hera, and what Kratos's
 * answer changes in Hera's limits. Each function here is one named step of gate/index.ts.
 */

/** What Hera remembers of this flow and of its address. */
export async function recall(deps: Deps, flowId: string): Promise<FlowMemory & { decoy: boolean }> {
  const [record, wrongCodes, resendWaitSeconds] = await Promise.all([
    deps.limits.flows.get(flowId),
    deps.limits.wrongCodes.count(flowId),
    deps.limits.cooldown.secondsLeft(flowId),
  ]);
  const newestFlowForAddress = record ? await deps.limits.newest.newestFlow(record.address) : undefined;
  return { address: record?.address, decoy: record?.decoy ?? false, wrongCodes, resendWaitSeconds, newestFlowForAddress };
}

/**
 * A code request: whether the address has an account and is within its allowance decide
 * where Kratos sends the code (flow/decoy.ts); Kratos is always asked in JSON, so Hera
 * reads one kind of answer. Both lookups run for every address, so both routes cost the
 * same; the caller holds the answer to the response-time floor.
 */
export async function send(
  deps: Deps,
  submission: Submission,
  decision: Extract<Decision, { do: "send" }>,
  forwarded: Forwarded,
  device: string | undefined,
  /** The language of the page (or the API client) that asked: its emails are written in it. */
  lang: Language,
): Promise<KratosAnswer> {
  const { kind, flowId } = submission;
  const [exists, withinAllowance] = await Promise.all([
    deps.identities.exists(decision.address),
    deps.limits.emails.take(decision.address, device),
    deps.identities.decoyReady(),
  ]);
  const to: Route = route(kind, exists, withinAllowance, deps.config.registrationEnabled);
  // The email's link needs the flow id, and its words the asker's language, which Kratos's
  // template model lacks: both travel as the transient payload, set here and never taken
  // from the client.
  const request = kratosRequest(kind, flowId, "json", sendFields(submission, decision, to), { flow_id: flowId, lang });
  const answer = await deps.kratos.submitFlow(request, forwarded);
  if (!(answer.status < 500 && stateOf(answer) === "sent_email")) {
    // Nothing was sent (Kratos refused the CSRF token, or the flow had ended): nothing counts.
    await deps.limits.emails.giveBack(decision.address, device);
  } else {
    await Promise.all([
      deps.limits.cooldown.sent(flowId),
      deps.limits.flows.set(flowId, { address: decision.address, decoy: to.decoy, lang }),
      withinAllowance ? deps.limits.newest.flowSent(decision.address, flowId) : undefined,
    ]);
    if (to.notice) {
      const [notice, address] = [to.notice, decision.address];
      const path = notice === "account_missing" ? "/registration" : "/login";
      // Sent a moment later, as Kratos's courier sends a real code (it polls each second):
      // the notice's work then falls on no request in particular.
      setTimeout(() => void deps.mailer.sendOwn(notice, address, path, lang), 500 + Math.random() * 1000);
    }
  }
  return answer;
}

function stateOf(answer: KratosAnswer): string | undefined {
  try {
    return (JSON.parse(answer.text) as { state?: string }).state;
  } catch {
    return undefined;
  }
}

/** Every other submission Kratos is to judge: the fields decide() wrote, in the client's mode. */
export async function forward(deps: Deps, submission: Submission, fields: KratosFields, forwarded: Forwarded): Promise<KratosAnswer> {
  return deps.kratos.submitFlow(kratosRequest(submission.kind, submission.flowId, submission.mode, fields), forwarded);
}

/** A code Kratos judged: a used flow's link says so later, and the third wrong code spends the flow. */
export async function afterCode(deps: Deps, submission: Submission, answer: KratosAnswer): Promise<"signed_in" | "wrong" | "other"> {
  if (answer.setCookie.some((c) => /^ory_kratos_session=[^;]+/.test(c))) {
    await deps.limits.usedFlows.add(submission.flowId);
    return "signed_in";
  }
  if (!isWrongCode(submission, answer)) return "other";
  await deps.limits.wrongCodes.add(submission.flowId);
  return "wrong";
}

/**
 * Kratos refused the code itself (not the CSRF check, not an expired flow): the flow
 * comes back with "invalid code" (JSON), or the browser is sent back to the same flow.
 */
function isWrongCode(submission: Submission, answer: KratosAnswer): boolean {
  if (submission.mode === "json") {
    if (answer.status !== 400) return false;
    try {
      const flow = JSON.parse(answer.text) as { ui?: { messages?: { id?: number }[]; nodes?: { messages?: { id?: number }[] }[] } };
      const ids = [...(flow.ui?.messages ?? []), ...(flow.ui?.nodes ?? []).flatMap((n) => n.messages ?? [])].map((m) => m.id);
      return ids.includes(4010008) || ids.includes(4040003);
    } catch {
      return false;
    }
  }
  if (answer.status !== 303 && answer.status !== 302) return false;
  try {
    const to = new URL(answer.location ?? "", "http://kratos.invalid");
    return to.pathname.endsWith(`/${submission.kind}`) && to.searchParams.get("flow") === submission.flowId;
  } catch {
    return false;
  }
}

/** Kratos's answer on its way back: its status and the headers that matter, the flow as shown. */
export async function reply(deps: Deps, res: Response, flowId: string, answer: KratosAnswer): Promise<void> {
  for (const cookie of answer.setCookie) res.append("Set-Cookie", cookie);
  if (answer.location) res.setHeader("Location", answer.location);
  const json = /json/.test(answer.contentType ?? "");
  if (answer.contentType) res.setHeader("Content-Type", answer.contentType);
  res.status(answer.status).send(json ? await presentFlowJson(deps, flowId, answer.text) : answer.text);
}

/**
 * A code request answered as Kratos answers a browser's form after sending: back to the
 * flow's page, which shows where the code went.
 */
export function replyToForm(res: Response, kind: FlowKind, flowId: string, answer: KratosAnswer): void {
  for (const cookie of answer.setCookie) res.append("Set-Cookie", cookie);
  res.redirect(303, `/${kind}?flow=${flowId}`);
}

/**
 * The gate answers for Kratos: a JSON client gets its flow (as read a moment ago) with the
 * reason as the flow's message, as Kratos answers a refused submission; a browser's form
 * goes back to the flow's page, which says the same.
 */
export async function refuse(
  deps: Deps,
  res: Response,
  submission: Submission,
  decision: Extract<Decision, { do: "refuse" }>,
  flowJson: string,
): Promise<void> {
  const { kind, flowId } = submission;
  if (submission.mode === "form") {
    // What was typed stays in the field, to be corrected (a one-shot cookie, never the URL).
    if (decision.typed !== undefined && decision.typed.length <= 320) rememberTyped(deps, res, decision.typed);
    res.redirect(303, `/${kind}?flow=${flowId}&refused=${decision.why}`);
    return;
  }
  if (decision.why === "resend_wait") res.setHeader("Retry-After", String(decision.seconds ?? 1));
  let flow = JSON.parse(await presentFlowJson(deps, flowId, flowJson)) as { ui: { nodes: unknown[]; messages?: unknown[] } };
  if (decision.typed !== undefined) flow = withAddressValue(flow, decision.typed);
  // 400 with the flow, as Kratos answers a refused submission: Ory Elements shows the message.
  res.status(400).json({ ...flow, ui: { ...flow.ui, messages: [refusalMessage(decision.why, decision.seconds ?? 1)] } });
}

/** A request the gate cannot read: Kratos's error shape, so any Kratos client understands it. */
export function refuseUnread(res: Response, refusal: Refusal, kind: FlowKind): void {
  if (refusal.allow) res.setHeader("Allow", refusal.allow);
  res.status(refusal.status);
  // A browser's form the gate cannot take (an old page, another site's form) gets a page
  // that says what to do, not JSON; the status and the reason are the same.
  if (asksForPage(res.req.header("accept"))) {
    return showMessage(res, refusal.status, {
      heading: "page.form_refused.heading",
      body: "page.form_refused.body",
      action: { href: `/${kind}`, label: "page.start_again" },
    });
  }
  res.json({ error: { code: refusal.status, status: statusText[refusal.status], id: refusal.refused, reason: refusal.reason } });
}

const statusText: Record<Refusal["status"], string> = {
  400: "Bad Request",
  405: "Method Not Allowed",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
};
