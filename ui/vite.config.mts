import { defineConfig, type Plugin } from "vite";
import { elementsCatalogues } from "./build/elements-catalogues.mjs";

/**
 * Ory Elements inlines the translations of about 80 languages, twice (its core and its
 * theme): 7.5 MB of the 7.9 MB it adds to a bundle, and 26 MB of a server's memory once
 * evaluated. Hera's pages are in English, so both bundles keep English only.
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

// Elements and Radix mark their modules "use client" for React Server Components; in a
// plain bundle the directive means nothing.
const quietDirectives = {
  onwarn(warning: { code?: string }, warn: (w: never) => void) {
    if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
    warn(warning as never);
  },
};

// `vite build`: the browser bundle. `vite build --ssr`: the server (main, the compose
// preflight and hera-admin), with Elements inside it, so the server loads the same
// English-only Elements; every other package stays in node_modules.
export default defineConfig(({ isSsrBuild }) =>
  isSsrBuild
    ? {
        // Hera's languages' Elements catalogues, for the server alone: a browser page carries
        // its own language's strings in its data block (flow-card/config.ts).
        plugins: [englishOnlyElementsLocales(), elementsCatalogues()],
        ssr: { noExternal: ["@ory/elements-react"] },
        build: {
          ssr: true,
          outDir: "dist/server",
          emptyOutDir: true,
          sourcemap: true,
          minify: false,
          rolldownOptions: {
            input: { main: "src/server/main.ts", preflight: "src/server/preflight.ts", admin: "src/admin/main.ts" },
            // CommonJS, as the packages it loads from node_modules mostly are.
            output: { format: "cjs", entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js" },
            ...quietDirectives,
          },
        },
      }
    : {
        plugins: [englishOnlyElementsLocales()],
        build: {
          outDir: "dist/client",
          emptyOutDir: true,
          manifest: true,
          // The first page loads a few kB (sign-in.ts); the account page and the second-factor
          // step hydrate Elements (800 kB raw).
          // tools/checks/bundle.test.ts holds both lines.
          chunkSizeWarningLimit: 800,
          rolldownOptions: { input: ["src/client/sign-in.ts", "src/client/elements.tsx"], ...quietDirectives },
        },
      },
);
