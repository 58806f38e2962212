// Lint rules for Hera's TypeScript (`make test-unit` runs them): ESLint's and
// typescript-eslint's recommended sets; formatting is Prettier's alone.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "node_modules/**", ".data/**", ".bin/**", "e2e/test-results/**", "examples/nextjs/.next/**", "examples/nextjs/next-env.d.ts"] },
  { files: ["**/*.{ts,tsx,mts}"], extends: [js.configs.recommended, ...tseslint.configs.recommended, prettier] },
  {
    files: ["**/*.{ts,tsx,mts}"],
    rules: {
      // A leading underscore marks an argument kept for its position (Express's handlers).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
);
