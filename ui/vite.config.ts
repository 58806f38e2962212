import { defineConfig } from "vitest/config";

// Builds only the browser bundle; the server is compiled by tsc (tsconfig.server.json).
export default defineConfig({
  build: {
    outDir: "dist/client",
    emptyOutDir: true,
    manifest: true,
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
  test: { include: ["src/**/*.test.ts", "src/**/*.test.tsx"] },
});
