import { describe, expect, it } from "vitest";
import { isRefusal, modeOf, parseFlowRead, parseSubmission, type RawRequest, type Refusal } from "./parse";

const id = "5c808a01-29fc-4935-85e6-64777bd0f9dd";
const json = (body: unknown, more: Partial<RawRequest> = {}): RawRequest => ({
  method: "POST",
  query: `flow=${id}`,
  contentType: "application/json",
  accept: "application/json",
  body: new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body)),
  ...more,
});
const form = (body: string, more: Partial<RawRequest> = {}): RawRequest => ({
  method: "POST",
  query: `flow=${id}`,
  contentType: "application/x-www-form-urlencoded",
  accept: "text/html,application/xhtml+xml,*/*;q=0.8",
  body: new TextEncoder().encode(body),
  ...more,
});
const refusal = (value: unknown) => {
  expect(isRefusal(value), JSON.stringify(value)).toBe(true);
  return value as Refusal;
};

describe("what a submission asks (requests Hera's own pages and Ory Elements send, captured from the suite)", () => {
  it("Elements' code request, a browser form's, an API client's", () => {
    expect(parseSubmission("login", json({ csrf_token: "t0k/en+=", identifier: "ada@example.com", method: "code" }))).toEqual({
      kind: "login",
      flowId: id,
      mode: "json",
      csrfToken: "t0k/en+=",
      intent: { action: "send", address: "ada@example.com" },
    });
    expect(parseSubmission("login", form("csrf_token=abc&identifier=ada%40example.com&method=code"))).toMatchObject({
      mode: "form",
      intent: { action: "send", address: "ada@example.com" },
    });
    expect(parseSubmission("registration", json({ traits: { email: "ada@example.com" }, method: "code" }))).toMatchObject({
      csrfToken: "",
      intent: { action: "send", address: "ada@example.com" },
    });
    expect(parseSubmission("registration", form("traits.email=ada%40example.com&method=code&csrf_token=x"))).toMatchObject({
      intent: { action: "send", address: "ada@example.com" },
    });
  });

  it("a code: Elements sends an empty resend with it, a plain form its method twice (hidden field and button)", () => {
    expect(parseSubmission("login", json({ code: "123456", csrf_token: "t", identifier: "ada@example.com", method: "code", resend: "" }))).toMatchObject({
      intent: { action: "code", code: "123456" },
    });
    expect(parseSubmission("login", form("identifier=ada%40example.com&method=code&code=123456&method=code&csrf_token=t&method=code"))).toMatchObject({
      mode: "form",
      intent: { action: "code", code: "123456" },
    });
  });

  it("a page's one form carries the other methods' fields (a passkey's challenge beside the code box): dropped, in a form only", () => {
    const challenge = encodeURIComponent(JSON.stringify({ publicKey: { challenge: "xtMf0w86Q3oD0" } }));
    const page = `csrf_token=t&identifier=ada%40example.com&passkey_login=&passkey_challenge=${challenge}&method=code`;
    expect(parseSubmission("login", form(page))).toEqual({
      kind: "login",
      flowId: id,
      mode: "form",
      csrfToken: "t",
      intent: { action: "send", address: "ada@example.com" },
    });
    // The second step's form: a security key's and an authenticator app's fields together.
    expect(parseSubmission("login", form("csrf_token=t&identifier=ada%40example.com&webauthn_login=&totp_code=123456&method=totp"))).toMatchObject({
      intent: { action: "totp", totpCode: "123456" },
    });
    // A JSON client names its method's fields; a field no method of this flow takes is refused either way.
    expect(refusal(parseSubmission("login", json({ csrf_token: "t", identifier: "a@b.c", passkey_challenge: "{}", method: "code" }))).refused).toBe(
      "unknown_field",
    );
    expect(refusal(parseSubmission("login", form("csrf_token=t&identifier=a%40b.c&password=x&method=code"))).refused).toBe("unknown_field");
    expect(refusal(parseSubmission("registration", form("csrf_token=t&traits.email=a%40b.c&passkey_login=&method=code"))).refused).toBe("unknown_field");
  });

  it("a resend from a plain form carries the empty code box", () => {
    expect(parseSubmission("registration", form("traits.email=ada%40example.com&csrf_token=t&method=code&code=&resend=code&method=code"))).toMatchObject({
      intent: { action: "resend" },
    });
  });

  it("a passkey or a security key, posted by Kratos's WebAuthn script without a method", () => {
    expect(parseSubmission("login", form("csrf_token=t&identifier=&passkey_challenge=%7B%7D&passkey_login=%7B%22id%22%3A1%7D"))).toMatchObject({
      intent: { action: "passkey", passkeyLogin: '{"id":1}' },
    });
    expect(parseSubmission("login", form("csrf_token=t&identifier=ada%40example.com&webauthn_login=%7B%7D"))).toMatchObject({
      intent: { action: "webauthn", webauthnLogin: "{}" },
    });
  });

  it("the second step: an authenticator code, a backup code", () => {
    expect(parseSubmission("login", json({ csrf_token: "t", method: "totp", totp_code: "123456" }))).toMatchObject({
      intent: { action: "totp", totpCode: "123456" },
    });
    expect(parseSubmission("login", json({ csrf_token: "t", method: "lookup_secret", lookup_secret: "abcd1234" }))).toMatchObject({
      intent: { action: "lookup_secret", lookupSecret: "abcd1234" },
    });
  });

  it("answers JSON when the request is JSON or prefers it, as Kratos does", () => {
    expect(modeOf("json", "text/html")).toBe("json");
    expect(modeOf("form", "application/json")).toBe("json");
    expect(modeOf("form", "text/html, application/json")).toBe("form");
    expect(modeOf("form", "*/*")).toBe("form");
    expect(modeOf("form", "application/json;q=0.5, text/html;q=0.9")).toBe("form");
    expect(modeOf("form", undefined)).toBe("form");
  });
});

