import { describe, expect, it } from "vitest";
import loginWithPasskeys from "../../flow-card/fixtures/login-with-passkeys.json";
import registrationWithPasskeys from "../../flow-card/fixtures/registration-with-passkeys.json";
import loginChooseMethod from "../../flow-card/fixtures/login-choose-method.json";
import type { Deps } from "../deps";
import { presentFlowJson, withOnePasskeyAutofill, withPasskeyScript, withoutPasskeySignUp } from "./presentation";

// Flows captured from the real Kratos v1.3.1 with passkeys on (a localhost origin).
type Node = { group: string; attributes: { name?: string; onloadTrigger?: string; onclickTrigger?: string } };
const nodes = (flow: { ui: { nodes: unknown[] } }) => flow.ui.nodes as Node[];

describe("a sign-in flow with passkeys", () => {
  it("starts the passkey autofill once, where Kratos v1.3.1 asks for it twice", () => {
    expect(nodes(loginWithPasskeys).filter((n) => n.attributes.onloadTrigger)).toHaveLength(2);
    const presented = nodes(withOnePasskeyAutofill(loginWithPasskeys));
    expect(presented.filter((n) => n.attributes.onloadTrigger).map((n) => n.attributes.name)).toEqual(["passkey_login_trigger"]);
    // The button still signs in with a passkey when pressed.
    expect(presented.find((n) => n.attributes.name === "passkey_login_trigger")!.attributes.onclickTrigger).toBe("oryPasskeyLogin");
    expect(presented).toHaveLength(nodes(loginWithPasskeys).length);
  });

  it("leaves a flow without passkeys as it is", () => {
    expect(withOnePasskeyAutofill(loginChooseMethod)).toBe(loginChooseMethod);
  });
});

describe("a sign-up flow with passkeys", () => {
  it("offers the email code only", () => {
    expect(nodes(registrationWithPasskeys).some((n) => n.group === "passkey")).toBe(true);
    const presented = nodes(withoutPasskeySignUp(registrationWithPasskeys));
    expect(presented.filter((n) => n.group === "passkey" || n.group === "webauthn")).toEqual([]);
    expect(presented.some((n) => n.group === "code" && n.attributes.name === "method")).toBe(true);
  });

  it("does not touch a sign-in flow's passkeys", () => {
    expect(withoutPasskeySignUp(loginWithPasskeys)).toBe(loginWithPasskeys);
  });
});

describe("a sign-in flow's first step with passkeys on", () => {
  it("files Kratos's WebAuthn script with the passkey, where no security key is asked for", () => {
    const presented = withPasskeyScript(loginWithPasskeys);
    expect(nodes(presented).filter((n) => n.group === "webauthn")).toEqual([]);
    // The script is still there for the passkey button and autofill.
    expect((presented.ui.nodes as { type: string; attributes: { id?: string } }[]).filter((n) => n.type === "script").map((n) => n.attributes.id)).toEqual([
      "webauthn_script",
    ]);
  });

  it("leaves a step where a security key is asked for, a sign-up and a flow without passkeys as they are", () => {
    const keyTrigger = {
      type: "input",
      group: "webauthn",
      attributes: { name: "webauthn_login_trigger", type: "button", node_type: "input" },
      messages: [],
      meta: {},
    };
    const withKey = { ...loginWithPasskeys, ui: { ...loginWithPasskeys.ui, nodes: [...loginWithPasskeys.ui.nodes, keyTrigger] } };
    expect(withPasskeyScript(withKey)).toBe(withKey);
    expect(withPasskeyScript(registrationWithPasskeys)).toBe(registrationWithPasskeys);
    expect(withPasskeyScript(loginChooseMethod)).toBe(loginChooseMethod);
  });
});

describe("a flow read as JSON through the origin", () => {
  // Neither a decoy nor spent: only the passkey nodes change.
  const deps = { limits: { flows: { get: async () => undefined }, wrongCodes: { spent: async () => false } } } as unknown as Deps;
  const present = async (flow: { id: string }) => JSON.parse(await presentFlowJson(deps, flow.id, JSON.stringify(flow))) as { ui: { nodes: unknown[] } };

  it("gets the same passkey nodes as the page: one autofill, the script with the passkey, no passkey sign-up", async () => {
    const login = nodes(await present(loginWithPasskeys));
    expect(login.filter((n) => n.attributes.onloadTrigger).map((n) => n.attributes.name)).toEqual(["passkey_login_trigger"]);
    expect(login.filter((n) => n.group === "webauthn")).toEqual([]);
    const registration = nodes(await present(registrationWithPasskeys));
    expect(registration.filter((n) => n.group === "passkey" || n.group === "webauthn")).toEqual([]);
  });

  it("leaves a flow without passkeys byte for byte", async () => {
    const json = JSON.stringify(loginChooseMethod);
    expect(await presentFlowJson(deps, loginChooseMethod.id, json)).toBe(json);
  });
});
