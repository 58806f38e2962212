import type { OryClientConfiguration } from "@ory/elements-react";
import { elementsLocaleOf } from "../i18n/languages";
import type { Translator } from "../i18n/translator";

/**
 * Elements' configuration for Hera: every URL on the one origin, and the page's language
 * with its whole catalogue (Hera's words in Elements' keys): the browser's bundle carries
 * no catalogue of its own, so a page holds its own language's strings only.
 */
export function elementsConfig(origin: string, productName: string, text: Translator): OryClientConfiguration {
  const at = (path: string) => new URL(path, origin).toString();
  const locale = elementsLocaleOf(text.lang);
  return {
    intl: { locale, customTranslations: { [locale]: text.elementsCatalogue() } },
    sdk: { url: origin.replace(/\/$/, "") },
    project: {
      name: productName,
      default_redirect_url: at("/welcome"),
      error_ui_url: at("/error"),
      login_ui_url: at("/login"),
      registration_enabled: true,
      registration_ui_url: at("/registration"),
      recovery_enabled: false,
      recovery_ui_url: at("/recovery"),
      verification_enabled: false,
      verification_ui_url: at("/verification"),
      settings_ui_url: at("/settings"),
      hide_ory_branding: true,
    },
  };
}
