import { describe, expect, it } from "vitest";
import { IntlMessageFormat } from "intl-messageformat";
import { catalogues, translatorFor, type TextKey } from "./translator";
import { languages } from "./languages";
import { kratosMessageIds } from "./kratos-messages";
import { invalidAddressId, notOfferedNow, flowFinished, resendTooSoonId, superseded, tooManyWrongCodes } from "../server/flow/messages";

/** The arguments and tags an ICU message uses, by name: a translation must use the same. */
function partsOf(message: string, lang: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: unknown[]) => {
    for (const node of nodes as { type: number; value?: string; children?: unknown[]; options?: Record<string, { value: unknown[] }> }[]) {
      if (node.value !== undefined && node.type !== 0 && node.type !== 7) names.add(`${node.type === 8 ? "<" : ""}${node.value}`);
      if (node.children) walk(node.children);
      for (const option of Object.values(node.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, lang).getAst());
  return [...names].sort();
}

const english = catalogues.en;
const keys = Object.keys(english) as TextKey[];

describe.each(languages)("the %s catalogue", (lang) => {
  const catalogue = catalogues[lang] as Record<string, string>;

  it("has every key of Hera's words and no other", () => {
    expect(
      keys.filter((k) => !(k in catalogue)),
      "missing",
    ).toEqual([]);
    expect(
      Object.keys(catalogue).filter((k) => !(k in english)),
      "unknown",
    ).toEqual([]);
  });

  it("writes every message as ICU MessageFormat with the English message's arguments and tags", () => {
    for (const key of keys) {
      const message = catalogue[key];
      if (message === undefined) continue;
      expect(partsOf(message, lang), `${lang} ${key}`).toEqual(partsOf(english[key], "en"));
    }
  });

  it("holds no markup but the bold fact's <b> (views and emails print it as text)", () => {
    for (const key of keys) expect(catalogue[key] ?? "", `${lang} ${key}`).not.toMatch(/<(?!\/?b>)|&/);
  });

  it("says every Kratos message Hera can show, and Hera's own, in this language", () => {
    const text = translatorFor(lang);
    const hera = [resendTooSoonId, invalidAddressId, superseded.id, notOfferedNow.id, flowFinished.id, tooManyWrongCodes.id];
    expect([...kratosMessageIds, ...hera].filter((id) => !text.knows(id))).toEqual([]);
  });
});

describe("the translator", () => {
  it("says Kratos's messages by id in the page's language, Hera's words first", () => {
    const wrongCode = { id: 4010008, text: "The login code is invalid or has already been used. Please try again." };
    expect(translatorFor("en").message(wrongCode)).toBe("That code is not right. Check the newest email and try again.");
    expect(translatorFor("ar").message(wrongCode)).not.toBe(translatorFor("en").message(wrongCode));
    expect(translatorFor("ar").message(wrongCode)).toMatch(/[\u0600-\u06ff]/);
    // A message Hera has not reworded comes from Elements' catalogue of the same language.
    expect(translatorFor("de").message({ id: 4000002, text: "Property email is missing.", context: { property: "email" } })).toMatch(/email/);
    // An id nobody knows keeps Kratos's own words.
    expect(translatorFor("ja").message({ id: 9999999, text: "As Kratos said it." })).toBe("As Kratos said it.");
  });

  it("formats plurals and durations in each language", () => {
    expect(translatorFor("en").message({ id: resendTooSoonId, text: "", context: { seconds: 1 } })).toBe(
      "Please wait 1 second before asking for another code.",
    );
    expect(translatorFor("en").message({ id: resendTooSoonId, text: "", context: { seconds: 42 } })).toContain("42 seconds");
    expect(translatorFor("en").duration(900)).toBe("15 minutes");
    expect(translatorFor("de").duration(900)).toBe("15 Minuten");
    expect(translatorFor("en").duration(3600)).toBe("1 hour");
    expect(translatorFor("fr").duration(90)).toMatch(/^90\ssecondes$/u);
  });

  it("gives Elements its whole catalogue for the language, Hera's words in Elements' keys", () => {
    const catalogue = translatorFor("fr").elementsCatalogue();
    expect(catalogue["settings.webauthn.title"]).toBe(catalogues.fr["elements.settings.webauthn.title"]);
    expect(catalogue["identities.messages.4010008"]).toBe(catalogues.fr["message.4010008"]);
    expect(catalogue["hera.card.resend"]).toBe(catalogues.fr["card.resend"]);
    // Elements' own label that Hera has not reworded, in French.
    expect(catalogue["login.title"]).toBeTruthy();
    expect(catalogue["login.title"]).not.toBe(translatorFor("en").elementsCatalogue()["login.title"]);
  });

  it("falls back to English for a language Hera does not speak", () => {
    expect(translatorFor("xx").lang).toBe("en");
    expect(translatorFor("ar").dir).toBe("rtl");
    expect(translatorFor("ja").dir).toBe("ltr");
  });
});
