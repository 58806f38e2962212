import type { ReactNode } from "react";
import { useIntl } from "react-intl";
import type { UiText } from "@ory/client-fetch";
import { uiTextToFormattedMessage } from "@ory/elements-react";
import { WordsProvider, type CardKey } from "./words";

/** The shared parts' words inside Ory Elements' card: Elements' catalogue holds them (Translator.elementsCatalogue). */
export function ElementsWords({ children }: { children: ReactNode }) {
  const intl = useIntl();
  return <WordsProvider value={(key: CardKey, values) => intl.formatMessage({ id: `hera.${key}` }, values)}>{children}</WordsProvider>;
}

/** A Kratos label or message in the page's language, as Elements says it (its catalogue, Hera's words in it). */
export function useKratosText(): (text: UiText) => string {
  const intl = useIntl();
  return (text) => uiTextToFormattedMessage(text, intl);
}
