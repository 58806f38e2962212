import type { FlowKind, Mode } from "./parse";
import type { KratosFields } from "./decide";

/**
 * The request Kratos gets for a submission, written whole by Hera (pure): the canonical
 * path and query, Hera's own content type and serialisation, and only the fields decide()
 * named. Nothing of the client's request is copied into it; act.ts adds the caller's
 * Kratos cookies, address and browser (kratos/client.ts).
 */
export type KratosRequest = { path: string; query: string; contentType: string; accept: string; body: string };

export function kratosRequest(kind: FlowKind, flowId: string, mode: Mode, fields: KratosFields, transientPayload?: Record<string, string>): KratosRequest {
  const path = `/self-service/${kind}`;
  const query = new URLSearchParams({ flow: flowId }).toString();
  if (mode === "form") {
    const form = new URLSearchParams(fields);
    // A plain form carries JSON in a string field (Kratos v1.3.1 parses it there).
    if (transientPayload) form.set("transient_payload", JSON.stringify(transientPayload));
    return { path, query, contentType: "application/x-www-form-urlencoded", accept: "text/html", body: form.toString() };
  }
  const json: Record<string, unknown> = {};
  // Kratos's decoder reads dotted names in forms; in JSON they are nested, as Kratos documents.
  for (const [name, value] of Object.entries(fields)) {
    if (name === "traits.email") json.traits = { email: value };
    else json[name] = value;
  }
  if (transientPayload) json.transient_payload = transientPayload;
  return { path, query, contentType: "application/json", accept: "application/json", body: JSON.stringify(json) };
}
