import { createRequire } from "node:module";
import type { Plugin } from "vite";

const id = "virtual:elements-catalogues";
const resolved = "\0" + id;
/** The Ory Elements catalogues Hera reuses (i18n/languages.ts, elementsLocaleOf). */
const locales = ["en", "de", "fr", "es", "pt", "ja", "ar"];

/**
 * Ory Elements' translations of Kratos's messages and of its own labels, for Hera's
 * languages only, read from Elements at build time. Importing Elements for them would load
 * its whole runtime and its 80 languages into the server (26 MB); this module is their
 * JSON alone (about 200 kB). The browser never gets it: a page carries its own language's
 * strings in its data block.
 */
export function elementsCatalogues(): Plugin {
  return {
    name: "hera:elements-catalogues",
    resolveId: (source) => (source === id ? resolved : null),
    load(source) {
      if (source !== resolved) return null;
      const { OryLocales } = createRequire(import.meta.url)("@ory/elements-react") as { OryLocales: Record<string, Record<string, string>> };
      const picked = Object.fromEntries(locales.map((l) => [l, OryLocales[l]]));
      for (const l of locales) if (!picked[l]) throw new Error(`Ory Elements has no catalogue "${l}"`);
      return `export default ${JSON.stringify(picked)};`;
    },
  };
}
