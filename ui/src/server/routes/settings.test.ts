import { describe, expect, it } from "vitest";
import { backLink } from "./settings";

const origin = new URL("https://auth.example.com");
const allowed = [origin, new URL("https://app.example.com"), new URL("https://shop.example.com/account")];
const home = { href: "/welcome" };

describe("the account page's way back", () => {
  it("leads to the welcome page when the flow has no return_to", () => {
    expect(backLink(undefined, origin, allowed)).toEqual(home);
  });

  it("leads to the integrator's page that sent the browser, named by its host", () => {
    expect(backLink("https://app.example.com/profile?tab=1", origin, allowed)).toEqual({
      href: "https://app.example.com/profile?tab=1",
      host: "app.example.com",
    });
    expect(backLink("https://shop.example.com/account/orders", origin, allowed).host).toBe("shop.example.com");
  });

  it("names no host for a page of Hera's own origin, absolute or a plain path", () => {
    expect(backLink("https://auth.example.com/welcome", origin, allowed)).toEqual({ href: "https://auth.example.com/welcome" });
    expect(backLink("/settings", origin, allowed)).toEqual({ href: "https://auth.example.com/settings" });
  });

  it("never leads to another site: relative forms a browser resolves elsewhere, other hosts and paths, other schemes", () => {
    for (const returnTo of [
      "/\\evil.example",
      "\\\\evil.example",
      "//evil.example/x",
      "/\t/evil.example",
      "https://evil.example/",
      "https://app.example.com.evil.example/",
      "https://shop.example.com/other",
      "https://auth.example.com@evil.example/",
      "https://user:pw@app.example.com/",
      "javascript:alert(1)",
      "evil.example",
      "http://app.example.com/",
    ]) {
      expect(backLink(returnTo, origin, allowed), returnTo).toEqual(home);
    }
  });
});
