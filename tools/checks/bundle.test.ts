import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

// The hydration bundle is what a phone in a mail app's browser downloads (make build).
const assets = path.resolve(__dirname, "..", "..", "ui", "dist", "client", "assets");

describe("Hera's browser bundle", () => {
  it("stays small enough for a phone: under 250 kB of script after gzip", () => {
    const scripts = readdirSync(assets).filter((f) => f.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    const gzipped = scripts.reduce((sum, f) => sum + gzipSync(readFileSync(path.join(assets, f))).length, 0);
    expect(gzipped).toBeLessThan(250_000);
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
  it("carries Elements inside it, English only: the other languages took 26 MB of the server's memory", () => {
    const server = readFileSync(path.resolve(__dirname, "..", "..", "ui", "dist", "server", "main.js"), "utf8");
    expect(server).toContain("Send sign in code");
    expect(server).not.toContain("Mit {provider} anmelden");
    expect(server).not.toMatch(/require\("@ory\/elements-react/);
  });
});
