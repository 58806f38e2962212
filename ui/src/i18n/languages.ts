/**
 * The languages Hera speaks: its pages, its emails, Kratos's messages. Adding one is a
 * catalogue in catalogues/ and a line here; i18n.test.ts fails on any key or Kratos
 * message the new catalogue lacks.
 */
export const languages = ["en", "de", "fr", "es", "pt-BR", "ja", "ar"] as const;
export type Language = (typeof languages)[number];
export const defaultLanguage: Language = "en";

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

/** Arabic is written right to left; the page's `dir` turns the layout around. */
export function directionOf(lang: Language): "ltr" | "rtl" {
  return lang === "ar" ? "rtl" : "ltr";
}

/**
 * Ory Elements' catalogue for each language. Elements has one Portuguese, European
 * ("registe-se"): Brazilian Portuguese takes Hera's own words first (catalogues/pt-BR.json)
 * and Elements' Portuguese only for the Kratos messages Hera has not reworded.
 */
export const elementsLocaleOf = (lang: Language) => (lang === "pt-BR" ? "pt" : lang);
export type ElementsLocale = ReturnType<typeof elementsLocaleOf>;
