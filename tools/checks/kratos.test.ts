import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { shiftedPorts } from "../src/ports";

// These checks run the real Kratos binary (make build) against the committed files.
const root = path.resolve(__dirname, "..", "..");
const kratosDir = path.join(root, "kratos");
const kratos = path.join(root, ".bin", "kratos");
const ports = shiftedPorts(22_500);
const running: ReturnType<typeof spawn>[] = [];
afterEach(() => running.splice(0).forEach((p) => p.kill("SIGKILL")));

/** Starts `kratos serve` and resolves with "ready" or with what it printed before exiting. */
function serve(configs: string[], env: NodeJS.ProcessEnv): Promise<{ ready: boolean; output: string }> {
  const portsFile = path.join(mkdtempSync(path.join(os.tmpdir(), "hera-check-")), "ports.json");
  writeFileSync(portsFile, JSON.stringify({ serve: { public: { port: ports.kratosPublic }, admin: { port: ports.kratosAdmin } } }));
  const args = ["serve", ...configs.flatMap((c) => ["-c", c]), "-c", portsFile, "--sqa-opt-out"];
  const child = spawn(kratos, args, { cwd: kratosDir, env: { PATH: process.env.PATH, DSN: "memory", ...env } });
  running.push(child);
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  return new Promise((resolve) => {
    child.on("exit", () => resolve({ ready: false, output }));
    const poll = async () => {
      try {
        const res = await fetch(`http://127.0.0.1:${ports.kratosPublic}/health/ready`);
        if (res.ok) return resolve({ ready: true, output });
      } catch {
        // not listening yet
      }
      if (child.exitCode === null) setTimeout(poll, 200);
    };
    void poll();
  });
}

