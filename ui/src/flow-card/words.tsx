import { createContext, useContext } from "react";
import type en from "../i18n/catalogues/en.json";

// The words of the parts both cards share (parts.tsx), in the page's language. Each card
// provides them its own way: the sign-in card from Hera's translator on the server
// (SignInCard.tsx), Elements' cards from Elements' catalogue, where Hera puts them under
// "hera." (elements-words.tsx); no catalogue is bundled for the browser.

export type CardKey = Extract<keyof typeof en, `card.${string}`>;
export type Say = (key: CardKey, values?: Record<string, string | number>) => string;

const Words = createContext<Say | undefined>(undefined);
export const WordsProvider = Words.Provider;

export function useSay(): Say {
  const say = useContext(Words);
  if (!say) throw new Error("useSay() outside a card: wrap the part in WordsProvider or ElementsWords");
  return say;
}
