import * as contentType from "content-type";
import Negotiator from "negotiator";
import { isCanonicalId } from "../kratos/ids";
import { parse as parseJsonText, type AnyNode } from "@humanwhocodes/momoa";

/**
 * The gate's first step, pure: what a sign-in or sign-up submission asks, read by Hera's
 * rules alone. Kratos never sees the request as it came (act.ts builds a new one), so
 * anything Kratos would read differently from Hera (another form of the flow id, a content
 * type, a field name, a repeated field) is refused here rather than passed on.
 */

export type FlowKind = "login" | "registration";

/** How the client wants its answer: Kratos's JSON, or a browser's redirects. */
export type Mode = "json" | "form";

/** What a submission asks of its flow, in Hera's words. */
export type Intent =
  | { action: "send"; address: string }
  | { action: "resend" }
  | { action: "code"; code: string }
  | { action: "passkey"; passkeyLogin: string }
  | { action: "totp"; totpCode: string }
  | { action: "lookup_secret"; lookupSecret: string }
  | { action: "webauthn"; webauthnLogin: string };

export type Submission = { kind: FlowKind; flowId: string; mode: Mode; csrfToken: string; intent: Intent };

/** A request the gate will not read, with the status and reason the client gets. */
export type Refusal = { refused: RefusalId; status: 400 | 405 | 413 | 415; reason: string; allow?: string };
export type RefusalId =
  | "method_not_allowed"
  | "unsupported_media_type"
  | "payload_too_large"
  | "malformed_flow_id"
  | "unknown_query_parameter"
  | "malformed_body"
  | "unknown_field"
  | "repeated_field"
  | "malformed_field"
  | "method_not_offered"
  | "passkey_sign_up_not_offered";

/** The parts of an HTTP request the gate reads; nothing else of it exists for Hera. */
export type RawRequest = {
  method: string;
  /** The query string as sent, without the "?". */
  query: string;
  contentType?: string;
  accept?: string;
  body: Uint8Array;
};

/** The largest body the gate reads (a passkey's signed answer is the largest field, ~2 kB). */
export const maxBodyBytes = 64 * 1024;

function refuse(refused: RefusalId, status: Refusal["status"], reason: string, allow?: string): Refusal {
  return allow ? { refused, status, reason, allow } : { refused, status, reason };
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === "object" && value !== null && "refused" in value;
}

/**
 * The one flow id of a query that may carry nothing else: `?flow=<id>` on submissions,
 * `?id=<id>` on flow reads. Kratos reads the first of repeated parameters and accepts
 * UUIDs without dashes, in braces or in upper case; Hera accepts one spelling.
 */
export function parseFlowQuery(query: string, name: "flow" | "id"): string | Refusal {
  const params = [...new URLSearchParams(query)];
  const unknown = params.find(([key]) => key !== name);
  if (unknown) return refuse("unknown_query_parameter", 400, `Only the ${name} parameter is accepted here, not "${unknown[0].slice(0, 40)}".`);
  if (params.length !== 1) return refuse("malformed_flow_id", 400, `Exactly one ${name} parameter is required.`);
  const id = params[0]![1];
  if (!isCanonicalId(id)) return refuse("malformed_flow_id", 400, `The ${name} parameter must be a flow id as Kratos writes it (a lower-case UUID).`);
  return id;
}

/**
 * The two body types Hera reads, each in UTF-8 only: a browser's plain form, and JSON (Ory
 * Elements, API clients). Kratos matches content types more loosely (any item of a list,
 * other spellings); Hera's request to Kratos carries its own.
 */
function bodyType(header: string | undefined): "json" | "form" | Refusal {
  const unsupported = refuse("unsupported_media_type", 415, "Send application/json or application/x-www-form-urlencoded, in UTF-8.");
  if (!header) return unsupported;
  let parsed: contentType.ContentType;
  try {
    parsed = contentType.parse(header);
  } catch {
    return unsupported;
  }
  const names = Object.keys(parsed.parameters);
  if (names.some((n) => n !== "charset") || (names.length === 1 && parsed.parameters.charset!.toLowerCase() !== "utf-8")) return unsupported;
  if (parsed.type === "application/json") return "json";
  if (parsed.type === "application/x-www-form-urlencoded") return "form";
  return unsupported;
}

