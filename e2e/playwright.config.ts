import { defineConfig } from "@playwright/test";
import { database, originOf } from "./support/stacks";

// Debian's Chromium: Playwright's own browser download cannot run on our machines. The
// flags keep it from calling Google's services, which the closed network refuses.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// The PostgreSQL run repeats what a database can change. It leaves out what Hera's pages
// look like and say (the same HTML whatever Kratos stores in), the integrator's apps, and
// the two stacks that run on PostgreSQL in both runs; the SQLite run has them all.
const sameOnEveryDatabase = ["accessibility", "brand", "headers", "integrator", "languages", "no-javascript", "phone", "production", "replicas"];

export default defineConfig({
  testDir: "tests",
  testIgnore: database === "postgres" ? sameOnEveryDatabase.map((spec) => `**/${spec}.spec.ts`) : [],
  globalSetup: "./support/global-setup.ts",
  // One worker: the suite shares one Kratos, and SQLite takes one writer at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: `test-results/${database}`,
  reporter: [["list"], ["./support/failures-reporter.ts"]],
  use: {
    baseURL: originOf("main"),
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: `chromium-${database}`, use: { browserName: "chromium", headless: true } }],
});