describe("kratos/kratos.yml", () => {
  const config = parse(readFileSync(path.join(kratosDir, "kratos.yml"), "utf8"));

  it("hands every email to Hera's mailer over HTTP, with the body Hera expects", () => {
    expect(config.courier.delivery_strategy).toBe("http");
    expect(config.courier.http.request_config).toMatchObject({ method: "POST", body: "file://./courier.jsonnet" });
    expect(config.courier.http.request_config.auth).toMatchObject({ type: "api_key", config: { name: "Authorization", in: "header" } });
    const jsonnet = readFileSync(path.join(kratosDir, "courier.jsonnet"), "utf8");
    for (const field of ["recipient", "template_type", "template_data"]) expect(jsonnet).toContain(`${field}: ctx.${field}`);
  });

  it("has Hera's shape: email codes only, 15 minutes, 3 submissions, signed in after sign-up, TOTP, highest AAL", () => {
    const { methods, flows } = config.selfservice;
    expect(methods.password.enabled).toBe(false);
    expect(methods.code.passwordless_enabled).toBe(true);
    expect(methods.code.config).toMatchObject({ lifespan: "15m", max_submissions: 3 });
    expect(methods.totp.enabled).toBe(true);
    expect(methods.lookup_secret.enabled).toBe(true);
    expect(methods.passkey.enabled).toBe(true);
    // Security keys stay a second factor (AAL2); a passwordless one would be a first.
    expect(methods.webauthn).toMatchObject({ enabled: true, config: { passwordless: false } });
    // The address is the identifier: no changing it on the account page without a code.
    expect(methods.profile.enabled).toBe(false);
    expect(flows.settings.privileged_session_max_age).toBe("15m");
    // Signed in after sign-up: the session hook ends the list (after it, a JSON or API
    // submission runs no more hooks).
    expect(flows.registration.after.code.hooks.map((h: { hook: string }) => h.hook)).toEqual(["web_hook", "session"]);
    expect(config.session.whoami.required_aal).toBe("highest_available");
    expect(config.selfservice.allowed_return_urls).toEqual(["http://localhost:4455"]);
    expect(flows.login.ui_url).toBe("http://localhost:4455/login");
  });

  it("tells Hera of every sign-in without waiting for it or failing with it", () => {
    const [hook] = config.selfservice.flows.login.after.hooks;
    expect(config.selfservice.flows.login.after.hooks).toHaveLength(2);
    expect(hook.hook).toBe("web_hook");
    expect(hook.config).toMatchObject({ method: "POST", body: "file://./sign-in-hook.jsonnet", can_interrupt: false, response: { ignore: true } });
    expect(hook.config.auth).toMatchObject({ type: "api_key", config: { name: "Authorization", in: "header", value: "" } });
    const jsonnet = readFileSync(path.join(kratosDir, "sign-in-hook.jsonnet"), "utf8");
    // Only what the alert and the audit line need: never the cookies or credentials.
    expect(jsonnet).not.toMatch(/ctx\.request_cookies|\.credentials/);
  });

  it("tells Hera of every sign-up the same way, with who signed up and nothing else", () => {
    const [hook] = config.selfservice.flows.registration.after.code.hooks;
    expect(hook.config).toMatchObject({ method: "POST", body: "file://./sign-up-hook.jsonnet", can_interrupt: false, response: { ignore: true } });
    expect(hook.config.url).toMatch(/\/internal\/sign-up$/);
    expect(hook.config.auth).toMatchObject({ type: "api_key", config: { name: "Authorization", in: "header", value: "" } });
    const jsonnet = readFileSync(path.join(kratosDir, "sign-up-hook.jsonnet"), "utf8");
    const fields = [...jsonnet.matchAll(/^\s+(\w+): ctx\./gm)].map((m) => m[1]);
    expect(fields).toEqual(["flow_id", "identity_id", "email"]);
  });

  it("locks passkey sign-up inside Kratos, and passkey sign-in to proved addresses", () => {
    const { registration, login } = config.selfservice.flows;
    // Method hooks of their own: Kratos runs no global hooks for these methods then.
    for (const method of ["passkey", "webauthn"]) {
      expect(registration.after[method].hooks, method).toEqual([
        { hook: "web_hook", config: { url: expect.any(String), method: "POST", body: "file://./no-passkey-sign-up.jsonnet", can_interrupt: true } },
      ]);
    }
    const refusal = readFileSync(path.join(kratosDir, "no-passkey-sign-up.jsonnet"), "utf8");
    // The template always fails (and not with 'cancel', which would let the sign-up through).
    expect(refusal).toMatch(/function\(ctx\) error '[^']{20,}'/);
    expect(refusal).not.toMatch(/error 'cancel'/);
    // No method hooks on sign-in: the global list (alert, then the lock) runs for every method.
    expect(Object.keys(login.after)).toEqual(["hooks"]);
    const lock = login.after.hooks[1];
    expect(lock).toEqual({
      hook: "web_hook",
      config: { url: expect.any(String), method: "POST", body: "file://./first-step-needs-proved-address.jsonnet", can_interrupt: true },
    });
    const check = readFileSync(path.join(kratosDir, "first-step-needs-proved-address.jsonnet"), "utf8");
    expect(check).toMatch(/ctx\.flow\.active != 'passkey' \|\| proved\(ctx\.identity\) then error 'cancel'/);
    // The alert goes only to a proved address, or the one this code proves.
    expect(readFileSync(path.join(kratosDir, "sign-in-hook.jsonnet"), "utf8")).toMatch(/if !proved\(ctx\) then error 'cancel'/);
  });

  it("holds no secret: those are in development.yml (marked) or the environment", () => {
    expect(config.secrets).toBeUndefined();
    expect(config.dsn).toBeUndefined();
    expect(config.courier.smtp).toBeUndefined();
    expect(config.courier.http.request_config.auth.config.value).toBe("");
    const dev = readFileSync(path.join(kratosDir, "development.yml"), "utf8");
    expect(dev).toMatch(/DEVELOPMENT DEFAULT SECRETS/);
  });

  it("is accepted by the pinned Kratos with the development overrides", async () => {
    const result = await serve(["kratos.yml", "development.yml"], {});
    expect(result.output.slice(-2000)).not.toMatch(/level=(error|fatal)/);
    expect(result.ready).toBe(true);
  });

  it("is accepted in production shape, with secrets only from the environment", async () => {
    const result = await serve(["kratos.yml", "production.yml"], {
      SECRETS_COOKIE: "check-cookie-secret-0123456789",
      SECRETS_CIPHER: "0123456789abcdef0123456789abcdef",
      SECRETS_DEFAULT: "check-default-secret-0123456789",
      COURIER_HTTP_REQUEST_CONFIG_AUTH_CONFIG_VALUE: "Bearer check-courier-secret-0123456789",
    });
    expect(result.ready).toBe(true);
    // production.yml: one JSON object a line, for a log pipeline.
    const lines = result.output.trim().split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    // Outside --dev, Kratos marks its cookies Secure (HTTPS is terminated in front of it).
    const res = await fetch(`http://127.0.0.1:${ports.kratosPublic}/self-service/login/browser`, { redirect: "manual" });
    const cookies = res.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith("csrf_token"))).toMatch(/;\s*Secure/i);
  });

  it("is checked for real: Kratos refuses a wrong value and names the setting", async () => {
    const result = await serve(["kratos.yml", "development.yml", path.join(root, "tools/checks/broken-lifespan.yml")], {});
    expect(result.ready).toBe(false);
    expect(result.output).toContain("#/selfservice/methods/code/config/lifespan");
  });
});

