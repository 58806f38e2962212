import { AxeBuilder } from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA: the rules the hosted page promises to pass. */
const wcagAA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

/** Each page is scanned as it looks on a phone and on a desktop, light and dark. */
const looks = [
  { colorScheme: "light", width: 360 },
  { colorScheme: "light", width: 1280 },
  { colorScheme: "dark", width: 360 },
  { colorScheme: "dark", width: 1280 },
] as const;

/** Every scan of a test, for the summary line its test prints (the stop note's figures). */
export type Scans = { count: number; pages: string[] };

/**
 * Runs axe-core on the page as it is, in each look, and fails with every violation found
 * (rule, impact, the elements and the state's name) rather than at the first.
 */
export async function expectAccessible(page: Page, state: string, scans: Scans): Promise<void> {
  const problems: string[] = [];
  for (const look of looks) {
    await page.emulateMedia({ colorScheme: look.colorScheme });
    await page.setViewportSize({ width: look.width, height: 800 });
    // Colours change with a short transition: scan the settled page, not one mid-fade.
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== "running"));
    const { violations } = await new AxeBuilder({ page }).withTags(wcagAA).analyze();
    scans.count++;
    for (const v of violations) {
      problems.push(`${state} (${look.colorScheme}, ${look.width} px): ${v.id} [${v.impact}] ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    }
  }
  scans.pages.push(state);
  await page.emulateMedia({ colorScheme: "light" });
  expect(problems, problems.join("\n")).toEqual([]);
}
