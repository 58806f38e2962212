import type { Request, RequestHandler, Response } from "express";
import type { Deps } from "../deps";
import { forwardedFrom, type KratosAnswer } from "../kratos/client";
import { unavailable } from "../kratos/refusals";
import { languageOfRequest } from "../http/language";
import { floor } from "../http/floor";
import { presentFlowJson } from "../flow/presentation";
import { afterCode, forward, recall, refuse, refuseUnread, reply, replyToForm, send } from "./act";
import { decide, viewOf } from "./decide";
import { isRefusal, parseFlowRead, parseSubmission, type FlowKind, type RawRequest } from "./parse";

/**
 * The gate: every request to a sign-in or sign-up flow's submit or read path, whatever its
 * method, reaches Kratos only through here (Caddy routes them all to Hera). Each request
 * passes the same named steps, in order:
 *
 *   1. parse    (parse.ts, pure)  what the request asks, by Hera's rules alone, or a refusal
 *   2. read     the flow from Kratos with the caller's cookies: nothing is counted or kept
 *               for a flow Kratos does not confirm exists and is this caller's
 *   3. recall   what Hera's limits remember of the flow and its address
 *   4. decide   (decide.ts, pure) from the flow's state: refuse, send a code, or forward
 *   5. act      (act.ts) Hera's own request to Kratos, then what its answer changes
 */
export function submissionGate(deps: Deps, kind: FlowKind): RequestHandler {
  return async (req, res, next) => {
    const started = performance.now();
    try {
      const submission = parseSubmission(kind, rawOf(req));
      if (isRefusal(submission)) return refuseUnread(res, submission, kind);

      const forwarded = forwardedFrom(req);
      const read = failedIfKratosDid(await deps.kratos.readFlow(kind, submission.flowId, forwarded));
      if (read.status !== 200) return notThisCallersFlow(res, submission.mode, kind, submission.flowId, read);
      const flow = viewOf(kind, JSON.parse(read.text));

      const memory = await recall(deps, flow.id);
      const decision = decide(submission, flow, memory, { wrongCodeLimit: deps.limits.wrongCodes.limit });

      switch (decision.do) {
        case "refuse":
          return await refuse(deps, res, submission, decision, read.text);
        case "send": {
          const answer = await send(deps, submission, decision, forwarded, deps.limits.devices.deviceFor(req, decision.address), languageOfRequest(req));
          await floor(started, deps.config.codeRequestFloorMs);
          failedIfKratosDid(answer);
          if (submission.mode === "form") return replyToForm(res, kind, flow.id, answer);
          return await reply(deps, res, flow.id, answer);
        }
        case "forward": {
          const answer = failedIfKratosDid(await forward(deps, submission, decision.fields, forwarded));
          if (decision.codeAttempt && (await afterCode(deps, submission, answer)) === "signed_in" && memory.address && !memory.decoy) {
            deps.limits.devices.remember(req, res, memory.address);
          }
          return await reply(deps, res, flow.id, answer);
        }
      }
    } catch (err) {
      next(err);
    }
  };
}

/**
 * GET /self-service/<kind>/flows?id=: the flow as Hera's pages show it (a decoy flow
 * reads like any other, a spent flow says so), never Kratos's raw JSON.
 */
export function flowReadGate(deps: Deps, kind: FlowKind): RequestHandler {
  return async (req, res, next) => {
    try {
      const id = parseFlowRead(rawOf(req));
      if (isRefusal(id)) return refuseUnread(res, id, kind);
      const read = failedIfKratosDid(await deps.kratos.readFlow(kind, id, forwardedFrom(req)));
      res
        .type("application/json")
        .status(read.status)
        .send(read.status === 200 ? await presentFlowJson(deps, id, read.text) : read.text);
    } catch (err) {
      next(err);
    }
  };
}

/**
 * Kratos's own failure (a 5xx, its database's message inside) is Hera's "try again
 * shortly" (503), never passed on; a code request's answer is checked after its response-time floor.
 */
function failedIfKratosDid(answer: KratosAnswer): KratosAnswer {
  if (answer.status >= 500) throw unavailable(new Error(`Kratos answered ${answer.status}`));
  return answer;
}

/** The parts of the request the gate reads: the raw body (express.raw) and the query as sent. */
function rawOf(req: Request): RawRequest {
  const url = req.originalUrl;
  const at = url.indexOf("?");
  return {
    method: req.method,
    query: at < 0 ? "" : url.slice(at + 1),
    contentType: req.header("content-type"),
    accept: req.header("accept"),
    body: Buffer.isBuffer(req.body) ? req.body : new Uint8Array(),
  };
}

/**
 * The flow is not the caller's (another browser's, or gone): Kratos's own answer to reading
 * it goes back to a JSON client; a browser's form goes to the flow's page, which explains.
 */
function notThisCallersFlow(res: Response, mode: "json" | "form", kind: FlowKind, flowId: string, read: { status: number; text: string }): void {
  if (mode === "form") return res.redirect(303, `/${kind}?flow=${flowId}`);
  if (read.status >= 500) throw unavailable(new Error(`Kratos answered ${read.status} to a flow read`));
  res.type("application/json").status(read.status).send(read.text);
}
