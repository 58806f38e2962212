import type { Identity, Session } from "@ory/client-fetch";
import type { Deps } from "../deps";
import { addressOf } from "./identity";

/** A second factor or passkey as the export names it: never its secret or public key. */
type Factor = { type: string; name?: string; added_at?: string };

/**
 * "Download my data": what Kratos and Hera keep of one account, as JSON. Kratos's admin
 * API gives the identity with its WebAuthn and passkey credentials' configuration (their
 * names are there); of each factor only its type, name and date are taken. Authenticator
 * apps and backup codes are named by type alone: their configuration is the secret.
 */
export async function accountData(deps: Pick<Deps, "kratos" | "limits">, identityId: string, now = new Date()) {
  const [identity, sessions, history] = await Promise.all([
    deps.kratos.identities.getIdentity({ id: identityId, includeCredential: ["webauthn", "passkey"] }),
    deps.kratos.identities.listIdentitySessions({ id: identityId, pageSize: 1000 }),
    deps.limits.history.signIns(identityId),
  ]);
  const email = addressOf(identity);
  return {
    exported_at: now.toISOString(),
    account: {
      id: identity.id,
      email,
      email_verified: identity.verifiable_addresses?.some((a) => a.value === email && a.verified) ?? false,
      state: identity.state,
      created_at: identity.created_at?.toISOString(),
      updated_at: identity.updated_at?.toISOString(),
    },
    second_factors: factorsOf(identity),
    sessions: sessions.map(sessionOf),
    sign_ins: history.map((s) => ({
      at: s.at,
      method: s.method,
      second_step: s.secondStep,
      reauthentication: s.step === "refresh" || undefined,
      ip: s.ip,
      user_agent: s.userAgent,
    })),
  };
}

function factorsOf(identity: Identity): Factor[] {
  const factors: Factor[] = [];
  const credentials = identity.credentials ?? {};
  for (const type of ["totp", "lookup_secret"] as const) {
    const c = credentials[type];
    if (c) factors.push({ type, added_at: c.created_at?.toISOString() });
  }
  for (const type of ["webauthn", "passkey"] as const) {
    const keys = (credentials[type]?.config as { credentials?: { display_name?: string; added_at?: string }[] } | undefined)?.credentials ?? [];
    for (const key of keys) factors.push({ type: type === "webauthn" ? "security_key" : "passkey", name: key.display_name, added_at: key.added_at });
  }
  return factors;
}

function sessionOf(s: Session) {
  return {
    id: s.id,
    active: s.active,
    signed_in_at: s.authenticated_at?.toISOString(),
    expires_at: s.expires_at?.toISOString(),
    assurance: s.authenticator_assurance_level,
    methods: (s.authentication_methods ?? []).map((m) => m.method),
    devices: (s.devices ?? []).map((d) => ({ ip: d.ip_address, user_agent: d.user_agent, location: d.location })),
  };
}
