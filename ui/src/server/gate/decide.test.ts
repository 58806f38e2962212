import { describe, expect, it } from "vitest";
import { decide, route, sendFields, viewOf, type FlowMemory, type FlowView } from "./decide";
import loginChooseMethod from "../../flow-card/fixtures/login-choose-method.json";
import loginSentEmail from "../../flow-card/fixtures/login-sent-email.json";
import registrationSentEmail from "../../flow-card/fixtures/registration-sent-email.json";
import type { Intent, Submission } from "./parse";
import { decoyAddress } from "../flow/decoy";

const id = "5c808a01-29fc-4935-85e6-64777bd0f9dd";
const other = "6f1b7a52-0d6e-4c1e-9a57-0123456789ab";
const policy = { wrongCodeLimit: 3 };
const submission = (intent: Intent, kind: "login" | "registration" = "login"): Submission => ({ kind, flowId: id, mode: "json", csrfToken: "t", intent });
const fresh: FlowView = { id, kind: "login", type: "browser", state: "choose_method", requestedAal: "aal1" };
const sent: FlowView = { ...fresh, state: "sent_email", heldAddress: "ada@example.com" };
const remembered: FlowMemory = { address: "ada@example.com", wrongCodes: 0, resendWaitSeconds: 0, newestFlowForAddress: id };

describe("the flow as decide() sees it, from flows captured from the real Kratos", () => {
  it("reads the state, and the address Kratos holds once it sent the code", () => {
    expect(viewOf("login", loginChooseMethod)).toMatchObject({ state: "choose_method", requestedAal: "aal1", type: "browser", heldAddress: undefined });
    expect(viewOf("login", loginSentEmail)).toMatchObject({ state: "sent_email", heldAddress: "fixture-1795322771@example.test" });
    expect(viewOf("registration", registrationSentEmail)).toMatchObject({ state: "sent_email", heldAddress: "fixture-1795322771@example.test" });
    // A state Hera does not know is treated as finished: nothing is offered on it.
    expect(viewOf("login", { ...loginSentEmail, state: "something_new" }).state).toBe("passed_challenge");
  });
});

