import { describe, expect, it } from "vitest";
import { caddySite, kratosRuntimeConfig } from "./stack";
import { shiftedPorts } from "./ports";

describe("the Kratos settings generated for a run", () => {
  it("point every browser-facing URL at the origin and the courier at the run's Hera", () => {
    const ports = shiftedPorts(10_000);
    const c = kratosRuntimeConfig("http://127.0.0.1:14455", ports, "Hera");
    expect(c.serve.public).toEqual({ base_url: "http://127.0.0.1:14455/", host: "127.0.0.1", port: 14433 });
    expect(c.serve.admin.port).toBe(14434);
    expect(c.selfservice.allowed_return_urls).toEqual(["http://127.0.0.1:14455"]);
    expect(c.selfservice.flows.login.ui_url).toBe("http://127.0.0.1:14455/login");
    expect(c.selfservice.flows.logout.after.default_browser_return_url).toBe("http://127.0.0.1:14455/login");
    expect(c.courier.http.request_config.url).toBe("http://127.0.0.1:13000/internal/courier");
    // An IP address cannot be a passkey's relying party: passkeys are off, not broken.
    expect(c.selfservice.methods.passkey).toEqual({ enabled: false });
    expect(c.selfservice.methods.webauthn).toEqual({ enabled: false });
  });

  it("make the origin's host the relying party of passkeys and of security keys (a second factor)", () => {
    const c = kratosRuntimeConfig("http://localhost:4455", shiftedPorts(0), "Hera");
    const rp = { id: "localhost", display_name: "Hera", origins: ["http://localhost:4455"] };
    expect(c.selfservice.methods.passkey).toEqual({ enabled: true, config: { rp } });
    expect(c.selfservice.methods.webauthn).toEqual({ enabled: true, config: { passwordless: false, rp } });
  });

  it("use the public origin in production", () => {
    const c = kratosRuntimeConfig("https://login.example.com", shiftedPorts(0), "Acme");
    expect(c.selfservice.default_browser_return_url).toBe("https://login.example.com/welcome");
    expect(c.selfservice.methods.passkey).toEqual({
      enabled: true,
      config: { rp: { id: "login.example.com", display_name: "Acme", origins: ["https://login.example.com"] } },
    });
  });
});

describe("the address Caddy serves", () => {
  it("is the origin in development; in production HERA_SITE, else plain HTTP on the origin port for any host", () => {
    expect(caddySite(false, "login.example.com", "http://localhost:4455", 4455)).toBe("http://localhost:4455");
    expect(caddySite(true, "login.example.com", "http://localhost:4455", 4455)).toBe("login.example.com");
    // Behind a platform's TLS the requests name the public host, which a site of
    // http://localhost:4455 would not answer.
    expect(caddySite(true, undefined, "http://localhost:4455", 4455)).toBe("http://:4455");
    expect(caddySite(true, "", "http://localhost:4455", 4455)).toBe("http://:4455");
  });
});
