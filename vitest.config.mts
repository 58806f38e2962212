import { defineConfig } from "vitest/config";
import { elementsCatalogues } from "./ui/build/elements-catalogues.mjs";

// `make test-unit` runs the unit project, `make test-config` the checks that start the
// real Kratos and Caddy binaries against the committed configuration.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [elementsCatalogues()],
        test: {
          name: "unit",
          include: ["ui/src/**/*.test.{ts,tsx}", "tools/src/**/*.test.ts"],
          environment: "happy-dom",
          // Elements' ESM build imports files without extensions, which Node rejects;
          // inlined, Vite resolves them as it does for the browser bundle.
          server: { deps: { inline: ["@ory/elements-react"] } },
        },
      },
      { test: { name: "config", include: ["tools/checks/**/*.test.ts"], testTimeout: 60_000, fileParallelism: false } },
    ],
  },
});
