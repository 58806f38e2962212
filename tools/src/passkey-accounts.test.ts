import { describe, expect, it } from "vitest";
import { passkeyFinding, type AdminIdentity } from "./passkey-accounts";

// Shaped as Kratos v1.3.1's admin API returns an identity (GET /admin/identities/<id>).
const base: AdminIdentity = {
  id: "319a10e7-d1d4-4e65-b0a3-151d99704f63",
  state: "active",
  credentials: {
    code: { type: "code", created_at: "2026-12-02T00:50:39.436673Z" },
    webauthn: { type: "webauthn", created_at: "2026-12-02T00:50:39.436664Z" },
  },
  verifiable_addresses: [{ value: "owner@example.test", via: "email", verified: true, verified_at: "2026-12-02T00:50:30.000000Z" }],
};
const withPasskey = (created: string, address: AdminIdentity["verifiable_addresses"]) => ({
  ...base,
  credentials: { ...base.credentials, passkey: { type: "passkey", created_at: created } },
  verifiable_addresses: address,
});

describe("accounts made before the passkey lock", () => {
  it("passes an account whose address was proved before any key was added (Hera's sign-up, then the account page)", () => {
    expect(passkeyFinding(withPasskey("2026-12-02T01:00:00Z", base.verifiable_addresses))).toBeUndefined();
    expect(passkeyFinding({ ...base, credentials: { code: base.credentials!.code! } })).toBeUndefined();
  });

  it("finds a passkey on an address nobody proved", () => {
    const identity = withPasskey("2026-12-02T01:00:00Z", [{ value: "victim@example.test", via: "email", verified: false }]);
    expect(passkeyFinding(identity)).toEqual({
      id: base.id,
      address: "victim@example.test",
      finding: "never proved",
      keyAddedAt: "2026-12-02T00:50:39.436664Z",
    });
  });

  it("finds a passkey older than the address's proof: the owner signed in after a stranger's sign-up", () => {
    const identity = withPasskey("2026-12-01T08:00:00Z", [{ value: "victim@example.test", via: "email", verified: true, verified_at: "2026-12-02T09:00:00Z" }]);
    expect(passkeyFinding(identity)).toMatchObject({ finding: "proved after the key", keyAddedAt: "2026-12-01T08:00:00Z", provedAt: "2026-12-02T09:00:00Z" });
    // Proved by a sign-in code, Kratos sets no verified_at: the address's update time tells.
    const bySignIn = withPasskey("2026-12-01T08:00:00Z", [{ value: "victim@example.test", via: "email", verified: true, updated_at: "2026-12-02T10:00:00Z" }]);
    expect(passkeyFinding(bySignIn)).toMatchObject({ finding: "proved after the key", provedAt: "2026-12-02T10:00:00Z" });
  });
});
