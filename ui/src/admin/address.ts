import { applyAddressChange } from "../server/account/address-change";
import { addressOf } from "../server/account/identity";
import { addressKey } from "../server/limits/addresses";
import { audit, confirm, emailed, nothingToDo, report, type Admin } from "./admin";
import type { ExitCode } from "./failures";
import { identityOf, idsFor, named, type Who } from "./who";

/**
 * `change-address <who> <new-address>`: the operator's side of the account page's change
 * (account/address-change.ts), without a code to the new address: the operator has
 * checked whatever proves it. The address is marked proved, every session ends, the old
 * address is told, and a change the person asked for but has not confirmed is dropped.
 */
export async function changeAddress(admin: Admin, who: Who, address: string): Promise<ExitCode> {
  const { deps } = admin;
  const identity = await identityOf(deps, who);
  const from = addressOf(identity);
  if (from === address) nothingToDo(`${named(identity)} already signs in with ${address}.`);
  if (await deps.identities.exists(address)) nothingToDo(`Another account signs in with ${address}: nothing changed.`);
  await confirm(admin, "change-address", `Change the address of ${named(identity)} to ${address}, sign it out everywhere and tell ${from}?`);
  await deps.addressChanges.forget(identity.id);
  const change = await applyAddressChange(deps, identity.id, address, { by: "operator", lang: admin.options.language });
  const mail = await emailed(change.notified, from);
  audit(admin, "change-address", { identity_id: identity.id, emailed: mail.emailed });
  return report(admin, `${identity.id} now signs in with ${address} instead of ${from}; its sessions ended. ${mail.sentence}`, {
    done: "change-address",
    identity_id: identity.id,
    from,
    to: address,
    emailed: mail.emailed,
  });
}

/**
 * `clear-limits <address>`: gives an address its whole email allowance back
 * (HERA_EMAILS_PER_ADDRESS in HERA_EMAIL_WINDOW_MINUTES), for a person a stranger's
 * requests locked out. The address need not have an account: the allowance is the
 * address's. The audit line names it by the hash Hera's store keeps it under.
 */
export async function clearLimits(admin: Admin, address: string): Promise<ExitCode> {
  const { deps } = admin;
  const [identityId] = await idsFor(deps, address);
  const allowance = `${deps.config.emailsPerAddress} emails in ${deps.config.emailWindowMs / 60_000} minutes`;
  await confirm(admin, "clear-limits", `Give ${address} its whole email allowance (${allowance}) back?`);
  await deps.limits.emails.clear(address);
  audit(admin, "clear-limits", { identity_id: identityId, address_key: addressKey(address) });
  return report(admin, `${address} may be sent ${allowance} again.`, { done: "clear-limits", address, identity_id: identityId ?? null });
}
