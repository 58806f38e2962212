/** Ids as Kratos writes them (flows, sessions, errors): lower-case UUIDs. Every other spelling is refused. */
const canonicalId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isCanonicalId(value: unknown): value is string {
  return typeof value === "string" && canonicalId.test(value);
}
