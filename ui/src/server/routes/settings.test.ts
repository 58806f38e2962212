import { describe, expect, it } from "vitest";
import { backLink } from "./settings";

const origin = new URL("https://auth.example.com");

describe("the account page's way back", () => {
  it("leads to the welcome page when the flow has no return_to", () => {
    expect(backLink(undefined, origin)).toEqual({ href: "/welcome", label: "Back" });
  });

  it("leads to the integrator's page that sent the browser, named by its host", () => {
    expect(backLink("https://app.example.com/profile?tab=1", origin)).toEqual({
      href: "https://app.example.com/profile?tab=1",
      label: "Back to app.example.com",
    });
  });

  it("says only Back for a page of Hera's own origin", () => {
    expect(backLink("https://auth.example.com/welcome", origin)).toEqual({ href: "https://auth.example.com/welcome", label: "Back" });
  });
});
