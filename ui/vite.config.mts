import { defineConfig, type Plugin } from "vite";

/**
 * Ory Elements inlines the translations of about 80 languages, twice (its core and its
 * theme): 7.5 MB of the 7.9 MB it adds to a bundle. Hera's pages are in English, so the
 * browser bundle keeps English only; the server, which renders the first paint, keeps all.
 */
function englishOnlyElementsLocales(): Plugin {
  const otherLocale = /(\/\/ src\/locales\/(?!en\.json)[\w-]+\.json\nvar [\w$]+ = )\{[\s\S]*?\n\};/g;
  return {
    name: "hera:elements-english-only",
    transform(code, id) {
      if (!id.includes("@ory/elements-react/dist")) return null;
      return { code: code.replace(otherLocale, "$1{};"), map: null };
    },
  };
}

// Builds only the browser bundle; the server is compiled by tsc (tsconfig.server.json).
export default defineConfig({
  plugins: [englishOnlyElementsLocales()],
  build: {
    outDir: "dist/client",
    emptyOutDir: true,
    manifest: true,
    // What a phone downloads to hydrate the card; tools/checks/bundle.test.ts holds the line.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      input: "src/client/main.tsx",
      // Elements and Radix mark their modules "use client" for React Server Components;
      // in a plain browser bundle the directive means nothing.
      onwarn(warning, warn) {
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
});
