/**
 * Accounts a stranger may have made before the passkey lock (kratos/no-passkey-sign-up.jsonnet):
 * a passkey sign-up naming someone else's address made an account whose address nobody
 * proved. Kratos now refuses that passkey until the address is proved with a code, but the
 * owner's first code would prove it, and the stranger's passkey would then work beside
 * theirs. This lists, through Kratos's admin API, every account with a passkey or security
 * key whose address was never proved, or was proved only after the key was added, and with
 * --delete removes the never-proved ones (their owner never signed in: nothing of theirs is
 * lost). docs/security.md, "Accounts made before the passkey lock", says what to do with the others.
 *
 *   make passkey-accounts [KRATOS_ADMIN_URL=http://127.0.0.1:4434] [DELETE=1]
 */

type Credential = { type: string; created_at?: string };
type Address = { value: string; via: string; verified: boolean; verified_at?: string; updated_at?: string };
export type AdminIdentity = { id: string; state?: string; credentials?: Record<string, Credential>; verifiable_addresses?: Address[] };

export type Finding = { id: string; address: string; finding: "never proved" | "proved after the key"; keyAddedAt: string; provedAt?: string };

/** What one identity's record says, or undefined when it is as Hera's sign-up leaves it. */
export function passkeyFinding(identity: AdminIdentity): Finding | undefined {
  const keys = ["passkey", "webauthn"].map((t) => identity.credentials?.[t]).filter((c): c is Credential => Boolean(c?.created_at));
  if (!keys.length) return undefined;
  const keyAddedAt = keys.map((k) => k.created_at!).sort()[0]!;
  const email = identity.verifiable_addresses?.find((a) => a.via === "email");
  const address = email?.value ?? "(none)";
  if (!email?.verified) return { id: identity.id, address, finding: "never proved", keyAddedAt };
  // A key added after the proof is the owner's own (added on the account page). Kratos
  // v1.3.1's sign-in code marks an address verified without verified_at: then the
  // address's last change is its proof.
  const provedAt = email.verified_at ?? email.updated_at;
  if (provedAt && Date.parse(provedAt) > Date.parse(keyAddedAt)) {
    return { id: identity.id, address, finding: "proved after the key", keyAddedAt, provedAt };
  }
  return undefined;
}

/** Every identity, page by page (Kratos's Link header), each read whole (its credentials' dates). */
export async function* identities(adminUrl: string): AsyncGenerator<AdminIdentity> {
  let next: string | undefined = `${adminUrl}/admin/identities?page_size=250`;
  while (next) {
    const res: Response = await fetch(next);
    if (!res.ok) throw new Error(`Kratos's admin API answered ${res.status} at ${next}`);
    for (const { id } of (await res.json()) as { id: string }[]) {
      const one = await fetch(`${adminUrl}/admin/identities/${id}`);
      if (one.ok) yield (await one.json()) as AdminIdentity;
    }
    const link = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    next = link ? new URL(link, adminUrl).toString() : undefined;
  }
}

export async function findPasskeyAccounts(adminUrl: string): Promise<Finding[]> {
  const found: Finding[] = [];
  for await (const identity of identities(adminUrl)) {
    const finding = passkeyFinding(identity);
    if (finding) found.push(finding);
  }
  return found;
}

async function main(): Promise<void> {
  const adminUrl = (process.env.KRATOS_ADMIN_URL ?? "http://127.0.0.1:4434").replace(/\/$/, "");
  const remove = process.argv.includes("--delete");
  let found: Finding[];
  try {
    found = await findPasskeyAccounts(adminUrl);
  } catch (err) {
    console.error(`Cannot read Kratos's identities at ${adminUrl} (set KRATOS_ADMIN_URL): ${(err as Error).message}`);
    process.exit(2);
  }
  if (!found.length) console.log("No account has a passkey or security key older than the proof of its address.");
  for (const f of found) {
    console.log(`${f.finding.padEnd(20)} ${f.id}  ${f.address}  key added ${f.keyAddedAt}${f.provedAt ? `, address proved ${f.provedAt}` : ""}`);
    if (remove && f.finding === "never proved") {
      const res = await fetch(`${adminUrl}/admin/identities/${f.id}`, { method: "DELETE" });
      console.log(res.status === 204 ? `  deleted` : `  not deleted: Kratos answered ${res.status}`);
    }
  }
}

if (process.argv[1] && /passkey-accounts\.ts$/.test(process.argv[1])) void main();
