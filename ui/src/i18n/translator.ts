import { IntlMessageFormat } from "intl-messageformat";
import elements from "virtual:elements-catalogues";
import en from "./catalogues/en.json";
import de from "./catalogues/de.json";
import fr from "./catalogues/fr.json";
import es from "./catalogues/es.json";
import ptBR from "./catalogues/pt-BR.json";
import ja from "./catalogues/ja.json";
import ar from "./catalogues/ar.json";
import { defaultLanguage, directionOf, elementsLocaleOf, isLanguage, type Language } from "./languages";

/** A key of Hera's own catalogue: a word Hera says (catalogues/en.json is the reference). */
export type TextKey = keyof typeof en;
type Catalogue = Record<TextKey, string>;

export const catalogues: Record<Language, Catalogue> = { en, de, fr, es, "pt-BR": ptBR, ja, ar };

/** What Kratos's UiText carries that a translation needs. */
export type KratosText = { id: number; text: string; context?: object | null };

type Values = Record<string, unknown>;

/**
 * Hera's words in one language: its own catalogue first, then, for Kratos's messages,
 * Ory Elements' catalogue of the same language (Kratos's message ids are Elements' keys),
 * then Kratos's English as it came. Messages are ICU MessageFormat, compiled once each.
 */
export class Translator {
  readonly dir: "ltr" | "rtl";
  private readonly compiled = new Map<string, IntlMessageFormat>();
  private readonly own: Catalogue;
  private readonly elements: Record<string, string>;
  private forElements?: Record<string, string>;

  constructor(readonly lang: Language) {
    this.dir = directionOf(lang);
    this.own = catalogues[lang];
    this.elements = elements[elementsLocaleOf(lang)];
  }

  /** One of Hera's own sentences. */
  t(key: TextKey, values?: Values): string {
    return this.format(key, this.own[key] ?? catalogues.en[key], values) as string;
  }

  /**
   * The same, with tags (`<b>...</b>`) turned into what `tags` makes of their content:
   * the emails' bold address.
   */
  rich(key: TextKey, values: Values, tags: Record<string, (chunks: string[]) => string>): string {
    const out = this.format(key, this.own[key] ?? catalogues.en[key], { ...values, ...tags });
    return Array.isArray(out) ? out.join("") : String(out);
  }

  /** Whether this language has its own words for a Kratos (or gate) message id. */
  knows(id: number): boolean {
    return this.sourceOf(id) !== undefined;
  }

  /** A Kratos (or gate) message, by its id, in this language. */
  message(text: KratosText): string {
    const found = this.sourceOf(text.id);
    if (!found) return text.text;
    try {
      return String(this.format(found.cacheKey, found.source, this.contextValues(text.context)));
    } catch {
      // A context value the message needs is missing: Kratos's own words are still right.
      return text.text;
    }
  }

  /**
   * Ory Elements' whole catalogue for this language with Hera's words in it, for the pages
   * Elements renders (the account page, the second step): its labels (`elements.*`), its
   * Kratos messages (`message.*`, `elements.message.*`) and the parts both cards share.
   */
  elementsCatalogue(): Record<string, string> {
    if (this.forElements) return this.forElements;
    const out: Record<string, string> = { ...this.elements };
    for (const [key, value] of Object.entries(this.own)) {
      if (key.startsWith("elements.message.")) out[`identities.messages.${key.slice(17)}`] = value;
      else if (key.startsWith("elements.")) out[key.slice(9)] = value;
      else if (key.startsWith("message.")) out[`identities.messages.${key.slice(8)}`] = value;
      else if (key.startsWith("card.")) out[`hera.${key}`] = value;
    }
    this.forElements = out;
    return out;
  }

  /** A message id's words in this language: Hera's own first, then Elements'. */
  private sourceOf(id: number): { source: string; cacheKey: string } | undefined {
    const own = this.own[`message.${id}` as TextKey];
    if (own) return { source: own, cacheKey: `message.${id}` };
    const elements = this.elements[`identities.messages.${id}`];
    return elements ? { source: elements, cacheKey: `elements:${id}` } : undefined;
  }

  /** A number of seconds as this language says a duration ("15 minutes", "15 Minuten"). */
  duration(seconds: number): string {
    const [value, unit] = seconds % 3600 === 0 ? [seconds / 3600, "hour"] : seconds % 60 === 0 ? [seconds / 60, "minute"] : [seconds, "second"];
    return new Intl.NumberFormat(this.lang, { style: "unit", unit, unitDisplay: "long" }).format(value);
  }

  private format(cacheKey: string, source: string, values?: Values) {
    let message = this.compiled.get(cacheKey);
    if (!message) {
      message = new IntlMessageFormat(source, this.lang);
      this.compiled.set(cacheKey, message);
    }
    return message.format(values as Record<string, string>);
  }

  /** Kratos's context as Elements' catalogue expects it: lists joined, Unix times as dates. */
  private contextValues(context: object | null | undefined): Values {
    const out: Values = {};
    for (const [key, value] of Object.entries(context ?? {})) {
      if (Array.isArray(value)) {
        out[key] = value;
        out[`${key}_list`] = new Intl.ListFormat(this.lang).format(value.map(String));
      } else if (key.endsWith("_unix") && typeof value === "number") {
        out[key] = new Intl.DateTimeFormat(this.lang, { dateStyle: "medium", timeStyle: "short" }).format(new Date(value * 1000));
      } else out[key] = value;
    }
    return out;
  }
}

const translators = new Map<Language, Translator>();

/** The translator of a language (one per language for the life of the process). */
export function translatorFor(lang: unknown): Translator {
  const language = isLanguage(lang) ? lang : defaultLanguage;
  let translator = translators.get(language);
  if (!translator) {
    translator = new Translator(language);
    translators.set(language, translator);
  }
  return translator;
}
