import { describe, expect, it } from "vitest";
import loginSentEmail from "../../flow-card/fixtures/login-sent-email.json";
import { decoyAddress, flowWithTypedAddress, goJsonString, withTypedAddress } from "./decoy";

describe("the decoy", () => {
  it("is replaced in Kratos's JSON exactly as Go would have written the address", () => {
    // Go's encoding/json escapes <, > and & (Kratos's answers), JSON.stringify does not.
    expect(goJsonString("o'neil&co<x>@example.com")).toBe('"o\'neil\\u0026co\\u003cx\\u003e@example.com"');
    const kratosJson = JSON.stringify(loginSentEmail).split('"fixture-1795322771@example.test"').join(goJsonString(decoyAddress));
    const shown = withTypedAddress(kratosJson, "ada&bob@example.com");
    expect(shown).toContain('"value":"ada\\u0026bob@example.com"');
    expect(shown).not.toContain(decoyAddress);
    expect(JSON.parse(shown)).toEqual(JSON.parse(JSON.stringify(loginSentEmail).split("fixture-1795322771@example.test").join("ada&bob@example.com")));
  });

  it("is replaced in a parsed flow too, for the pages Hera renders", () => {
    const decoyFlow = JSON.parse(JSON.stringify(loginSentEmail).split("fixture-1795322771@example.test").join(decoyAddress));
    expect(flowWithTypedAddress(decoyFlow, "ada@example.com")).toEqual(
      JSON.parse(JSON.stringify(loginSentEmail).split("fixture-1795322771@example.test").join("ada@example.com")),
    );
  });
});
