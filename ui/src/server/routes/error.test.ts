import { describe, expect, it } from "vitest";
import { errorPageReason } from "./error";

describe("the error page's sentence", () => {
  it("is Hera's sentence for its own lock inside Kratos, found by the template's file", () => {
    // As Kratos v1.3.1 stored it for a passkey sign-in to an unproved address.
    const message =
      "jsonnetsecure: ERROR: RUNTIME ERROR: This account has not proved its email address yet: sign in with an email code first.\n\tfile://./first-step-needs-proved-address.jsonnet:12:8-100\tfunction <anonymous>\n\tTop-level function call\n";
    expect(errorPageReason({ code: 500, message })).toBe("page.error.unproved");
    const signUp = "jsonnetsecure: ERROR: RUNTIME ERROR: Sign up with your email address.\n\tfile://./no-passkey-sign-up.jsonnet:7:15-90\t";
    expect(errorPageReason({ code: 500, message: signUp })).toBe("page.error.passkey_sign_up");
  });

  it("says a refused return_to in Hera's words, as Kratos v1.3.1 reports either kind", () => {
    const forbidden = { code: 400, id: "self_service_flow_return_to_forbidden", reason: 'Requested return_to URL "https://evil.example/" is not allowed.' };
    expect(errorPageReason(forbidden)).toBe("page.error.return_to");
    expect(errorPageReason({ code: 400, reason: 'Unable to parse the return_to query parameter as an URL: parse "%": invalid URL escape "%"' })).toBe(
      "page.error.return_to",
    );
  });

  it("says an account the operator disabled is disabled, as Kratos v1.3.1 reports it", () => {
    expect(errorPageReason({ code: 401, message: "identity is disabled", reason: "This account was disabled." })).toBe("page.error.disabled");
  });

  it("says nothing of Kratos's insides or its English developer text otherwise", () => {
    expect(errorPageReason({ code: 500, message: "sql: database is locked" })).toBe("page.error.body");
    expect(errorPageReason({ message: "dial tcp 127.0.0.1:5432: connection refused" })).toBe("page.error.body");
    expect(errorPageReason({ code: 400, reason: "The flow has expired." })).toBe("page.error.body");
    expect(errorPageReason({ code: 500, message: "RUNTIME ERROR: x\n\tfile://./unknown-lock.jsonnet:1:1" })).toBe("page.error.body");
    expect(errorPageReason(undefined)).toBe("page.error.body");
  });
});
