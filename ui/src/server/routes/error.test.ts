import { describe, expect, it } from "vitest";
import { errorPageReason } from "./error";

describe("the error page's sentence", () => {
  it("is only the sentence of Hera's lock inside Kratos, without the template's file and line", () => {
    // As Kratos v1.3.1 stored it for a passkey sign-in to an unproved address.
    const message =
      "jsonnetsecure: ERROR: RUNTIME ERROR: This account has not proved its email address yet: sign in with an email code first.\n\tfile://./first-step-needs-proved-address.jsonnet:12:8-100\tfunction <anonymous>\n\tTop-level function call\n";
    expect(errorPageReason({ code: 500, message })).toBe("This account has not proved its email address yet: sign in with an email code first.");
  });

  it("says nothing of Kratos's insides for any other server error", () => {
    expect(errorPageReason({ code: 500, message: "sql: database is locked" })).toBe("The sign-in could not be completed.");
    expect(errorPageReason({ message: "dial tcp 127.0.0.1:5432: connection refused" })).toBe("The sign-in could not be completed.");
  });

  it("keeps Kratos's own words for a client's mistake", () => {
    expect(errorPageReason({ code: 400, reason: "The flow has expired." })).toBe("The flow has expired.");
    expect(errorPageReason(undefined)).toBe("The sign-in could not be completed.");
  });
});
