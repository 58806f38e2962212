import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { settingNames } from "../../ui/src/server/config";
import { defaultPorts, shiftedPorts } from "../src/ports";
import { cleanupFlags, kratosRuntimeConfig } from "../src/stack";

// No Docker engine runs here, so docker-compose.yml is proved without one: the compose
// tool itself resolves it (Debian's docker-compose), and what it resolves is compared with
// what the native stack runs; the real Kratos and Hera's preflight run with its settings.
const root = path.resolve(__dirname, "..", "..");
const compose = process.env.COMPOSE ?? "docker-compose";

type Service = {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  ports?: { published: number | string; target: number }[];
  volumes?: string[];
  working_dir?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  restart?: string;
  profiles?: string[];
};
type Resolved = { services: Record<string, Service>; volumes?: Record<string, unknown> };

/** `docker-compose config` as the tool resolves it, with only `env` in its environment. */
function resolve(files: string[], env: Record<string, string> = {}, envFile?: string): { text: string; config: Resolved } {
  const args = [...files.flatMap((f) => ["-f", f]), ...(envFile ? ["--env-file", envFile] : []), "config"];
  // An empty folder for any .env: the repository's own (if a developer made one) stays out.
  const text = execFileSync(compose, ["--project-directory", root, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { text, config: parse(text) as Resolved };
}

const development = () => resolve(["docker-compose.yml", "docker-compose.override.yml"]);
const productionFiles = ["docker-compose.yml", "docker-compose.production.yml"];

/** Kratos's environment names for a configuration tree, as Kratos reads them. */
function asKratosEnvironment(tree: unknown, prefix = ""): Record<string, string> {
  if (Array.isArray(tree)) return { [prefix]: tree.join(",") };
  if (tree && typeof tree === "object") {
    return Object.assign({}, ...Object.entries(tree).map(([k, v]) => asKratosEnvironment(v, prefix ? `${prefix}_${k.toUpperCase()}` : k.toUpperCase())));
  }
  return { [prefix]: String(tree) };
}

describe("docker-compose.yml", () => {
  it("is valid for the compose tool, for development and for production", () => {
    const dev = development();
    expect(Object.keys(dev.config.services).sort()).toEqual([
      "caddy",
      "hera",
      "kratos",
      "kratos-cleanup",
      "kratos-migrate",
      "mailcatcher",
      "postgres",
      "preflight",
      "redis",
    ]);
    const prod = resolve(productionFiles, { HERA_ENV: "production" });
    expect(Object.keys(prod.config.services)).not.toContain("mailcatcher");
    expect(prod.config.services.caddy!.ports!.map((p) => p.target).sort()).toEqual([443, 4455, 80]);
    // Compose 1.29 leaves a setting it cannot resolve (a nested default) as literal text.
    expect(dev.text).not.toContain("${");
    expect(prod.text).not.toContain("${");
  });

  it("runs the Kratos the native build runs: the pinned version, built from kratos/build", () => {
    const { services } = development().config;
    for (const name of ["kratos", "kratos-migrate"]) {
      expect(JSON.stringify(services[name]!.build), name).toContain(path.join(root, "kratos"));
      expect(services[name]!.image, name).toBeUndefined();
    }
    // The Dockerfile builds the wrapper module whose go.mod pins Kratos, with Hera's log change.
    const dockerfile = readFileSync(path.join(root, "kratos/Dockerfile"), "utf8");
    expect(dockerfile).toContain("COPY build/go.mod build/go.sum ./");
    expect(dockerfile).toContain("COPY build/main.go build/logging.go build/sqlite.go ./");
    expect(dockerfile).toMatch(/CGO_ENABLED=0 go build -trimpath/);
  });

  it("loads the same Kratos files as make dev: kratos.yml, then the overrides HERA_ENV picks", () => {
    const dev = development().config.services;
    const prod = resolve(productionFiles, { HERA_ENV: "production" }).config.services;
    for (const [services, overrides] of [
      [dev, "development.yml"],
      [prod, "production.yml"],
    ] as const) {
      for (const name of ["kratos", "kratos-migrate"]) {
        const s = services[name]!;
        expect(s.volumes).toContain(`${path.join(root, "kratos")}:/etc/config/kratos:ro`);
        expect(s.working_dir).toBe("/etc/config/kratos");
        expect(s.command!.join(" ")).toContain(`-c kratos.yml -c ${overrides}`);
      }
    }
    expect(dev.kratos!.command).toContain("serve");
    // Kratos's cleanup, every hour, on the same database with the same files.
    for (const [services, overrides] of [
      [dev, "development.yml"],
      [prod, "production.yml"],
    ] as const) {
      const cleanup = services["kratos-cleanup"]!;
      expect(cleanup.entrypoint!.join(" ")).toContain(`kratos cleanup sql -e ${cleanupFlags.join(" ")} -c kratos.yml -c ${overrides}; do sleep 3600`);
      expect(cleanup.environment!.DSN).toBe(services.kratos!.environment!.DSN);
    }
    expect(dev["kratos-migrate"]!.command!.slice(0, 4)).toEqual(["migrate", "sql", "-e", "--yes"]);
    expect(dev.caddy!.volumes).toContain(`${path.join(root, "caddy/Caddyfile")}:/etc/caddy/Caddyfile:ro`);
    expect(dev.hera!.environment!.KRATOS_CONFIG_FILES).toBe("/etc/config/kratos/kratos.yml,/etc/config/kratos/development.yml");
  });

  it("gives Kratos every setting the native launcher writes for the origin, with container addresses", () => {
    const kratosEnv = development().config.services.kratos!.environment!;
    const native = asKratosEnvironment(kratosRuntimeConfig("http://localhost:4455", defaultPorts, "Hera"));
    // Inside the compose network each service has a name instead of 127.0.0.1.
    const inCompose = (name: string, value: string) => {
      if (name.endsWith("_HOST")) return "0.0.0.0";
      if (name.endsWith("_PORT")) return undefined; // kratos.yml's own ports, unchanged
      return value
        .replace(`127.0.0.1:${defaultPorts.kratosAdmin}`, `kratos:${defaultPorts.kratosAdmin}`)
        .replace(`127.0.0.1:${defaultPorts.hera}`, `hera:${defaultPorts.hera}`);
    };
    const expected = Object.fromEntries(
      Object.entries(native).flatMap(([name, value]) => {
        const v = inCompose(name, value);
        return v === undefined ? [] : [[name, v]];
      }),
    );
    expect(Object.keys(expected).length).toBeGreaterThan(15);
    // Each is in compose's environment, or already the same in kratos.yml (methods switched
    // on there, which the launcher repeats because it turns them off on an IP address).
    const shape = asKratosEnvironment(parse(readFileSync(path.join(root, "kratos/kratos.yml"), "utf8")));
    for (const [name, value] of Object.entries(expected)) expect(kratosEnv[name] ?? shape[name], name).toBe(value);
    // The two the launcher sets in Kratos's environment rather than its files.
    expect(kratosEnv.SELFSERVICE_FLOWS_LOGIN_AFTER_HOOKS_0_CONFIG_URL).toBe(`http://hera:${defaultPorts.hera}/internal/sign-in`);
    expect(kratosEnv.SELFSERVICE_FLOWS_LOGIN_AFTER_HOOKS_0_CONFIG_AUTH_CONFIG_VALUE).toBe(
      `Bearer ${development().config.services.hera!.environment!.HERA_HOOK_SECRET}`,
    );
    expect(kratosEnv.COURIER_HTTP_REQUEST_CONFIG_AUTH_CONFIG_VALUE).toBe(`Bearer ${development().config.services.hera!.environment!.HERA_COURIER_SECRET}`);
  });

  it("uses kratos/development.yml's marked secrets in development, nothing else", () => {
    const devYml = parse(readFileSync(path.join(root, "kratos/development.yml"), "utf8"));
    const env = development().config.services.kratos!.environment!;
    expect(env.SECRETS_COOKIE).toBe(devYml.secrets.cookie[0]);
    expect(env.SECRETS_CIPHER).toBe(devYml.secrets.cipher[0]);
    expect(env.SECRETS_DEFAULT).toBe(devYml.secrets.default[0]);
    expect(env.COURIER_HTTP_REQUEST_CONFIG_AUTH_CONFIG_VALUE).toBe(devYml.courier.http.request_config.auth.config.value);
  });

  it("uses the native stack's ports and the settings' own names", () => {
    const { services } = development().config;
    expect(services.caddy!.ports).toEqual([{ published: defaultPorts.origin, target: defaultPorts.origin }]);
    const hera = services.hera!.environment!;
    expect(Number(hera.HERA_PORT)).toBe(defaultPorts.hera);
    expect(new URL(hera.KRATOS_PUBLIC_URL!).port).toBe(String(defaultPorts.kratosPublic));
    expect(new URL(hera.KRATOS_ADMIN_URL!).port).toBe(String(defaultPorts.kratosAdmin));
    expect(services.caddy!.environment!.HERA_UPSTREAM).toBe(`hera:${defaultPorts.hera}`);
    expect(services.caddy!.environment!.KRATOS_PUBLIC_UPSTREAM).toBe(`kratos:${defaultPorts.kratosPublic}`);
    // Hera reads no other variable: a misspelt one would be silently ignored.
    for (const name of Object.keys(hera)) expect(settingNames, name).toContain(name);
    // Caddy's variables are the Caddyfile's placeholders.
    const caddyfile = readFileSync(path.join(root, "caddy/Caddyfile"), "utf8");
    const placeholders = [...caddyfile.matchAll(/\{\$([A-Z_]+)/g)].map((m) => m[1]);
    for (const name of Object.keys(services.caddy!.environment!)) expect(placeholders, name).toContain(name);
    expect(services.mailcatcher!.environment).toEqual({ MAILDEV_SMTP_PORT: String(defaultPorts.smtp), MAILDEV_WEB_PORT: String(defaultPorts.mailWeb) });
    expect(services.hera!.environment!.HERA_SMTP_URL).toBe(`smtp://mailcatcher:${defaultPorts.smtp}/?disable_starttls=true`);
  });

  it("waits for each dependency to be healthy (or done), checks every long-running service's health and restarts it", () => {
    const { services, volumes } = development().config;
    expect(services["kratos-migrate"]!.depends_on).toEqual({
      preflight: { condition: "service_completed_successfully" },
      postgres: { condition: "service_healthy" },
    });
    expect(services.kratos!.depends_on).toEqual({ "kratos-migrate": { condition: "service_completed_successfully" } });
    expect(services.hera!.depends_on).toMatchObject({
      kratos: { condition: "service_healthy" },
      redis: { condition: "service_healthy" },
      preflight: { condition: "service_completed_successfully" },
    });
    expect(services.caddy!.depends_on).toEqual({ hera: { condition: "service_healthy" }, kratos: { condition: "service_healthy" } });
    for (const name of ["postgres", "redis", "kratos", "hera", "caddy", "mailcatcher"]) {
      expect(services[name]!.healthcheck?.test.length, name).toBeGreaterThan(1);
      expect(services[name]!.restart, name).toBe("unless-stopped");
    }
    expect(Object.keys(volumes ?? {}).sort()).toEqual(["caddy-config", "caddy-data", "postgres-data", "redis-data"]);
    // The health URLs are the ones the native stack waits on.
    expect(services.kratos!.healthcheck!.test).toContain(`http://127.0.0.1:${defaultPorts.kratosAdmin}/health/ready`);
    expect(services.hera!.healthcheck!.test.join(" ")).toContain(`http://127.0.0.1:${defaultPorts.hera}/health/ready`);
  });

  it("keeps the inbox on this machine, and Redis behind a password", () => {
    const { services } = development().config;
    // Every code sent lands in the mail catcher: bound to loopback, never the network.
    expect(JSON.stringify(services.mailcatcher!.ports)).toContain("127.0.0.1");
    // Compose 1.29 prints the $$ that keeps the variable for the container's shell.
    expect(services.redis!.command!.join(" ")).toMatch(/--requirepass "\$\$?REDIS_PASSWORD"/);
    expect(new URL(services.hera!.environment!.HERA_REDIS_URL!).password).toBe(services.redis!.environment!.REDIS_PASSWORD);
    expect(services.redis!.healthcheck!.test.join(" ")).toContain("-a");
  });

  it("lists every setting in .env.example, whose values are the defaults", () => {
    const files = ["docker-compose.yml", "docker-compose.override.yml", "docker-compose.production.yml"];
    const referenced = new Set(files.flatMap((f) => [...readFileSync(path.join(root, f), "utf8").matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]!)));
    const example = readFileSync(path.join(root, ".env.example"), "utf8");
    const listed = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]!));
    for (const name of referenced) expect(listed, name).toContain(name);
    // With .env.example as the .env, compose resolves exactly what it does with none.
    const withExample = resolve(["docker-compose.yml", "docker-compose.override.yml"], {}, path.join(root, ".env.example")).text;
    expect(withExample).toBe(development().text);
  });
});

