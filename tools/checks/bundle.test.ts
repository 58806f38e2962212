import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

// What a phone in a mail app's browser downloads (make build).
const client = path.resolve(__dirname, "..", "..", "ui", "dist", "client");
const assets = path.join(client, "assets");
type Chunk = { file: string; imports?: string[]; dynamicImports?: string[] };
const manifest = () => JSON.parse(readFileSync(path.join(client, ".vite", "manifest.json"), "utf8")) as Record<string, Chunk>;

/** An entry's script and every chunk it loads, statically or later, gzipped. */
function gzippedBytesOf(entry: string): number {
  const chunks = manifest();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = chunks[key];
    if (!chunk) throw new Error(`the manifest has no ${key}`);
    for (const next of [...(chunk.imports ?? []), ...(chunk.dynamicImports ?? [])]) visit(next);
  };
  visit(entry);
  return [...seen].reduce((sum, key) => sum + gzipSync(readFileSync(path.join(client, chunks[key]!.file))).length, 0);
}

describe("Hera's browser bundle", () => {
  it("keeps the first page light: the email and code steps' script and all it loads under 80 kB after gzip", () => {
    const bytes = gzippedBytesOf("src/client/sign-in.ts");
    expect(bytes).toBeGreaterThan(200);
    expect(bytes).toBeLessThan(80_000);
  });

  it("keeps Ory Elements (the account page, the second-factor step) under 250 kB after gzip", () => {
    expect(gzippedBytesOf("src/client/elements.tsx")).toBeLessThan(250_000);
  });

  it("carries English only of Elements' translations", () => {
    const code = readdirSync(assets)
      .filter((f) => f.endsWith(".js"))
      .map((f) => readFileSync(path.join(assets, f), "utf8"))
      .join("");
    expect(code).toContain("Send sign in code");
    expect(code).not.toContain("Mit {provider} anmelden");
  });
});

describe("Hera's server bundle", () => {
  const dir = path.resolve(__dirname, "..", "..", "ui", "dist", "server");
  const main = readFileSync(path.join(dir, "main.js"), "utf8");
  const chunks = readdirSync(path.join(dir, "chunks")).filter((f) => f.endsWith(".js"));
  // Elements' runtime, by a function of its own (its catalogues are data, elsewhere).
  const runtime = "function OryProvider";
  const elements = chunks.map((f) => readFileSync(path.join(dir, "chunks", f), "utf8")).find((code) => code.includes(runtime));

  it("carries Elements inside it without its 80 inlined languages: they took 26 MB of the server's memory", () => {
    expect(elements).toBeDefined();
    expect(elements).not.toContain("Mit {provider} anmelden");
    for (const code of [main, elements!]) expect(code).not.toMatch(/require\("@ory\/elements-react/);
  });

  it("holds Elements' catalogues of Hera's seven languages only, as data (ui/build/elements-catalogues.mts)", () => {
    // In main.js, or in a chunk it shares with hera-admin (admin.js): not in Elements' runtime.
    const data = [main, ...chunks.map((f) => readFileSync(path.join(dir, "chunks", f), "utf8")).filter((code) => !code.includes(runtime))].join("");
    expect(data).toContain("Mit {provider} anmelden");
    expect(data).not.toContain("로그인 코드 전송");
  });

  it("loads Elements only for a page that hydrates it: the sign-in card is Hera's own", () => {
    expect(main).not.toContain(runtime);
    // Every load of a chunk at the top of main.js is one the server needs at start; Elements' comes later.
    const atStart = [...main.matchAll(/^(?:const|let|var) \w+ = require\("\.\/chunks\/([^"]+)"\)/gm)].map((m) => m[1]);
    expect(atStart.some((file) => readFileSync(path.join(dir, "chunks", file!), "utf8").includes(runtime))).toBe(false);
  });
});
