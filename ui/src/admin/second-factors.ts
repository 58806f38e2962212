import { addressOf } from "../server/account/identity";
import { endSessions } from "../server/account/address-change";
import { methodName } from "../server/in-words";
import { translatorFor } from "../i18n/translator";
import { audit, confirm, emailed, nothingToDo, report, type Admin } from "./admin";
import type { ExitCode } from "./failures";
import { factorsOf } from "./lookup";
import { identityOf, named, type Who } from "./who";

/**
 * `remove-second-factors <who>`: for someone who lost their phone or key. The
 * authenticator app, backup codes and security keys go (Kratos's admin DELETE of each
 * credential type, which keeps passkeys: they are a first factor), every session ends,
 * since one may be the finder's, and the person is emailed, so a removal they did not
 * ask for does not go unnoticed.
 */
export async function removeSecondFactors(admin: Admin, who: Who): Promise<ExitCode> {
  const { deps } = admin;
  const identity = await identityOf(deps, who, ["webauthn"]);
  const factors = factorsOf(identity).secondFactors;
  if (!factors.length) nothingToDo(`${named(identity)} has no second factor.`);
  const text = translatorFor("en");
  const listed = factors.map((f) => methodName(f.type, text) + (f.name ? ` "${f.name}"` : "")).join(", ");
  await confirm(admin, "remove-second-factors", `Remove ${listed} from ${named(identity)}, sign it out everywhere and email it?`);
  const types = [...new Set(factors.map((f) => f.type))];
  for (const type of types) await deps.kratos.identities.deleteIdentityCredentials({ id: identity.id, type });
  const ended = await endSessions(deps, identity.id);
  const address = addressOf(identity);
  const mail = await emailed(deps.mailer.sendOwn("second_factors_removed", address, "/settings", admin.options.language), address);
  audit(admin, "remove-second-factors", { identity_id: identity.id, removed: types, sessions_ended: ended, emailed: mail.emailed });
  return report(admin, `Removed ${listed} from ${named(identity)}. Sessions ended: ${ended}. ${mail.sentence}`, {
    done: "remove-second-factors",
    identity_id: identity.id,
    removed: factors,
    sessions_ended: ended,
    emailed: mail.emailed,
  });
}
