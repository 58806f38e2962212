import type { Deps } from "../deps";
import type { Language } from "../../i18n/languages";
import { addressOf } from "./identity";

/**
 * Deleting an account, for its owner (the account page) and the operator (hera-admin).
 * Kratos's admin DELETE removes the identity with its credentials, addresses and every
 * session; Hera then forgets what it kept of the identity and its address (history, a
 * change waiting for its code, sign-in alerts waiting in a digest, the newest link), says
 * goodbye to the address and tells the integrator's webhook. The address's email budget
 * is kept until it lapses (minutes): it protects the address, not the account.
 */
export async function deleteAccount(
  deps: Deps,
  identityId: string,
  options: { by: "self" | "operator"; lang: Language },
): Promise<{ email: string; notified: Promise<boolean> }> {
  const identity = await deps.kratos.identities.getIdentity({ id: identityId });
  const email = addressOf(identity);
  await deps.kratos.identities.deleteIdentity({ id: identityId });
  await deps.limits.history.forget(identityId);
  await deps.addressChanges.forget(identityId);
  await deps.limits.alerts.forget(email);
  await deps.limits.newest.forget(email);
  // The page does not wait for the goodbye; the command line does (`notified`).
  const notified = deps.mailer.sendOwn("account_deleted", email, "/registration", options.lang);
  deps.webhooks.emit("identity.deleted", { identity_id: identityId, email });
  deps.log.info({ event: "account_deleted", identity_id: identityId, by: options.by }, "account deleted");
  return { email, notified };
}
