import express, { type ErrorRequestHandler, type Express } from "express";
import type { Deps } from "../deps";
import { flowReadGate, submissionGate } from "../gate";
import { refuseUnread } from "../gate/act";
import { maxBodyBytes, type FlowKind } from "../gate/parse";

/**
 * /self-service/login, /self-service/registration and their /flows reads, every method:
 * Caddy sends them all here, and only the gate (gate/) speaks to Kratos for them.
 */
export function registerSelfService(app: Express, deps: Deps): void {
  // The body as bytes: the gate's parser is the only one that reads it. No inflating: a
  // compressed body is refused, not unpacked.
  const body = express.raw({ type: () => true, limit: maxBodyBytes, inflate: false });
  for (const kind of ["login", "registration"] as FlowKind[]) {
    app.all(`/self-service/${kind}`, body, submissionGate(deps, kind), unreadableBody(kind));
    app.all(`/self-service/${kind}/flows`, flowReadGate(deps, kind));
  }
}

/** A body express.raw could not take (too large, compressed, cut short): the gate's refusal. */
function unreadableBody(kind: FlowKind): ErrorRequestHandler {
  return (err, _req, res, next) => {
    const status = (err as { status?: number }).status;
    if (status === 413) return refuseUnread(res, { refused: "payload_too_large", status: 413, reason: "The body is too large." }, kind);
    if (status === 415) return refuseUnread(res, { refused: "unsupported_media_type", status: 415, reason: "Compressed bodies are not accepted." }, kind);
    if (status !== undefined && status >= 400 && status < 500)
      return refuseUnread(res, { refused: "malformed_body", status: 400, reason: "The body could not be read." }, kind);
    next(err);
  };
}
