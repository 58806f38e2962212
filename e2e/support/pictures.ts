import type { Page, TestInfo } from "@playwright/test";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { database, root } from "./stacks";

/**
 * The README's pictures (docs/images/), taken by the SQLite run from the real pages, so
 * they show what Hera shows today; the PostgreSQL run keeps its copies with its results.
 */
export async function docsPicture(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  const folder = path.join(root, "docs", "images");
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: database === "sqlite" ? path.join(folder, name) : testInfo.outputPath(name) });
}
