import { describe, expect, it } from "vitest";
import { languageFor } from "./language";
import { pageToReturnTo } from "../routes/language";
import { viewHelpers } from "./view-helpers";
import { translatorFor } from "../../i18n/translator";

describe("the language of a request", () => {
  it("is the nearest one Hera speaks to what the browser asks for, in the header's order", () => {
    expect(languageFor("de-DE,de;q=0.9,en;q=0.8")).toBe("de");
    expect(languageFor("fr;q=0.5, ja")).toBe("ja");
    expect(languageFor("pt-PT")).toBe("pt-BR");
    expect(languageFor("pt")).toBe("pt-BR");
    expect(languageFor("es-419")).toBe("es");
    expect(languageFor("en-GB")).toBe("en");
    expect(languageFor("ar-EG")).toBe("ar");
    expect(languageFor("zh-CN, ar;q=0.3")).toBe("ar");
  });

  it("is English for no header, a wildcard, a language Hera does not speak, or nonsense", () => {
    for (const header of [undefined, "", "*", "zh-CN", "x", "<script>", "de;q=0", "🙂".repeat(300)]) expect(languageFor(header), String(header)).toBe("en");
  });
});

describe("the language form's way back", () => {
  it("is a path on this origin, query and all", () => {
    expect(pageToReturnTo("/login?flow=5c808a01-29fc-4935-85e6-64777bd0f9dd")).toBe("/login?flow=5c808a01-29fc-4935-85e6-64777bd0f9dd");
  });

  it("is the sign-in page for anything a browser would read as another site, or not a path", () => {
    for (const value of [
      "//evil.example",
      "/\\evil.example",
      "https://evil.example/",
      "javascript:alert(1)",
      "/a\nb",
      "",
      undefined,
      ["/a"],
      "/" + "a".repeat(3000),
    ]) {
      expect(pageToReturnTo(value), String(value)).toBe("/login");
    }
  });
});

describe("the views' words", () => {
  const root = { data: { root: { text: translatorFor("ja") } } };

  it("say a sentence in the page's language, its values as given (Handlebars escapes the whole)", () => {
    expect(viewHelpers.t("page.sessions.facts", { hash: { ip: "127.0.0.1", signedIn: "a", lastStep: "b" }, ...root })).toContain("127.0.0.1");
  });

  it("make only the catalogue's <b> part bold, and escape every value first", () => {
    const html = String(viewHelpers.rich("page.welcome.as", { hash: { email: '<img src=x onerror="1">@example.test', testid: "hera/x" }, ...root }));
    expect(html).toContain('<strong dir="auto" data-testid="hera/x">&lt;img src&#x3D;x onerror&#x3D;&quot;1&quot;&gt;@example.test</strong>');
    expect(html).not.toContain("<img");
  });
});
