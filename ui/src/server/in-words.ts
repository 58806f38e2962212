import { UAParser } from "ua-parser-js";
import type { Translator } from "../i18n/translator";

/** How pages and emails say Kratos's facts to a person, in their language. */

const dateTimes = new Map<string, Intl.DateTimeFormat>();

/** "22 Nov 2026, 10:04 UTC" (or "22.11.2026, 10:04 UTC"): a Kratos timestamp as pages and emails say it. */
export function readableTime(iso: string | Date | undefined, text: Pick<Translator, "lang">): string {
  if (!iso) return "";
  let format = dateTimes.get(text.lang);
  if (!format) {
    // English in the international order (day, month, year; 24 hours), as the times are UTC.
    format = new Intl.DateTimeFormat(text.lang === "en" ? "en-GB" : text.lang, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
    dateTimes.set(text.lang, format);
  }
  return `${format.format(new Date(iso))} UTC`;
}

/** "Chrome 156 on Linux": the browser and system a user agent names, as a person says them. */
export function deviceOf(userAgent: string, text: Translator): string {
  // An empty string would make the parser read the environment's own user agent.
  if (!userAgent.trim()) return text.t("device.unknown");
  const { browser, os } = new UAParser(userAgent).getResult();
  const name = [browser.name, browser.major].filter(Boolean).join(" ");
  const system = [os.name, os.version].filter(Boolean).join(" ");
  if (!name && !system) return text.t("device.unknown");
  return name && system ? text.t("device.on", { browser: name, system }) : name || system;
}

const methods = new Set(["code", "totp", "lookup_secret", "passkey", "webauthn"]);

/** "Authenticator app": a Kratos method's name as a person says it. */
export function methodName(method: string, text: Translator): string {
  return methods.has(method) ? text.t(`method.${method as "code"}`) : method;
}