/**
 * How the client gets its answer: JSON when the request is JSON or its Accept header ranks
 * JSON above HTML, otherwise the redirects a browser's form gets, as Kratos decides
 * (x.IsJSONRequest). Hera writes its own Accept to Kratos, so this shapes only the answer.
 */
export function modeOf(type: "json" | "form", accept: string | undefined): Mode {
  if (type === "json") return "json";
  return prefersJson(accept) ? "json" : "form";
}

/** Whether the caller asked for a page by name (a browser's navigation), not for JSON or anything. */
export function asksForPage(accept: string | undefined): boolean {
  return accept !== undefined && /\btext\/html\b/i.test(accept) && !prefersJson(accept);
}

/** Whether an Accept header ranks application/json above text/html (Negotiator, Express's own reading). */
export function prefersJson(accept: string | undefined): boolean {
  if (!accept) return false;
  return new Negotiator({ headers: { accept } }).mediaType(["text/html", "application/json"]) === "application/json";
}

/** A body's fields: every value a string, except JSON's `traits`, an object of strings. */
type Fields = Map<string, string | Map<string, string>>;

/** Strict UTF-8: a byte sequence that is not UTF-8 is refused, never replaced. */
function utf8(body: Uint8Array): string | Refusal {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return refuse("malformed_body", 400, "The body is not UTF-8.");
  }
}

function formFields(text: string): Fields | Refusal {
  const fields: Fields = new Map();
  for (const [name, value] of new URLSearchParams(text)) {
    const seen = fields.get(name);
    // A browser's own form sends `method` twice (a hidden field and the button pressed),
    // with one value. Any other field twice, or two values, would be two readings of one request.
    if (seen !== undefined && (name !== "method" || seen !== value)) return refuse("repeated_field", 400, `The field "${name.slice(0, 40)}" is given twice.`);
    fields.set(name, value);
  }
  return fields;
}

/** A member's name; in strict JSON mode always a string node. */
function nameOf(node: { type: string; value?: string; name?: string }): string {
  return node.type === "String" ? node.value! : node.name!;
}

function jsonFields(text: string): Fields | Refusal {
  let root: AnyNode;
  try {
    root = parseJsonText(text, { mode: "json" }).body;
  } catch {
    return refuse("malformed_body", 400, "The body is not JSON.");
  }
  if (root.type !== "Object") return refuse("malformed_body", 400, "The body must be a JSON object.");
  const fields: Fields = new Map();
  for (const member of root.members) {
    const name = nameOf(member.name);
    if (fields.has(name)) return refuse("repeated_field", 400, `The field "${name.slice(0, 40)}" is given twice.`);
    if (member.value.type === "String" && name !== "traits") {
      fields.set(name, member.value.value);
    } else if (name === "traits" && member.value.type === "Object") {
      const traits = new Map<string, string>();
      for (const trait of member.value.members) {
        const key = nameOf(trait.name);
        if (traits.has(key)) return refuse("repeated_field", 400, `The field "traits.${key.slice(0, 40)}" is given twice.`);
        if (trait.value.type !== "String") return refuse("malformed_field", 400, `The field "traits.${key.slice(0, 40)}" must be a string.`);
        traits.set(key, trait.value.value);
      }
      fields.set(name, traits);
    } else {
      return refuse("malformed_field", 400, `The field "${name.slice(0, 40)}" must be a string.`);
    }
  }
  return fields;
}

/**
 * The fields each method may carry, by flow kind and body type. Empty strings count as
 * absent (Ory Elements sends `resend: ""` with a code; a plain form sends its empty code
 * box with a resend). Anything else is an unknown field.
 */