describe("Kratos as Hera builds it (kratos/build)", () => {
  it("queues again, when its courier starts, the emails a stopped courier left unsent", { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hera-courier-"));
    const dsn = `sqlite://${path.join(dir, "kratos.sqlite")}?_fk=true&mode=rwc`;
    const env = { PATH: process.env.PATH, DSN: dsn };
    const migrated = spawnSync(kratos, ["migrate", "sql", "-e", "--yes", "-c", "kratos.yml", "-c", "development.yml"], {
      cwd: kratosDir,
      env,
      encoding: "utf8",
    });
    expect(migrated.status, migrated.stderr).toBe(0);
    const sqlite = (statement: string) => spawnSync("sqlite3", [path.join(dir, "kratos.sqlite"), statement], { encoding: "utf8" }).stdout.trim();
    // As a courier stopped mid-batch leaves them: one sent, one taken and never sent
    // (Kratos's statuses: 1 queued, 2 sent, 3 processing).
    for (const [id, status] of [
      ["6f1b7a52-0d6e-4c1e-9a57-000000000002", 2],
      ["6f1b7a52-0d6e-4c1e-9a57-000000000003", 3],
    ] as const) {
      sqlite(
        `INSERT INTO courier_messages (id, type, status, body, subject, recipient, created_at, updated_at, template_type) VALUES ('${id}', 1, ${status}, 'b', 's', 'left@example.test', datetime('now'), datetime('now'), 'login_code_valid')`,
      );
    }
    const statuses = () => sqlite("SELECT status FROM courier_messages ORDER BY id").split("\n").join(",");
    expect(statuses()).toBe("2,3");
    const start = async (courier: boolean) => {
      const child = spawn(kratos, ["serve", "-c", "kratos.yml", "-c", "development.yml", ...(courier ? ["--watch-courier"] : []), "--sqa-opt-out"], {
        cwd: kratosDir,
        env: { ...env, SERVE_PUBLIC_PORT: String(ports.kratosPublic), SERVE_ADMIN_PORT: String(ports.kratosAdmin) },
      });
      running.push(child);
      for (let i = 0; i < 100; i++) {
        if (
          await fetch(`http://127.0.0.1:${ports.kratosPublic}/health/ready`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 200));
      }
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    };
    // A Kratos that runs no courier leaves them alone: another process's courier may be sending.
    await start(false);
    expect(statuses()).toBe("2,3");
    await start(true);
    expect(statuses()).toBe("2,1");
  });
});

describe("kratos/identity.schema.json", () => {
  const schema = JSON.parse(readFileSync(path.join(kratosDir, "identity.schema.json"), "utf8"));
  const email = schema.properties.traits.properties.email;

  it("makes the email the code identifier, a passkey's display name, a security key's owner and a verifiable address", () => {
    expect(email["ory.sh/kratos"].credentials.code).toEqual({ identifier: true, via: "email" });
    // Without it, sign-up fails ("no identifier found") as soon as passkeys are enabled.
    expect(email["ory.sh/kratos"].credentials.passkey).toEqual({ display_name: true });
    // Without it, adding a security key fails ("could not find any identifiers").
    expect(email["ory.sh/kratos"].credentials.webauthn).toEqual({ identifier: true });
    expect(email["ory.sh/kratos"].verification).toEqual({ via: "email" });
    expect(email.format).toBe("email");
    expect(email.maxLength).toBe(254);
    expect(schema.properties.traits.required).toEqual(["email"]);
    expect(schema.properties.traits.additionalProperties).toBe(false);
  });
});