describe("deciding from the flow's state", () => {
  it("sends a code only on a flow that has not sent one, to the address as the address rule writes it", () => {
    expect(decide(submission({ action: "send", address: "  Ada@Example.COM " }), fresh, { wrongCodes: 0, resendWaitSeconds: 0 }, policy)).toEqual({
      do: "send",
      address: "ada@example.com",
      resend: false,
    });
    expect(decide(submission({ action: "send", address: "eve@example.com" }), sent, remembered, policy)).toEqual({ do: "refuse", why: "not_offered_now" });
  });

  it("refuses an address the rule does not accept, keeping what was typed to show it", () => {
    for (const typed of [
      "",
      "ada",
      "ada@example",
      "a\u200b@example.com",
      "\ufeffada@example.com",
      "ad\u0430@example.com",
      "ada@exämple.com",
      "ada@example.com\u00a0",
      `${"a".repeat(250)}@example.com`,
    ]) {
      expect(decide(submission({ action: "send", address: typed }), fresh, { wrongCodes: 0, resendWaitSeconds: 0 }, policy), JSON.stringify(typed)).toEqual({
        do: "refuse",
        why: "invalid_address",
        typed,
      });
    }
  });

  it("takes a code only once the flow has sent one, and gives Kratos the address Kratos holds, whatever the body says", () => {
    expect(decide(submission({ action: "code", code: "123456" }), fresh, { wrongCodes: 0, resendWaitSeconds: 0 }, policy)).toEqual({
      do: "refuse",
      why: "no_code_sent",
    });
    expect(decide(submission({ action: "code", code: "123456" }), { ...sent, heldAddress: decoyAddress }, remembered, policy)).toEqual({
      do: "forward",
      codeAttempt: true,
      fields: { method: "code", csrf_token: "t", code: "123456", identifier: decoyAddress },
    });
    const signUp = decide(submission({ action: "code", code: "123456" }, "registration"), { ...sent, kind: "registration" }, remembered, policy);
    expect(signUp).toMatchObject({ do: "forward", fields: { "traits.email": "ada@example.com" } });
    expect(decide(submission({ action: "code", code: "123456" }), { ...sent, heldAddress: undefined }, remembered, policy)).toEqual({
      do: "refuse",
      why: "no_code_sent",
    });
  });

  it("refuses a code after three wrong ones, and one from a flow older than the address's newest email", () => {
    expect(decide(submission({ action: "code", code: "123456" }), sent, { ...remembered, wrongCodes: 3 }, policy)).toEqual({ do: "refuse", why: "spent" });
    expect(decide(submission({ action: "code", code: "123456" }), sent, { ...remembered, wrongCodes: 2 }, policy)).toMatchObject({ do: "forward" });
    expect(decide(submission({ action: "code", code: "123456" }), sent, { ...remembered, newestFlowForAddress: other }, policy)).toEqual({
      do: "refuse",
      why: "superseded",
    });
  });

  it("resends to the flow's own address once the wait is over, never to one in the body", () => {
    expect(decide(submission({ action: "resend" }), sent, { ...remembered, resendWaitSeconds: 42 }, policy)).toEqual({
      do: "refuse",
      why: "resend_wait",
      seconds: 42,
    });
    expect(decide(submission({ action: "resend" }), sent, remembered, policy)).toEqual({ do: "send", address: "ada@example.com", resend: true });
    expect(decide(submission({ action: "resend" }), fresh, { wrongCodes: 0, resendWaitSeconds: 0 }, policy)).toEqual({ do: "refuse", why: "no_code_sent" });
    expect(decide(submission({ action: "resend" }), sent, { wrongCodes: 0, resendWaitSeconds: 0 }, policy)).toEqual({ do: "refuse", why: "no_code_sent" });
  });

  it("offers a passkey on a fresh sign-in only, and the second factors only at the second step", () => {
    const passkey = submission({ action: "passkey", passkeyLogin: "{}" });
    expect(decide(passkey, fresh, remembered, policy)).toEqual({
      do: "forward",
      codeAttempt: false,
      fields: { method: "passkey", csrf_token: "t", passkey_login: "{}" },
    });
    expect(decide(passkey, sent, remembered, policy)).toEqual({ do: "refuse", why: "not_offered_now" });
    expect(decide({ ...passkey, kind: "registration" }, { ...fresh, kind: "registration" }, remembered, policy)).toEqual({
      do: "refuse",
      why: "not_offered_now",
    });
    const totp = submission({ action: "totp", totpCode: "123456" });
    expect(decide(totp, fresh, remembered, policy)).toEqual({ do: "refuse", why: "not_offered_now" });
    expect(decide(totp, { ...fresh, requestedAal: "aal2" }, remembered, policy)).toEqual({
      do: "forward",
      codeAttempt: false,
      fields: { method: "totp", csrf_token: "t", totp_code: "123456" },
    });
    expect(decide(submission({ action: "send", address: "ada@example.com" }), { ...fresh, requestedAal: "aal2" }, remembered, policy)).toEqual({
      do: "refuse",
      why: "not_offered_now",
    });
    // A security key names the identity: the one the flow holds, never the body's.
    const key = submission({ action: "webauthn", webauthnLogin: "{}" });
    expect(decide(key, { ...fresh, requestedAal: "aal2", heldAddress: "ada@example.com" }, remembered, policy)).toEqual({
      do: "forward",
      codeAttempt: false,
      fields: { method: "webauthn", csrf_token: "t", webauthn_login: "{}", identifier: "ada@example.com" },
    });
    expect(decide(key, { ...fresh, requestedAal: "aal2" }, remembered, policy)).toEqual({ do: "refuse", why: "not_offered_now" });
  });

  it("refuses everything on a flow that has already signed someone in", () => {
    for (const intent of [
      { action: "send", address: "ada@example.com" },
      { action: "code", code: "1" },
      { action: "resend" },
      { action: "passkey", passkeyLogin: "{}" },
    ] as Intent[]) {
      expect(decide(submission(intent), { ...sent, state: "passed_challenge" }, remembered, policy)).toEqual({ do: "refuse", why: "flow_finished" });
    }
  });
});

describe("where a code request's email goes", () => {
  it("to the decoy wherever Kratos would tell, with Hera's notice instead; nowhere past the allowance", () => {
    expect(route("login", true, true, true)).toEqual({ decoy: false });
    expect(route("login", false, true, true)).toEqual({ decoy: true, notice: "account_missing" });
    expect(route("login", false, true, false)).toEqual({ decoy: true, notice: undefined });
    expect(route("registration", false, true, true)).toEqual({ decoy: false });
    expect(route("registration", true, true, true)).toEqual({ decoy: true, notice: "account_exists" });
    for (const kind of ["login", "registration"] as const)
      for (const exists of [true, false]) expect(route(kind, exists, false, true)).toEqual({ decoy: true });
  });

  it("is written into the fields Kratos gets, and nothing else of the body", () => {
    const decision = { do: "send" as const, address: "ada@example.com", resend: true };
    expect(sendFields(submission({ action: "resend" }), decision, { decoy: true })).toEqual({
      method: "code",
      csrf_token: "t",
      identifier: decoyAddress,
      resend: "code",
    });
    expect(sendFields(submission({ action: "send", address: "x" }, "registration"), { ...decision, resend: false }, { decoy: false })).toEqual({
      method: "code",
      csrf_token: "t",
      "traits.email": "ada@example.com",
    });
  });
});
