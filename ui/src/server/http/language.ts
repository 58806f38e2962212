import type { Request, RequestHandler, Response } from "express";
import Negotiator from "negotiator";
import { match } from "@formatjs/intl-localematcher";
import { parse as parseCookies } from "cookie";
import { defaultLanguage, isLanguage, languages, type Language } from "../../i18n/languages";
import { catalogues, translatorFor, type Translator } from "../../i18n/translator";

/** The language a person chose on a page (routes/language.ts), which outranks their browser's. */
export const languageCookie = "hera_language";

const negotiated = new Map<string, Language>();

/**
 * The language an Accept-Language header asks for, of those Hera speaks: the header's
 * order and weights (negotiator), then the nearest language Hera has (FormatJS's matcher,
 * CLDR's distances: pt-PT reads Brazilian Portuguese, en-GB English, es-419 Spanish).
 */
export function languageFor(acceptLanguage: string | undefined): Language {
  const header = (acceptLanguage ?? "").slice(0, 256);
  const known = negotiated.get(header);
  if (known) return known;
  const asked = new Negotiator({ headers: { "accept-language": header } }).languages().filter(isLocale);
  let lang: Language = defaultLanguage;
  try {
    lang = match(asked, languages, defaultLanguage, { algorithm: "best fit" }) as Language;
  } catch {
    // Nothing usable in the header: the default.
  }
  // A few hundred distinct headers in practice; the bound keeps a flood of odd ones harmless.
  if (negotiated.size > 1000) negotiated.clear();
  negotiated.set(header, lang);
  return lang;
}

function isLocale(tag: string): boolean {
  if (tag === "*") return false;
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** The language of this request: the person's choice, else their browser's. */
export function languageOfRequest(req: Request): Language {
  const chosen = parseCookies(req.header("cookie") ?? "")[languageCookie];
  return isLanguage(chosen) ? chosen : languageFor(req.header("accept-language"));
}

/**
 * Every page's language: the translator, `lang` and `dir` for the layout, and the language
 * choice with the page to come back to.
 */
export function language(): RequestHandler {
  const choices = languages.map((code) => ({ code, name: catalogues[code]["language.name"] }));
  return (req, res, next) => {
    const text = translatorFor(languageOfRequest(req));
    res.locals.text = text;
    res.locals.lang = text.lang;
    res.locals.dir = text.dir;
    res.locals.languages = choices.map((c) => ({ ...c, selected: c.code === text.lang }));
    // The page to come back to after a choice: this one, unless it answers a form (a POST's
    // address is no page to open again).
    res.locals.here = req.method === "GET" || req.method === "HEAD" ? req.originalUrl : "/login";
    next();
  };
}

/** The translator language() chose for this request. */
export function textOf(res: Response): Translator {
  return (res.locals as { text?: Translator }).text ?? translatorFor(defaultLanguage);
}