const allowed: Record<FlowKind, Record<string, { form: readonly string[]; json: readonly string[] }>> = {
  login: {
    code: { form: ["method", "csrf_token", "identifier", "code", "resend"], json: ["method", "csrf_token", "identifier", "code", "resend"] },
    // The passkey's button and its challenge are sent along by the page; Kratos reads neither.
    passkey: {
      form: ["method", "csrf_token", "identifier", "passkey_login", "passkey_challenge", "passkey_login_trigger"],
      json: ["method", "csrf_token", "identifier", "passkey_login", "passkey_challenge", "passkey_login_trigger"],
    },
    totp: { form: ["method", "csrf_token", "totp_code"], json: ["method", "csrf_token", "totp_code"] },
    lookup_secret: { form: ["method", "csrf_token", "lookup_secret"], json: ["method", "csrf_token", "lookup_secret"] },
    webauthn: {
      form: ["method", "csrf_token", "identifier", "webauthn_login", "webauthn_login_trigger"],
      json: ["method", "csrf_token", "identifier", "webauthn_login", "webauthn_login_trigger"],
    },
  },
  registration: {
    // One spelling of the address per body type: `traits.email` in a form, `traits.email` nested in JSON.
    code: { form: ["method", "csrf_token", "traits.email", "code", "resend"], json: ["method", "csrf_token", "traits", "code", "resend"] },
  },
};

/** Every field a form of this kind may carry for one method or another. */
const pageFields = Object.fromEntries(
  Object.entries(allowed).map(([kind, methods]) => [kind, new Set(Object.values(methods).flatMap((shape) => shape.form))]),
) as Record<FlowKind, Set<string>>;

/** Printable ASCII without spaces: codes, CSRF tokens and method names never need more. */
const token = /^[\x21-\x7e]*$/;
const limits: Record<string, { max: number; pattern?: RegExp }> = {
  method: { max: 32, pattern: token },
  csrf_token: { max: 256, pattern: token },
  code: { max: 128, pattern: token },
  resend: { max: 16, pattern: token },
  totp_code: { max: 64, pattern: token },
  lookup_secret: { max: 64, pattern: token },
  // An address is judged by the address rule (address.ts) with a message for the person;
  // here it only has to be a string of reasonable size.
  identifier: { max: 1024 },
  "traits.email": { max: 1024 },
  passkey_login: { max: 16 * 1024 },
  passkey_challenge: { max: 16 * 1024 },
  passkey_login_trigger: { max: 1024 },
  webauthn_login: { max: 16 * 1024 },
  webauthn_login_trigger: { max: 1024 },
};

/**
 * The method a submission names. Kratos's WebAuthn script posts a passkey's or security
 * key's answer with the form's other fields but no method: its answer field names it.
 */
function methodOf(fields: Fields): string | undefined {
  const method = fields.get("method");
  if (typeof method === "string" && method !== "") return method;
  if (method !== undefined) return undefined;
  if (fields.has("passkey_login")) return "passkey";
  if (fields.has("webauthn_login")) return "webauthn";
  return undefined;
}

