import type { Identity } from "@ory/client-fetch";

/** The address an identity signs in with (kratos/identity.schema.json: traits.email). */
export function addressOf(identity: Pick<Identity, "traits">): string {
  const email = (identity.traits as { email?: unknown } | undefined)?.email;
  if (typeof email !== "string") throw new Error("identity without traits.email");
  return email;
}
