import { deleteAccount } from "../server/account/deletion";
import { addressOf } from "../server/account/identity";
import { audit, confirmTyped, emailed, report, type Admin } from "./admin";
import type { ExitCode } from "./failures";
import { identityOf, named, type Who } from "./who";

/**
 * `delete <who>`: the account page's deletion (account/deletion.ts), for the operator.
 * It cannot be undone, so the operator types the address rather than a y.
 */
export async function deleteIdentity(admin: Admin, who: Who): Promise<ExitCode> {
  const identity = await identityOf(admin.deps, who);
  const address = addressOf(identity);
  await confirmTyped(admin, "delete", `Delete ${named(identity)} for good, with its sessions, second factors and history, and email it a goodbye?`, address);
  const deleted = await deleteAccount(admin.deps, identity.id, { by: "operator", lang: admin.options.language });
  const mail = await emailed(deleted.notified, address);
  audit(admin, "delete", { identity_id: identity.id, emailed: mail.emailed });
  return report(admin, `Deleted ${named(identity)}. ${mail.sentence}`, { done: "delete", identity_id: identity.id, emailed: mail.emailed });
}
