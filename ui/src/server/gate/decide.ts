import { canonicalAddress } from "./address";
import { decoyAddress } from "../flow/decoy";
import type { FlowKind, Intent, Submission } from "./parse";

/**
 * The gate's second step, pure: given what a submission asks (parse.ts), the flow as
 * Kratos holds it and what Hera remembers of it, what happens. Nothing here reads the
 * request again: a code attempt is one because the flow has sent a code, and the address
 * Kratos gets on it is the one Kratos holds for the flow, whatever the body says.
 */

/** The flow as Kratos holds it, read with the caller's cookies (so it is theirs). */
export type FlowView = {
  id: string;
  kind: FlowKind;
  type: "browser" | "api";
  state: "choose_method" | "sent_email" | "passed_challenge";
  requestedAal: "aal1" | "aal2";
  /**
   * The address Kratos holds for the flow: where it sent the code (the decoy's, for a decoy
   * flow), or at the second step the signed-in identity's.
   */
  heldAddress?: string;
};

/** The flow as decide() sees it, from Kratos's JSON (read with the caller's cookies). */
export function viewOf(kind: FlowKind, flow: { id: string; type?: string; state?: unknown; requested_aal?: string; ui?: { nodes?: unknown[] } }): FlowView {
  const state = flow.state === "choose_method" || flow.state === "sent_email" ? flow.state : "passed_challenge";
  const name = kind === "login" ? "identifier" : "traits.email";
  const held = (flow.ui?.nodes ?? [])
    .map((n) => (n as { attributes?: { name?: string; type?: string; value?: unknown } }).attributes)
    .find((a) => a?.name === name && a.type === "hidden" && typeof a.value === "string")?.value as string | undefined;
  return {
    id: flow.id,
    kind,
    type: flow.type === "api" ? "api" : "browser",
    state,
    requestedAal: flow.requested_aal === "aal2" ? "aal2" : "aal1",
    // Kratos holds an address once it sent a code, and for a second step (the session's).
    heldAddress: state === "sent_email" || flow.requested_aal === "aal2" ? held : undefined,
  };
}

/** What Hera remembers of the flow and its address (limits/). */
export type FlowMemory = {
  /** The address this flow was asked for, as the address rule wrote it. */
  address?: string;
  wrongCodes: number;
  resendWaitSeconds: number;
  /** The newest flow whose email went to this flow's address. */
  newestFlowForAddress?: string;
};

export type Policy = { wrongCodeLimit: number };

/** Why Hera answers a submission itself instead of passing it on. */
export type Why = "flow_finished" | "not_offered_now" | "invalid_address" | "resend_wait" | "spent" | "superseded" | "no_code_sent";

export type Decision =
  | { do: "refuse"; why: Why; seconds?: number; typed?: string }
  /** An email is to go to `address`: who it really goes to is routed after the lookup. */
  | { do: "send"; address: string; resend: boolean }
  /** Passed on as exactly these fields; `codeAttempt` when Kratos will judge a code. */
  | { do: "forward"; fields: KratosFields; codeAttempt: boolean };

/** A submission to Kratos as Hera writes it: every field named, nothing carried over. */
export type KratosFields = Record<string, string>;

/** The address field by its form name; gate/request.ts nests it for JSON. */
function addressField(kind: FlowKind): "identifier" | "traits.email" {
  return kind === "login" ? "identifier" : "traits.email";
}

export function decide(submission: Submission, flow: FlowView, memory: FlowMemory, policy: Policy): Decision {
  const { intent } = submission;
  const csrf = { csrf_token: submission.csrfToken };
  if (flow.state === "passed_challenge") return { do: "refuse", why: "flow_finished" };
  const firstStep = flow.requestedAal === "aal1";

  switch (intent.action) {
    case "send": {
      if (!firstStep || flow.state !== "choose_method") return { do: "refuse", why: "not_offered_now" };
      const address = canonicalAddress(intent.address);
      if (!address) return { do: "refuse", why: "invalid_address", typed: intent.address };
      return { do: "send", address, resend: false };
    }
    case "resend": {
      if (!firstStep || flow.state !== "sent_email" || !memory.address) return { do: "refuse", why: "no_code_sent" };
      if (memory.resendWaitSeconds > 0) return { do: "refuse", why: "resend_wait", seconds: memory.resendWaitSeconds };
      return { do: "send", address: memory.address, resend: true };
    }
    case "code": {
      if (!firstStep || flow.state !== "sent_email" || !flow.heldAddress) return { do: "refuse", why: "no_code_sent" };
      if (memory.wrongCodes >= policy.wrongCodeLimit) return { do: "refuse", why: "spent" };
      if (memory.newestFlowForAddress !== undefined && memory.newestFlowForAddress !== flow.id) return { do: "refuse", why: "superseded" };
      return { do: "forward", fields: { method: "code", ...csrf, code: intent.code, [addressField(flow.kind)]: flow.heldAddress }, codeAttempt: true };
    }
    case "passkey":
      if (flow.kind !== "login" || !firstStep || flow.state !== "choose_method") return { do: "refuse", why: "not_offered_now" };
      return { do: "forward", fields: { method: "passkey", ...csrf, passkey_login: intent.passkeyLogin }, codeAttempt: false };
    case "totp":
    case "lookup_secret":
    case "webauthn":
      // The second step after the email: Kratos checks the factor against the session.
      if (flow.kind !== "login" || firstStep) return { do: "refuse", why: "not_offered_now" };
      // Kratos's security-key step names the identity too: the one the flow holds.
      if (intent.action === "webauthn") {
        if (!flow.heldAddress) return { do: "refuse", why: "not_offered_now" };
        return {
          do: "forward",
          fields: { method: "webauthn", ...csrf, webauthn_login: intent.webauthnLogin, identifier: flow.heldAddress },
          codeAttempt: false,
        };
      }
      return { do: "forward", fields: { method: intent.action, ...csrf, ...secondFactor(intent) }, codeAttempt: false };
  }
}

function secondFactor(intent: Extract<Intent, { action: "totp" | "lookup_secret" }>): KratosFields {
  return intent.action === "totp" ? { totp_code: intent.totpCode } : { lookup_secret: intent.lookupSecret };
}

/** Where a code request's email goes, once Hera knows whether the address has an account. */
export type Route = { decoy: boolean; notice?: "account_missing" | "account_exists" };

/**
 * Kratos would answer differently for an address without an account (sign-in) or with
 * one (sign-up): those go to the decoy, and the person gets Hera's notice instead. Past
 * the address's allowance nothing at all is sent: the decoy again, with no notice.
 */
export function route(kind: FlowKind, exists: boolean, withinAllowance: boolean, registrationEnabled: boolean): Route {
  if (!withinAllowance) return { decoy: true };
  if (kind === "login") return exists ? { decoy: false } : { decoy: true, notice: registrationEnabled ? "account_missing" : undefined };
  return exists ? { decoy: true, notice: "account_exists" } : { decoy: false };
}

/** The fields of a code request as Kratos gets them: the address, or the decoy's. */
export function sendFields(submission: Submission, decision: Extract<Decision, { do: "send" }>, to: Route): KratosFields {
  return {
    method: "code",
    csrf_token: submission.csrfToken,
    [addressField(submission.kind)]: to.decoy ? decoyAddress : decision.address,
    ...(decision.resend ? { resend: "code" } : {}),
  };
}