describe("the preflight, with the settings compose gives it", () => {
  const preflight = path.join(root, "ui/dist/server/server/preflight.js");
  const run = (env: Record<string, string>) => spawnSync(process.execPath, [preflight], { env: { PATH: process.env.PATH, ...env }, encoding: "utf8" });

  it("lets development start with the marked development secrets", () => {
    const result = run(development().config.services.preflight!.environment!);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Development mode");
  });

  it("refuses production with the defaults, naming every one", () => {
    // The production file sets production mode itself: no HERA_ENV is given here.
    const { services } = resolve(productionFiles, {}).config;
    expect(services.preflight!.environment!.HERA_ENV).toBe("production");
    expect(services.hera!.environment!.HERA_ENV).toBe("production");
    expect(services.hera!.environment!.KRATOS_CONFIG_FILES).toBe("/etc/config/kratos/kratos.yml,/etc/config/kratos/production.yml");
    expect(services.kratos!.command!.join(" ")).toContain("-c kratos.yml -c production.yml");
    const env = services.preflight!.environment!;
    const result = run(env);
    expect(result.status).toBe(1);
    for (const line of [
      "SECRETS_COOKIE is a development default",
      "SECRETS_CIPHER is a development default",
      "SECRETS_DEFAULT is a development default",
      "HERA_COURIER_SECRET is a development default",
      "HERA_HOOK_SECRET is a development default",
      "HERA_DEVICE_SECRET is a development default",
      "POSTGRES_PASSWORD is a development default",
      "REDIS_PASSWORD is a development default",
      "HERA_REDIS_URL carries the development Redis password",
      "HERA_SMTP_URL disables TLS",
      "HERA_ORIGIN must be an https:// URL",
    ]) {
      expect(result.stderr).toContain(line);
    }
  });

  it("lets production start when every secret is the operator's own", () => {
    const own = {
      HERA_ENV: "production",
      HERA_ORIGIN: "https://login.example.com",
      HERA_SITE: "login.example.com",
      HERA_RP_ID: "example.com",
      HERA_ALLOWED_RETURN_URLS: "https://login.example.com,https://app.example.com",
      POSTGRES_PASSWORD: "an-operator-postgres-password",
      DSN: "postgres://hera:an-operator-postgres-password@postgres:5432/kratos?sslmode=disable",
      SECRETS_COOKIE: "an-operator-cookie-secret-0123",
      SECRETS_CIPHER: "0123456789abcdef0123456789abcdef",
      SECRETS_DEFAULT: "an-operator-default-secret-0123",
      HERA_COURIER_SECRET: "an-operator-courier-secret-0123",
      HERA_HOOK_SECRET: "an-operator-hook-secret-0123",
      HERA_DEVICE_SECRET: "an-operator-device-secret-0123",
      REDIS_PASSWORD: "an-operator-redis-password",
      HERA_REDIS_URL: "redis://:an-operator-redis-password@redis:6379",
      HERA_SMTP_URL: "smtps://mailer:pw@smtp.example.com:465/",
    };
    const { services } = resolve(productionFiles, own).config;
    const result = run(services.preflight!.environment!);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(services.kratos!.environment!.SELFSERVICE_ALLOWED_RETURN_URLS).toBe(own.HERA_ALLOWED_RETURN_URLS);
    expect(services.kratos!.environment!.SELFSERVICE_METHODS_PASSKEY_CONFIG_RP_ID).toBe("example.com");
    expect(services.caddy!.environment!).toMatchObject({ HERA_SITE: "login.example.com", CADDY_LOG_FORMAT: "json" });
  });
});

