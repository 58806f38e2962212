import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError, codeLifespanOf, loadConfig } from "./config";
import { contrast, darkSurface } from "./brand";

/** Every setting production requires, each of its own. */
const production = {
  HERA_ENV: "production",
  HERA_ORIGIN: "https://login.example.com",
  HERA_COURIER_SECRET: "a-courier-secret-of-our-own",
  HERA_HOOK_SECRET: "a-hook-secret-of-our-own",
  HERA_DEVICE_SECRET: "a-device-secret-of-our-own",
  HERA_SMTP_URL: "smtps://mail.example.com",
};

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
    expect(loadConfig(production).env).toBe("production");
  });

  it("sends webhooks only with a URL and a Standard Webhooks secret of 24 bytes or more, naming the setting otherwise", () => {
    const secret = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
    expect(loadConfig({}).webhookUrl).toBeUndefined();
    // docker compose passes an unset setting as "".
    expect(loadConfig({ HERA_WEBHOOK_URL: "", HERA_WEBHOOK_SECRET: "" }).webhookUrl).toBeUndefined();
    const on = loadConfig({ HERA_WEBHOOK_URL: "http://127.0.0.1:8080/hera-events", HERA_WEBHOOK_SECRET: secret });
    expect(on.webhookUrl?.toString()).toBe("http://127.0.0.1:8080/hera-events");
    expect(on.webhookSecret).toBe(secret);
    const problems = (env: NodeJS.ProcessEnv) => {
      try {
        loadConfig(env);
        return "";
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
    };
    expect(problems({ HERA_WEBHOOK_URL: "https://app.example.com/hooks" })).toContain("HERA_WEBHOOK_SECRET: is required when HERA_WEBHOOK_URL is set");
    expect(problems({ HERA_WEBHOOK_URL: "ftp://app.example.com", HERA_WEBHOOK_SECRET: secret })).toContain(
      "HERA_WEBHOOK_URL: HERA_WEBHOOK_URL must be an http(s) URL",
    );
    const short = `whsec_${Buffer.alloc(16, 7).toString("base64")}`;
    expect(problems({ HERA_WEBHOOK_URL: "https://app.example.com/hooks", HERA_WEBHOOK_SECRET: short })).toContain(
      "HERA_WEBHOOK_SECRET: holds 16 bytes after whsec_; at least 24 are needed",
    );
    for (const wrong of ["a-long-passphrase-without-the-prefix-0123456789", "whsec_not base64!", `whsec_${Buffer.alloc(32, 7).toString("base64url")}_`]) {
      const message = problems({ HERA_WEBHOOK_URL: "https://app.example.com/hooks", HERA_WEBHOOK_SECRET: wrong });
      expect(message).toContain("HERA_WEBHOOK_SECRET: must be whsec_ followed by base64");
      // The message names the setting, never its value.
      expect(message).not.toContain(wrong);
    }
    const withSecret = { ...production, HERA_WEBHOOK_SECRET: secret };
    expect(problems({ ...withSecret, HERA_WEBHOOK_URL: "http://app.example.com/hooks" })).toContain("HERA_WEBHOOK_URL: must be an https:// URL in production");
    expect(loadConfig({ ...withSecret, HERA_WEBHOOK_URL: "https://app.example.com/hooks" }).webhookUrl?.protocol).toBe("https:");
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

describe("the brand", () => {
  const brand = path.resolve(__dirname, "../../../examples/brand");

  it("is Hera's own by default, and the operator's from settings: logos, accent, help, terms, privacy", () => {
    expect(loadConfig({}).brand).toMatchObject({ accent: "#4f46e5", logo: undefined, support: undefined });
    const c = loadConfig({
      HERA_BRAND_LOGO: path.join(brand, "logo.png"),
      HERA_BRAND_LOGO_DARK: path.join(brand, "logo-dark.svg"),
      HERA_BRAND_ACCENT: "#0B6E4F",
      HERA_SUPPORT_URL: "mailto:help@acme.example",
      HERA_TERMS_URL: "https://acme.example/terms",
      HERA_PRIVACY_URL: "https://acme.example/privacy",
    }).brand;
    expect(c.logo).toMatchObject({ type: "image/png", file: path.join(brand, "logo.png") });
    expect(c.logoDark).toMatchObject({ type: "image/svg+xml" });
    expect(c).toMatchObject({
      accent: "#0b6e4f",
      support: "mailto:help@acme.example",
      terms: "https://acme.example/terms",
      privacy: "https://acme.example/privacy",
    });
  });

  it("gets shades that pass WCAG AA: the hover darker, links on the dark theme lighter", () => {
    const { accent, accentHover, accentOnDark } = loadConfig({ HERA_BRAND_ACCENT: "#0b6e4f" }).brand;
    expect(contrast(accent, "#ffffff")).toBeGreaterThanOrEqual(4.5);
    expect(contrast(accentHover, "#ffffff")).toBeGreaterThan(contrast(accent, "#ffffff"));
    expect(contrast(accentOnDark, darkSurface)).toBeGreaterThanOrEqual(4.5);
  });

  it("stops Hera at start, naming the setting, when it cannot be shown well or read", () => {
    expect(() => loadConfig({ HERA_BRAND_ACCENT: "#ffcc00" })).toThrow(
      /HERA_BRAND_ACCENT: #ffcc00 under white button text has a contrast of 1\.\d:1; WCAG AA needs 4\.5:1/,
    );
    expect(() => loadConfig({ HERA_BRAND_ACCENT: "teal" })).toThrow(/HERA_BRAND_ACCENT: must be a colour like #4f46e5/);
    expect(() => loadConfig({ HERA_BRAND_LOGO: "/nonexistent/logo.png" })).toThrow(/HERA_BRAND_LOGO: cannot read \/nonexistent\/logo.png/);
    expect(() => loadConfig({ HERA_BRAND_LOGO_DARK: path.join(brand, "..", "forward-auth", "app.mjs") })).toThrow(
      /HERA_BRAND_LOGO_DARK: .* is not an SVG, PNG/,
    );
    expect(() => loadConfig({ HERA_SUPPORT_URL: "call us" })).toThrow(/HERA_SUPPORT_URL: must be a mailto: address or an http\(s\) URL/);
    expect(() => loadConfig({ HERA_TERMS_URL: "javascript:alert(1)" })).toThrow(/HERA_TERMS_URL/);
  });
});
