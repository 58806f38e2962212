import type { Deps } from "../deps";
import { flowWithTypedAddress, withTypedAddress } from "./decoy";
import { tooManyWrongCodes } from "./messages";

/** The address a decoy flow shows (the one typed), and whether the flow is spent. */
async function shownState(deps: Deps, flowId: string): Promise<{ shown?: string; spent: boolean }> {
  const [record, spent] = await Promise.all([deps.limits.flows.get(flowId), deps.limits.wrongCodes.spent(flowId)]);
  return { shown: record?.decoy ? record.address : undefined, spent };
}

/**
 * A flow as anyone may see it, however they ask (Hera's page, Kratos's JSON through the
 * origin): a decoy flow shows the address that was typed (decoy.ts), and a flow with three
 * wrong codes says it is spent.
 */
export async function presentedFlow<F extends { id: string; ui: { messages?: unknown[]; nodes: unknown[] } }>(deps: Deps, flow: F): Promise<F> {
  const { shown, spent } = await shownState(deps, flow.id);
  let out = shown ? flowWithTypedAddress(flow, shown) : flow;
  if (spent) out = { ...out, ui: { ...out.ui, messages: [tooManyWrongCodes] } };
  return withPresentedPasskeys(out);
}

type Nodes = { ui: { action?: string; nodes: unknown[] } };

/** Kratos's passkey and WebAuthn nodes as Hera offers them: each change below, in order. */
export function withPresentedPasskeys<F extends Nodes>(flow: F): F {
  return withPasskeyScript(withOnePasskeyAutofill(withoutPasskeySignUp(flow)));
}
const passkeyGroups = new Set(["passkey", "webauthn"]);

/**
 * Sign-up is by email code only: the code proves the address, and a passkey is added on
 * the account page afterwards. Kratos offers passkey sign-up too (no proof of the address,
 * and its "exists already" would tell who has an account); Hera leaves it out, and
 * gate/parse.ts refuses it.
 */
export function withoutPasskeySignUp<F extends Nodes>(flow: F): F {
  if (!flow.ui.action?.includes("/self-service/registration")) return flow;
  const nodes = flow.ui.nodes.filter((n) => !passkeyGroups.has((n as { group?: string }).group ?? ""));
  return nodes.length === flow.ui.nodes.length ? flow : { ...flow, ui: { ...flow.ui, nodes } };
}

/**
 * Kratos v1.3.1 puts the passkey autofill's start (onloadTrigger) on two nodes of a
 * sign-in flow, so the page starts it twice: the second request fails ("A request is
 * already pending"), the first can no longer be cancelled, and "Sign in with passkey"
 * then fails the same way. Only the first node keeps it.
 */
export function withOnePasskeyAutofill<F extends { ui: { nodes: unknown[] } }>(flow: F): F {
  let seen = false;
  let dropped = false;
  const nodes = flow.ui.nodes.map((n) => {
    const node = n as { attributes?: { onloadTrigger?: string } };
    if (!node.attributes?.onloadTrigger) return n;
    if (!seen) {
      seen = true;
      return n;
    }
    dropped = true;
    const { onloadTrigger: _dropped, ...attributes } = node.attributes;
    return { ...node, attributes };
  });
  return dropped ? { ...flow, ui: { ...flow.ui, nodes } } : flow;
}

/**
 * Kratos files the WebAuthn script under "webauthn" even where it serves only the passkey
 * (a first sign-in step: security keys are asked for after the email), and Ory Elements
 * names a method for every group it finds: an integrator's own Elements reading the flow
 * through the origin would say "Sign in with a one-time code, a Passkey or a security key",
 * a promise the step cannot keep. There the script joins the passkey.
 */
export function withPasskeyScript<F extends Nodes>(flow: F): F {
  const nodes = flow.ui.nodes as { group?: string; type?: string }[];
  const webauthn = nodes.filter((n) => n.group === "webauthn");
  const onlyTheScript = webauthn.length > 0 && webauthn.every((n) => n.type === "script");
  if (!flow.ui.action?.includes("/self-service/login") || !onlyTheScript || !nodes.some((n) => n.group === "passkey")) return flow;
  return { ...flow, ui: { ...flow.ui, nodes: nodes.map((n) => (n.group === "webauthn" ? { ...n, group: "passkey" } : n)) } };
}

/** The same for Kratos's JSON as text, leaving it byte for byte alone where nothing applies. */
export async function presentFlowJson(deps: Deps, flowId: string, json: string): Promise<string> {
  const { shown, spent } = await shownState(deps, flowId);
  let out = shown ? withTypedAddress(json, shown) : json;
  if (out.includes('"group":"passkey"')) {
    try {
      const flow = JSON.parse(out) as Partial<Nodes>;
      const presented = flow.ui?.nodes ? withPresentedPasskeys(flow as Nodes) : flow;
      if (presented !== flow) out = JSON.stringify(presented);
    } catch {
      // Not a flow: nothing to change.
    }
  }
  if (spent) {
    try {
      const flow = JSON.parse(out) as { id?: string; ui?: { messages?: unknown[] } };
      if (flow.id === flowId && flow.ui) out = JSON.stringify({ ...flow, ui: { ...flow.ui, messages: [tooManyWrongCodes] } });
    } catch {
      // Not a flow: nothing to add.
    }
  }
  return out;
}
