import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError, codeLifespanOf, loadConfig } from "./config";

describe("loadConfig", () => {
  it("runs with no settings at all (make dev's defaults)", () => {
    const c = loadConfig({});
    expect(c.origin.toString()).toBe("http://localhost:4455/");
    expect(c.port).toBe(3000);
    expect(c.kratosPublicUrl).toBe("http://127.0.0.1:4433");
    expect(c.env).toBe("development");
    expect(c.resendCooldownSeconds).toBe(60);
  });

  it("names each wrong setting and says why", () => {
    expect(() => loadConfig({ HERA_PORT: "eighty", KRATOS_PUBLIC_URL: "ftp://kratos" })).toThrow(ConfigError);
    try {
      loadConfig({ HERA_PORT: "eighty", KRATOS_PUBLIC_URL: "ftp://kratos" });
    } catch (err) {
      expect((err as Error).message).toMatch(/HERA_PORT: .*number/i);
      expect((err as Error).message).toContain("KRATOS_PUBLIC_URL: KRATOS_PUBLIC_URL must be an http(s) URL");
    }
  });

  it("requires an https origin in production", () => {
    expect(() => loadConfig({ HERA_ENV: "production", HERA_ORIGIN: "http://login.example.com" })).toThrow(/HERA_ORIGIN: must be an https/);
    const production = {
      HERA_ENV: "production",
      HERA_ORIGIN: "https://login.example.com",
      HERA_COURIER_SECRET: "a-courier-secret-of-our-own",
      HERA_HOOK_SECRET: "a-hook-secret-of-our-own",
      HERA_DEVICE_SECRET: "a-device-secret-of-our-own",
      HERA_SMTP_URL: "smtps://mail.example.com",
    };
    expect(loadConfig(production).env).toBe("production");
  });
});

describe("codeLifespanOf", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "hera-config-"));
  const file = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const base = file("base.yml", "selfservice:\n  methods:\n    code:\n      config:\n        lifespan: 15m\n");
  const overlay = file("overlay.json", JSON.stringify({ selfservice: { methods: { code: { config: { lifespan: "5s" } } } } }));
  const other = file("other.yml", "log:\n  level: debug\n");

  it("takes the last file that sets it, as Kratos merges them", () => {
    expect(codeLifespanOf([base], {})).toBe("15m");
    expect(codeLifespanOf([base, overlay], {})).toBe("5s");
    expect(codeLifespanOf([base, other], {})).toBe("15m");
  });

  it("lets the environment win, as it does for Kratos", () => {
    expect(codeLifespanOf([base], { SELFSERVICE_METHODS_CODE_CONFIG_LIFESPAN: "10m" })).toBe("10m");
  });

  it("fails at start, naming the files, when none sets a valid one", () => {
    expect(() => codeLifespanOf([other], {})).toThrow(/no valid selfservice.methods.code.config.lifespan/);
    expect(() => codeLifespanOf([path.join(dir, "missing.yml")], {})).toThrow(/cannot read/);
  });

  it("is the committed kratos.yml's 15 minutes by default", () => {
    expect(loadConfig({}).codeLifespan).toBe("15m");
  });

  it("refuses the development courier secret in production", () => {
    expect(() => loadConfig({ HERA_ENV: "production", HERA_ORIGIN: "https://login.example.com" })).toThrow(/HERA_COURIER_SECRET: is the development default/);
    expect(() => loadConfig({ HERA_ENV: "production", HERA_ORIGIN: "https://login.example.com" })).toThrow(/HERA_HOOK_SECRET: is the development default/);
  });
});

describe("what Hera reads from Kratos's configuration besides the lifespan", () => {
  const kratosYml = path.resolve(__dirname, "../../../kratos/kratos.yml");
  const closed = path.resolve(__dirname, "../../../e2e/kratos-overlays/sign-up-closed.yml");

  it("knows whether sign-up is open, from the last file that says or from Kratos's environment", () => {
    expect(loadConfig({ KRATOS_CONFIG_FILES: kratosYml }).registrationEnabled).toBe(true);
    expect(loadConfig({ KRATOS_CONFIG_FILES: `${kratosYml},${closed}` }).registrationEnabled).toBe(false);
    expect(loadConfig({ KRATOS_CONFIG_FILES: kratosYml, SELFSERVICE_FLOWS_REGISTRATION_ENABLED: "false" }).registrationEnabled).toBe(false);
  });

  it("creates the decoy with Kratos's default identity schema", () => {
    expect(loadConfig({}).identitySchemaId).toBe("person");
  });

  it("refuses a Redis URL that is not one, naming the setting", () => {
    expect(() => loadConfig({ HERA_REDIS_URL: "http://127.0.0.1:6379" })).toThrow(/HERA_REDIS_URL: HERA_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
  });
});
