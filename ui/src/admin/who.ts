import { InvalidArgumentError } from "commander";
import { ResponseError, type Identity } from "@ory/client-fetch";
import type { Deps } from "../server/deps";
import { canonicalAddress } from "../server/gate/address";
import { isCanonicalId } from "../server/kratos/ids";
import { decoyAddress } from "../server/flow/decoy";
import { addressOf } from "../server/account/identity";
import { AdminFailure, exitCodes } from "./failures";

/** An account as the operator names it: by the address it signs in with, or by its id. */
export type Who = { address: string } | { id: string };

/** An address as the address rule writes it (gate/address.ts); commander reports the refusal. */
export function parseAddress(typed: string): string {
  const address = canonicalAddress(typed);
  if (!address) throw new InvalidArgumentError(`"${typed}" is not an email address.`);
  return address;
}

export function parseWho(typed: string): Who {
  const id = typed.trim().toLowerCase();
  if (isCanonicalId(id)) return { id };
  const address = canonicalAddress(typed);
  if (!address) throw new InvalidArgumentError(`"${typed}" is neither an email address nor an identity id.`);
  return { address };
}

export const shown = (who: Who) => ("id" in who ? who.id : who.address);

export const notFound = (who: Who) =>
  new AdminFailure(exitCodes.nothingDone, "id" in who ? `No account has the id ${who.id}.` : `No account signs in with ${who.address}.`);

/** The ids of the accounts that sign in with an address (one at most: Kratos keeps identifiers unique). */
export async function idsFor(deps: Pick<Deps, "kratos">, address: string): Promise<string[]> {
  const found = await deps.kratos.identities.listIdentities({ credentialsIdentifier: address, pageSize: 2 });
  return found.map((i) => i.id);
}

/**
 * The identity, read whole (`include` asks for some credentials' details). Hera's decoy
 * identity (flow/decoy.ts) is not a person's account: no command touches it.
 */
export async function identityOf(deps: Pick<Deps, "kratos">, who: Who, include: ("webauthn" | "passkey")[] = []): Promise<Identity> {
  const id = "id" in who ? who.id : (await idsFor(deps, who.address))[0];
  if (!id) throw notFound(who);
  let identity: Identity;
  try {
    identity = await deps.kratos.identities.getIdentity({ id, includeCredential: include.length ? include : undefined });
  } catch (err) {
    if (err instanceof ResponseError && err.response.status === 404) throw notFound(who);
    throw err;
  }
  if (addressOf(identity) === decoyAddress) {
    throw new AdminFailure(
      exitCodes.usage,
      `${shown(who)} is Hera's decoy identity (codes for addresses without an account go to it), not a person's account.`,
    );
  }
  return identity;
}

/** "ada@example.com (id 6f1c…)": how questions and results name an account. */
export function named(identity: Identity): string {
  return `${addressOf(identity)} (id ${identity.id})`;
}