describe("what the gate refuses to read", () => {
  const send = { method: "code", identifier: "ada@example.com", csrf_token: "t" };

  it("any method but POST, naming the one allowed", () => {
    for (const method of ["GET", "HEAD", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "post"]) {
      expect(refusal(parseSubmission("login", json(send, { method })))).toMatchObject({ refused: "method_not_allowed", status: 405, allow: "POST" });
    }
  });

  it("any spelling of the flow id but Kratos's own, and any other query parameter", () => {
    for (const query of [
      "",
      "flow=",
      `flow=${id.toUpperCase()}`,
      `flow=${id.replace(/-/g, "")}`,
      `flow={${id}}`,
      `flow=urn:uuid:${id}`,
      `flow=${id}%20`,
      `flow=%20${id}`,
      `flow=${id}&flow=${id}`,
      `flow=${id}&flow=6f1b7a52-0d6e-4c1e-9a57-0123456789ab`,
      `flow[]=${id}`,
      `FLOW=${id}`,
    ]) {
      expect(refusal(parseSubmission("login", json(send, { query }))).status, query).toBe(400);
    }
    expect(refusal(parseSubmission("login", json(send, { query: `flow=${id}&return_to=x` })))).toMatchObject({ refused: "unknown_query_parameter" });
    // Percent-encoding decodes to the one spelling; Kratos then gets Hera's own query.
    expect(parseSubmission("login", json(send, { query: `flow=${encodeURIComponent(id).replace(/5/g, "%35")}` }))).toMatchObject({ flowId: id });
  });

  it("any content type but JSON or a form in UTF-8", () => {
    for (const contentType of [
      undefined,
      "",
      "text/plain",
      "application/json; charset=latin1",
      "application/json;charset=utf-16",
      "application/json, text/plain",
      "text/plain, application/json",
      "application/json; boundary=x",
      "application/x-json",
      "application/vnd.api+json",
      "multipart/form-data; boundary=x",
      "application/x-www-form-urlencoded; charset=iso-8859-1",
      "json",
    ]) {
      expect(refusal(parseSubmission("login", json(send, { contentType }))), String(contentType)).toMatchObject({
        refused: "unsupported_media_type",
        status: 415,
      });
    }
    for (const contentType of ["application/json; charset=utf-8", "Application/JSON; Charset=UTF-8", 'application/json; charset="utf-8"']) {
      expect(isRefusal(parseSubmission("login", json(send, { contentType }))), contentType).toBe(false);
    }
  });

  it("a body that is not strict JSON or UTF-8, or too large", () => {
    for (const body of ["", "null", "[]", '"x"', "{", '{"method":"code",}', "{method:'code'}", '\ufeff{"method":"code"}', '{"method":"code"} {}']) {
      expect(refusal(parseSubmission("login", json(body))).refused, body).toBe("malformed_body");
    }
    expect(refusal(parseSubmission("login", json(send, { body: new Uint8Array([0x7b, 0xff, 0x7d]) }))).refused).toBe("malformed_body");
    expect(refusal(parseSubmission("login", form("identifier=%FF&method=code", { body: new Uint8Array([0x6d, 0x3d, 0xc3]) }))).refused).toBe("malformed_body");
    expect(refusal(parseSubmission("login", json({ ...send, x: "a".repeat(70_000) })))).toMatchObject({ refused: "payload_too_large", status: 413 });
  });

  it("a field given twice, in JSON or a form, but a form's method with one value", () => {
    expect(refusal(parseSubmission("login", json('{"method":"code","identifier":"a@example.com","identifier":"b@example.com"}'))).refused).toBe(
      "repeated_field",
    );
    expect(refusal(parseSubmission("registration", json('{"method":"code","traits":{"email":"a@example.com","email":"b@example.com"}}'))).refused).toBe(
      "repeated_field",
    );
    expect(refusal(parseSubmission("login", form("method=code&identifier=a%40example.com&identifier=b%40example.com"))).refused).toBe("repeated_field");
    expect(refusal(parseSubmission("login", form("method=code&method=passkey&identifier=a%40example.com"))).refused).toBe("repeated_field");
    // The same value twice is still two fields, but for the browser's own repeated method.
    expect(refusal(parseSubmission("login", form("method=code&identifier=a%40example.com&identifier=a%40example.com"))).refused).toBe("repeated_field");
    expect(refusal(parseSubmission("login", form("method=code&csrf_token=x&csrf_token=x&identifier=a%40example.com"))).refused).toBe("repeated_field");
  });

  it("a value of any JSON type but a string", () => {
    for (const value of [1, true, null, ["ada@example.com"], { email: "ada@example.com" }]) {
      expect(refusal(parseSubmission("login", json({ ...send, identifier: value }))).refused, JSON.stringify(value)).toBe("malformed_field");
    }
    expect(refusal(parseSubmission("registration", json({ method: "code", traits: { email: ["a@example.com"] } }))).refused).toBe("malformed_field");
    expect(refusal(parseSubmission("registration", json({ method: "code", traits: "ada@example.com" }))).refused).toBe("malformed_field");
  });

  it("a field the method does not take, another name for one it does, or a method Hera does not offer", () => {
    for (const [kind, body] of [
      ["login", { ...send, address: "eve@example.com" }],
      ["login", { ...send, transient_payload: "{}" }],
      ["login", { ...send, "traits.email": "ada@example.com" }],
      ["login", { ...send, Identifier: "ada@example.com" }],
      ["login", { ...send, "identifier ": "ada@example.com" }],
      ["login", { method: "totp", totp_code: "1", identifier: "ada@example.com" }],
      ["registration", { method: "code", identifier: "ada@example.com" }],
      ["registration", { method: "code", "traits.email": "ada@example.com" }],
      ["registration", { method: "code", traits: { email: "ada@example.com", name: "Ada" } }],
      ["registration", { method: "code", traits: { email: "ada@example.com" }, transient_payload: "{}" }],
    ] as const) {
      expect(refusal(parseSubmission(kind, json(body))).refused, JSON.stringify(body)).toBe("unknown_field");
    }
    for (const method of ["password", "profile", "oidc", "Code", "code ", "link", "valueOf", "__proto__", "constructor", "toString"]) {
      expect(refusal(parseSubmission("login", json({ ...send, method }))).refused, method).toBe("method_not_offered");
    }
    expect(refusal(parseSubmission("login", json({ identifier: "ada@example.com" }))).refused).toBe("malformed_field");
    expect(refusal(parseSubmission("registration", json({ method: "passkey", traits: { email: "ada@example.com" } })))).toMatchObject({
      refused: "passkey_sign_up_not_offered",
      status: 400,
    });
  });

  it("a resend that is not exactly 'code', or a code and a resend together, or a malformed value", () => {
    for (const resend of ["CODE", "Code", "yes", "code\r\n"]) {
      expect(refusal(parseSubmission("login", json({ ...send, resend }))).refused, resend).toBe("malformed_field");
    }
    expect(refusal(parseSubmission("login", json({ ...send, resend: "code", code: "123456" }))).refused).toBe("malformed_field");
    for (const code of [" 123456", "123 456", "12345\u0660", "1".repeat(129)]) {
      expect(refusal(parseSubmission("login", json({ ...send, code }))).refused, code).toBe("malformed_field");
    }
    expect(refusal(parseSubmission("login", json({ ...send, csrf_token: "a\r\nSet-Cookie: x=1" }))).refused).toBe("malformed_field");
  });
});

describe("a flow read", () => {
  it("takes GET (and HEAD) with one canonical id and nothing else", () => {
    expect(parseFlowRead({ method: "GET", query: `id=${id}` })).toBe(id);
    expect(parseFlowRead({ method: "HEAD", query: `id=${id}` })).toBe(id);
    expect(refusal(parseFlowRead({ method: "POST", query: `id=${id}` }))).toMatchObject({ status: 405, allow: "GET, HEAD" });
    for (const query of [`id=${id}&id=${id}`, `id=${id.toUpperCase()}`, `flow=${id}`, `id=${id}&x=1`, ""]) {
      expect(refusal(parseFlowRead({ method: "GET", query })).status, query).toBe(400);
    }
  });
});
