import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

describe("loadConfig", () => {
  it("runs with no settings at all (make dev's defaults)", () => {
    const c = loadConfig({});
    expect(c.origin.toString()).toBe("http://127.0.0.1:4455/");
    expect(c.port).toBe(3000);
    expect(c.kratosPublicUrl).toBe("http://127.0.0.1:4433");
    expect(c.env).toBe("development");
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
    expect(loadConfig({ HERA_ENV: "production", HERA_ORIGIN: "https://login.example.com" }).env).toBe("production");
  });
});