describe("the pinned Kratos, with the environment compose gives it", () => {
  const ports = shiftedPorts(25_000);
  let child: ReturnType<typeof spawn> | undefined;
  afterAll(() => child?.kill("SIGKILL"));

  it("starts, and takes the origin-dependent settings (lists included) from it", async () => {
    const env = { ...development().config.services.kratos!.environment! };
    // Here, loopback and spare ports instead of the compose network; SQLite in memory.
    Object.assign(env, {
      DSN: "memory",
      SERVE_PUBLIC_HOST: "127.0.0.1",
      SERVE_ADMIN_HOST: "127.0.0.1",
      SERVE_PUBLIC_PORT: String(ports.kratosPublic),
      SERVE_ADMIN_PORT: String(ports.kratosAdmin),
    });
    env.SELFSERVICE_ALLOWED_RETURN_URLS = "http://localhost:4455,http://localhost:4456";
    const dir = mkdtempSync(path.join(os.tmpdir(), "hera-compose-"));
    const log = path.join(dir, "kratos.log");
    writeFileSync(log, "");
    child = spawn(path.join(root, ".bin/kratos"), ["serve", "-c", "kratos.yml", "-c", "development.yml", "--sqa-opt-out"], {
      cwd: path.join(root, "kratos"),
      env: { PATH: process.env.PATH, ...env },
    });
    let output = "";
    child.stdout!.on("data", (d) => (output += d));
    child.stderr!.on("data", (d) => (output += d));
    const deadline = Date.now() + 30_000;
    let ready = false;
    while (!ready && Date.now() < deadline && child.exitCode === null) {
      ready = await fetch(`http://127.0.0.1:${ports.kratosPublic}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (!ready) await new Promise((r) => setTimeout(r, 200));
    }
    expect(ready, output.slice(-2000)).toBe(true);
    // Both return URLs of the comma-separated list are allowed, and nothing else.
    const start = (returnTo: string) =>
      fetch(`http://127.0.0.1:${ports.kratosPublic}/self-service/login/api?return_to=${encodeURIComponent(returnTo)}`).then((r) => r.status);
    expect(await start("http://localhost:4455/welcome")).toBe(200);
    expect(await start("http://localhost:4456/app")).toBe(200);
    expect(await start("http://evil.example/")).toBe(400);
    // The flow's UI URL comes from the environment (the origin), not a container address.
    const flow = await fetch(`http://127.0.0.1:${ports.kratosPublic}/self-service/login/browser`, { redirect: "manual" });
    expect(flow.headers.get("location")).toMatch(/^http:\/\/localhost:4455\/login\?flow=/);
  });
});
