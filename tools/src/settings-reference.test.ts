import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { settingNames, settingsReference } from "../../ui/src/server/config";
import { portSettings } from "./ports";
import { generatedEnd, generatedSection, referencePath, settingsTable, tableRows } from "./settings-reference";

const root = path.resolve(path.dirname(referencePath), "..");
const reference = () => readFileSync(referencePath, "utf8");
/** The setting names a table's first column gives (a row may name several). */
const namesIn = (rows: string[][]) => rows.flatMap((row) => [...(row[0] ?? "").matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]!));

describe("docs/configuration.md's settings", () => {
  it("are the table the schema gives now", () => {
    // Compared cell by cell, so padding a formatter adds to the table changes nothing.
    expect(tableRows(generatedSection(reference())), "run npx tsx tools/src/settings-reference.ts").toEqual(tableRows(settingsTable()));
  });

  it("name every setting Hera reads, each described where the schema declares it", () => {
    expect(namesIn(tableRows(generatedSection(reference())))).toEqual(settingNames);
    for (const setting of settingsReference()) expect(setting.description, setting.name).not.toBe("");
  });

  it("name, in Hera's table or the hand-kept one, every HERA_ setting compose takes from .env and every port the launcher moves", () => {
    const text = reference();
    const documented = new Set([...namesIn(tableRows(generatedSection(text))), ...namesIn(tableRows(text.slice(text.indexOf(generatedEnd))))]);
    // What compose interpolates is what an operator's .env may set; the variables compose
    // writes itself (HERA_UPSTREAM, HERA_COMPOSE_FILES) are nobody's to set.
    const composeFiles = readdirSync(root).filter((f) => /^docker-compose.*\.yml$/.test(f));
    expect(composeFiles).toContain("docker-compose.yml");
    const fromEnv = composeFiles.flatMap((f) => [...readFileSync(path.join(root, f), "utf8").matchAll(/\$\{(HERA_[A-Z0-9_]+)/g)].map((m) => m[1]!));
    expect(fromEnv.length).toBeGreaterThan(10);
    for (const name of new Set([...fromEnv, ...Object.values(portSettings)])) expect(documented.has(name), name).toBe(true);
  });
});