/** One submission to a sign-in (`login`) or sign-up (`registration`) flow, or why not. */
export function parseSubmission(kind: FlowKind, raw: RawRequest): Submission | Refusal {
  if (raw.method !== "POST") return refuse("method_not_allowed", 405, "Submit a flow with POST.", "POST");
  const flowId = parseFlowQuery(raw.query, "flow");
  if (isRefusal(flowId)) return flowId;
  const type = bodyType(raw.contentType);
  if (isRefusal(type)) return type;
  if (raw.body.byteLength > maxBodyBytes) return refuse("payload_too_large", 413, "The body is too large.");
  const text = utf8(raw.body);
  if (isRefusal(text)) return text;
  const fields = type === "json" ? jsonFields(text) : formFields(text);
  if (isRefusal(fields)) return fields;

  // Nested traits (JSON) become the dotted name a form uses: one name per field from here.
  const traits = fields.get("traits");
  if (traits instanceof Map) {
    for (const key of traits.keys()) if (key !== "email") return refuse("unknown_field", 400, `The field "traits.${key.slice(0, 40)}" is not accepted.`);
  }
  const method = methodOf(fields);
  if (method === undefined) return refuse("malformed_field", 400, 'The field "method" is required.');
  if (kind === "registration" && method === "passkey") {
    return refuse("passkey_sign_up_not_offered", 400, "Sign up with your email address; add a passkey on your account page afterwards.");
  }
  // Own keys only: "valueOf" or "__proto__" must not find Object's.
  const shape = Object.hasOwn(allowed[kind], method) ? allowed[kind][method] : undefined;
  if (!shape) return refuse("method_not_offered", 400, `The method "${method.slice(0, 32)}" is not offered here.`);
  for (const name of [...fields.keys()]) {
    if (shape[type].includes(name)) continue;
    // A page's one form holds every method's fields (a passkey's challenge beside the code
    // box); the other methods' are dropped here, and Kratos gets the request Hera writes.
    if (type === "form" && pageFields[kind].has(name)) fields.delete(name);
    else return refuse("unknown_field", 400, `The field "${name.slice(0, 40)}" is not accepted with method "${method}".`);
  }
  const values = new Map<string, string>();
  for (const [name, value] of fields) {
    if (value instanceof Map) {
      const email = value.get("email");
      if (email !== undefined) values.set("traits.email", email);
    } else {
      values.set(name, value);
    }
  }
  for (const [name, value] of values) {
    const limit = limits[name]!;
    if (value.length > limit.max || (limit.pattern && !limit.pattern.test(value))) {
      return refuse("malformed_field", 400, `The field "${name}" is malformed.`);
    }
  }
  const get = (name: string) => values.get(name) || undefined;
  const base = { kind, flowId, mode: modeOf(type, raw.accept), csrfToken: get("csrf_token") ?? "" };

  switch (method) {
    case "code": {
      const resend = get("resend");
      const code = get("code");
      if (resend !== undefined && resend !== "code") return refuse("malformed_field", 400, 'The field "resend" may only be "code".');
      if (resend && code) return refuse("malformed_field", 400, "A code and a request for a new one cannot be sent together.");
      if (resend) return { ...base, intent: { action: "resend" } };
      if (code) return { ...base, intent: { action: "code", code } };
      return { ...base, intent: { action: "send", address: get(kind === "login" ? "identifier" : "traits.email") ?? "" } };
    }
    case "passkey": {
      const passkeyLogin = get("passkey_login");
      if (!passkeyLogin) return refuse("malformed_field", 400, 'The field "passkey_login" is required.');
      return { ...base, intent: { action: "passkey", passkeyLogin } };
    }
    case "totp": {
      const totpCode = get("totp_code");
      if (!totpCode) return refuse("malformed_field", 400, 'The field "totp_code" is required.');
      return { ...base, intent: { action: "totp", totpCode } };
    }
    case "lookup_secret": {
      const lookupSecret = get("lookup_secret");
      if (!lookupSecret) return refuse("malformed_field", 400, 'The field "lookup_secret" is required.');
      return { ...base, intent: { action: "lookup_secret", lookupSecret } };
    }
    case "webauthn": {
      const webauthnLogin = get("webauthn_login");
      if (!webauthnLogin) return refuse("malformed_field", 400, 'The field "webauthn_login" is required.');
      return { ...base, intent: { action: "webauthn", webauthnLogin } };
    }
  }
  return refuse("method_not_offered", 400, `The method "${method.slice(0, 32)}" is not offered here.`);
}

/** A flow read (`GET /self-service/<kind>/flows?id=`), or why not. */
export function parseFlowRead(raw: Pick<RawRequest, "method" | "query">): string | Refusal {
  if (raw.method !== "GET" && raw.method !== "HEAD") return refuse("method_not_allowed", 405, "Read a flow with GET.", "GET, HEAD");
  return parseFlowQuery(raw.query, "id");
}
