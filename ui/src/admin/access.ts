import { endSessions } from "../server/account/address-change";
import { audit, confirm, nothingToDo, report, type Admin } from "./admin";
import type { ExitCode } from "./failures";
import { identityOf, named, type Who } from "./who";

/**
 * Whether an account may sign in, and its sessions. A disabled identity (Kratos's state
 * "inactive") can open no session, and Kratos refuses the ones it has; they are ended
 * all the same, so the account page lists none when it comes back.
 */

const setState = (admin: Admin, id: string, state: "active" | "inactive") =>
  admin.deps.kratos.identities.patchIdentity({ id, jsonPatch: [{ op: "replace", path: "/state", value: state }] });

/** `disable <who>`. */
export async function disable(admin: Admin, who: Who): Promise<ExitCode> {
  const identity = await identityOf(admin.deps, who);
  if (identity.state === "inactive") nothingToDo(`${named(identity)} is already disabled.`);
  await confirm(admin, "disable", `Disable ${named(identity)} and sign out all its sessions?`);
  await setState(admin, identity.id, "inactive");
  const ended = await endSessions(admin.deps, identity.id);
  audit(admin, "disable", { identity_id: identity.id, sessions_ended: ended });
  return report(admin, `Disabled ${named(identity)}: it cannot sign in. Sessions ended: ${ended}.`, {
    done: "disable",
    identity_id: identity.id,
    sessions_ended: ended,
  });
}

/** `enable <who>`. */
export async function enable(admin: Admin, who: Who): Promise<ExitCode> {
  const identity = await identityOf(admin.deps, who);
  if (identity.state !== "inactive") nothingToDo(`${named(identity)} is not disabled.`);
  await confirm(admin, "enable", `Enable ${named(identity)}, so it can sign in again?`);
  await setState(admin, identity.id, "active");
  audit(admin, "enable", { identity_id: identity.id });
  return report(admin, `Enabled ${named(identity)}: it can sign in again.`, { done: "enable", identity_id: identity.id });
}

/** `sign-out <who>`: every session of the account ends, on every device. */
export async function signOut(admin: Admin, who: Who): Promise<ExitCode> {
  const identity = await identityOf(admin.deps, who);
  const active = await admin.deps.kratos.identities.listIdentitySessions({ id: identity.id, active: true, pageSize: 1000 });
  if (!active.length) nothingToDo(`${named(identity)} has no active session.`);
  await confirm(admin, "sign-out", `Sign ${named(identity)} out of ${active.length === 1 ? "its 1 session" : `its ${active.length} sessions`}?`);
  const ended = await endSessions(admin.deps, identity.id);
  audit(admin, "sign-out", { identity_id: identity.id, sessions_ended: ended });
  return report(admin, `Signed ${named(identity)} out everywhere. Sessions ended: ${ended}.`, {
    done: "sign-out",
    identity_id: identity.id,
    sessions_ended: ended,
  });
}
