import type { Identity } from "@ory/client-fetch";
import { addressOf } from "../server/account/identity";
import { deviceOf, methodName, readableTime } from "../server/in-words";
import { translatorFor } from "../i18n/translator";
import { report, type Admin } from "./admin";
import type { ExitCode } from "./failures";
import { identityOf, idsFor, notFound, type Who } from "./who";

/** `find <address>`: the account that signs in with the address, by id. */
export async function find(admin: Admin, address: string): Promise<ExitCode> {
  const ids = await idsFor(admin.deps, address);
  if (!ids.length) {
    if (admin.options.json) admin.terminal.out("[]");
    throw notFound({ address });
  }
  const found = await Promise.all(ids.map((id) => identityOf(admin.deps, { id })));
  const facts = found.map((i) => ({ id: i.id, address: addressOf(i), state: i.state }));
  return report(admin, facts.map((f) => `${f.id}  ${f.address}  ${f.state}`).join("\n"), facts);
}

/** A second factor or passkey as `show` lists it: its kind, and the name its owner gave a key. */
type Factor = { type: "totp" | "lookup_secret" | "webauthn"; name?: string };
type KeyConfig = { credentials?: { display_name?: string; is_passwordless?: boolean }[] };

/**
 * What the account signs in with beyond its address, from Kratos's credentials: the
 * authenticator app, backup codes, security keys (webauthn, as a second factor) and
 * passkeys (a first factor). Only names: no secret is asked of Kratos, let alone shown.
 */
export function factorsOf(identity: Identity): { secondFactors: Factor[]; passkeys: { name?: string }[] } {
  const credentials = identity.credentials ?? {};
  const secondFactors: Factor[] = [];
  if (credentials.totp) secondFactors.push({ type: "totp" });
  if (credentials.lookup_secret) secondFactors.push({ type: "lookup_secret" });
  const keys = (credentials.webauthn?.config as KeyConfig | undefined)?.credentials ?? [];
  for (const key of keys.filter((k) => !k.is_passwordless)) secondFactors.push({ type: "webauthn", name: key.display_name });
  // Passkeys are their own credential; a passwordless WebAuthn key from before is one too.
  const passkeys = [...((credentials.passkey?.config as KeyConfig | undefined)?.credentials ?? []), ...keys.filter((k) => k.is_passwordless)];
  return { secondFactors, passkeys: passkeys.map((k) => ({ name: k.display_name })) };
}

/** `show <who>`: the account, its second factors and passkeys, its sessions and its last sign-ins. */
export async function show(admin: Admin, who: Who): Promise<ExitCode> {
  const { deps } = admin;
  const identity = await identityOf(deps, who, ["webauthn", "passkey"]);
  const sessions = await deps.kratos.identities.listIdentitySessions({ id: identity.id, active: true, pageSize: 1000 });
  const signIns = await deps.limits.history.signIns(identity.id);
  const address = addressOf(identity);
  const { secondFactors, passkeys } = factorsOf(identity);
  const verified = identity.verifiable_addresses?.find((a) => a.value === address)?.verified ?? false;
  const facts = {
    id: identity.id,
    address,
    verified,
    state: identity.state,
    created_at: identity.created_at,
    second_factors: secondFactors,
    passkeys,
    active_sessions: sessions.length,
    sign_ins: signIns.map((s) => ({ at: s.at, method: s.method, second_step: s.secondStep, ip: s.ip, user_agent: s.userAgent })),
  };
  const text = translatorFor("en");
  const factor = (f: Factor) => methodName(f.type, text) + (f.name ? ` "${f.name}"` : "");
  const lines = [
    `Identity        ${identity.id}`,
    `Address         ${address} (${verified ? "proved" : "not proved"})`,
    `State           ${identity.state === "active" ? "active" : "disabled"}`,
    `Created         ${readableTime(identity.created_at, text)}`,
    `Second factors  ${secondFactors.length ? secondFactors.map(factor).join(", ") : "none"}`,
    `Passkeys        ${passkeys.length ? passkeys.map((p) => (p.name ? `"${p.name}"` : "(unnamed)")).join(", ") : "none"}`,
    `Sessions        ${sessions.length} active`,
    signIns.length ? "Last sign-ins" : "Last sign-ins   none kept",
    ...signIns
      .slice(0, 5)
      .map(
        (s) =>
          `  ${readableTime(s.at, text)}  ${methodName(s.method, text)}${s.secondStep ? ` + ${methodName(s.secondStep, text)}` : ""}  ${s.ip}  ${deviceOf(s.userAgent, text)}`,
      ),
  ];
  return report(admin, lines.join("\n"), facts);
}
