import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readSettingsFile, writeSettingsFile } from "./settings-file";

const dir = mkdtempSync(path.join(os.tmpdir(), "hera-settings-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the settings file the launcher writes for hera-admin --env-file", () => {
  it("carries Hera's settings exactly as they were, and nothing else of the environment", () => {
    const file = path.join(dir, "hera.env");
    const env = {
      HERA_BRAND_ACCENT: "#4f46e5",
      HERA_MAIL_FROM: "Hera <no-reply@hera.local>",
      HERA_PRODUCT_NAME: `Ada's "Shop"`,
      HERA_SMTP_URL: "smtp://127.0.0.1:11025/?disable_starttls=true",
      KRATOS_CONFIG_FILES: "/a/kratos.yml,/b/development.yml",
      LOG_LEVEL: "info",
      HOME: "/root",
      PATH: "/usr/bin",
      SECRETS_COOKIE: "not Hera's",
    };
    writeSettingsFile(file, env);
    const { HOME: _home, PATH: _path, SECRETS_COOKIE: _kratos, ...hera } = env;
    expect(readSettingsFile(file)).toEqual(hera);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).not.toContain("/root");
  });

  it("names the file it cannot read", () => {
    expect(() => readSettingsFile(path.join(dir, "missing.env"))).toThrow(`cannot read ${path.join(dir, "missing.env")}: no such file`);
  });
});
