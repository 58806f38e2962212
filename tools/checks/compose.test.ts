import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { settingNames } from "../../ui/src/server/config";
import { defaultPorts, shiftedPorts } from "../src/ports";
import { cleanupFlags, kratosRuntimeConfig } from "../src/stack";

// No Docker engine runs here, so the compose files are proved without one: Docker Compose
// itself (v5, the `docker compose` plugin, built from the Go module proxy by make) resolves
// them, and what it resolves is compared with what the native stack runs; the real Kratos,
// its migration and Hera's preflight run with the settings it gives them.
const root = path.resolve(__dirname, "..", "..");
const composeTool = process.env.COMPOSE ?? ".bin/docker-compose";
const compose = composeTool.includes("/") ? path.resolve(root, composeTool) : composeTool;

type Service = {
  image?: string;
  pull_policy?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  ports?: { published: string; target: number; protocol: string; host_ip?: string }[];
  volumes?: { type: string; source: string; target: string; read_only?: boolean }[];
  working_dir?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  restart?: string;
};
type Resolved = { name: string; services: Record<string, Service>; volumes?: Record<string, { name: string }> };

/** `docker compose config` as Compose resolves it, with only `env` in its environment. */
function resolve(files: string[], env: Record<string, string> = {}, envFile?: string): { text: string; config: Resolved } {
  const args = [...files.flatMap((f) => ["-f", f]), ...(envFile ? ["--env-file", envFile] : []), "config"];
  // --env-file or none: the repository's own .env (if a developer made one) stays out.
  const text = execFileSync(compose, ["--project-directory", root, ...args], {
    cwd: root,
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return { text, config: parse(text) as Resolved };
}

/** A service's mounts as `source:target[:ro]`. */
const mounts = (s: Service) => (s.volumes ?? []).map((v) => `${v.source}:${v.target}${v.read_only ? ":ro" : ""}`);
/** A service's published ports as `published:target/protocol`. */
const published = (s: Service) => (s.ports ?? []).map((p) => `${p.host_ip ? `${p.host_ip}:` : ""}${p.published}:${p.target}/${p.protocol}`);
/** A service's dependencies and the condition each must meet. */
const waitsFor = (s: Service) => Object.fromEntries(Object.entries(s.depends_on ?? {}).map(([name, d]) => [name, d.condition]));

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
    const prod = resolve(productionFiles);
    expect(Object.keys(prod.config.services)).not.toContain("mailcatcher");
    // Production publishes 80 and 443, and 443/udp for the HTTP/3 Caddy offers; not 4455,
    // which nothing would answer there. Development: the origin's port only.
    expect(published(prod.config.services.caddy!).sort()).toEqual(["443:443/tcp", "443:443/udp", "80:80/tcp"]);
    expect(published(dev.config.services.caddy!)).toEqual(["4455:4455/tcp"]);
    expect(published(resolve(["docker-compose.yml", "docker-compose.override.yml"], { HERA_ORIGIN_PORT: "8080" }).config.services.caddy!)).toEqual([
      "8080:8080/tcp",
    ]);
    for (const name of Object.keys(prod.config.services))
      expect(published(prod.config.services[name]!), name).toEqual(name === "caddy" ? expect.anything() : []);
    expect(dev.text).not.toContain("${");
    expect(prod.text).not.toContain("${");
  });

  it("builds each image once, the services that share it never pull it, and nothing is pulled in its place", () => {
    for (const { services } of [development().config, resolve(productionFiles).config]) {
      const byImage = new Map<string, string[]>();
      for (const [name, s] of Object.entries(services)) byImage.set(s.image!, [...(byImage.get(s.image!) ?? []), name]);
      const built = Object.entries(services).filter(([, s]) => s.build);
      expect(built.map(([name]) => name).sort()).toEqual(["caddy", "hera", "kratos"]);
      for (const [name, s] of built) {
        // One build per tag: buildx bake fails on two targets exporting one tag.
        expect(built.filter(([, other]) => other.image === s.image).length, s.image).toBe(1);
        // A tag of ours could name someone's image on a registry: always built, never pulled.
        expect(s.pull_policy, name).toBe("build");
        for (const user of byImage.get(s.image!)!.filter((n) => n !== name)) expect(services[user]!.pull_policy, user).toBe("never");
      }
      expect(byImage.get("hera-ui:local")!.sort()).toEqual(["hera", "preflight"]);
      expect(byImage.get("hera-kratos:local")!.sort()).toEqual(["kratos", "kratos-cleanup", "kratos-migrate"]);
      // Every other image is a registry's, at a pinned version.
      for (const [image, users] of byImage) {
        if (users.some((n) => services[n]!.build)) continue;
        expect(image, users.join()).toMatch(/^[a-z0-9/]+:\d+(\.\d+)*(-alpine)?$/);
      }
    }
  });

  it("keeps development and production apart: two projects, so two sets of volumes", () => {
    const dev = development().config;
    const prod = resolve(productionFiles).config;
    expect(dev.name).toBe("hera");
    expect(prod.name).toBe("hera-production");
    expect(dev.volumes!["postgres-data"]!.name).toBe("hera_postgres-data");
    expect(prod.volumes!["postgres-data"]!.name).toBe("hera-production_postgres-data");
    // A project name in .env would put them back together (and override the files' names).
    expect(readFileSync(path.join(root, ".env.example"), "utf8")).not.toMatch(/^COMPOSE_PROJECT_NAME=/m);
  });

  it("runs the Kratos the native build runs: the pinned version, built from kratos/build", () => {
    const { services } = development().config;
    expect(services.kratos!.build!.context).toBe(path.join(root, "kratos"));
    // The Dockerfile builds the wrapper module whose go.mod pins Kratos, with Hera's log change.
    const dockerfile = readFileSync(path.join(root, "kratos/Dockerfile"), "utf8");
    expect(dockerfile).toContain("COPY build/go.mod build/go.sum ./");
    // Every Go file of the wrapper module, so the image's Kratos is the one make builds.
    const goFiles = readdirSync(path.join(root, "kratos/build"))
      .filter((f) => f.endsWith(".go"))
      .sort();
    expect(dockerfile).toContain(`COPY ${goFiles.map((f) => `build/${f}`).join(" ")} ./`);
    expect(dockerfile).toMatch(/CGO_ENABLED=0 go build -trimpath/);
  });

  it("loads the same Kratos files as make dev: kratos.yml, then the mode's overrides, which the files choose", () => {
    const dev = development().config.services;
    // .env asking for development changes nothing in production: the file sets the mode.
    const prodText = resolve(productionFiles, { HERA_ENV: "development" }).text;
    const prod = parse(prodText).services as Record<string, Service>;
    expect(prodText).not.toContain("development.yml");
    expect(development().text).not.toContain("production.yml");
    for (const [services, overrides] of [
      [dev, "development.yml"],
      [prod, "production.yml"],
    ] as const) {
      for (const name of ["kratos", "kratos-migrate", "kratos-cleanup"]) {
        const s = services[name]!;
        expect(mounts(s)).toContain(`${path.join(root, "kratos")}:/etc/config/kratos:ro`);
        expect(s.working_dir).toBe("/etc/config/kratos");
      }
      expect(services.kratos!.command!.join(" ")).toContain(`-c kratos.yml -c ${overrides}`);
      expect(services["kratos-migrate"]!.entrypoint).toEqual(["sh", "migrate.sh", overrides]);
      expect(services.hera!.environment!.HERA_ENV).toBe(overrides.replace(".yml", ""));
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
    expect(mounts(dev.caddy!)).toContain(`${path.join(root, "caddy/Caddyfile")}:/etc/caddy/Caddyfile:ro`);
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
    // The after-registration hook's, as the launcher sets them: Hera's sign-up route, the same secret.
    expect(kratosEnv.SELFSERVICE_FLOWS_REGISTRATION_AFTER_CODE_HOOKS_0_CONFIG_URL).toBe(`http://hera:${defaultPorts.hera}/internal/sign-up`);
    expect(kratosEnv.SELFSERVICE_FLOWS_REGISTRATION_AFTER_CODE_HOOKS_0_CONFIG_AUTH_CONFIG_VALUE).toBe(
      kratosEnv.SELFSERVICE_FLOWS_LOGIN_AFTER_HOOKS_0_CONFIG_AUTH_CONFIG_VALUE,
    );
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
    expect(published(services.caddy!)).toEqual([`${defaultPorts.origin}:${defaultPorts.origin}/tcp`]);
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

  it("starts the databases only after the preflight, waits for each dependency, and stops on a failed migration", () => {
    const { services, volumes } = development().config;
    // A database started beside a preflight that then refuses keeps the password it was
    // first started with: neither starts until the preflight passed.
    expect(waitsFor(services.postgres!)).toEqual({ preflight: "service_completed_successfully" });
    expect(waitsFor(services.redis!)).toEqual({ preflight: "service_completed_successfully" });
    expect(waitsFor(services["kratos-migrate"]!)).toEqual({ postgres: "service_healthy" });
    // Run once: a restart policy would start a failing migration again forever while `up`
    // waited for it to complete.
    expect(services["kratos-migrate"]!.restart).toBe("no");
    expect(services.preflight!.restart).toBe("no");
    expect(waitsFor(services.kratos!)).toEqual({ "kratos-migrate": "service_completed_successfully" });
    expect(waitsFor(services.hera!)).toEqual({
      kratos: "service_healthy",
      redis: "service_healthy",
      preflight: "service_completed_successfully",
      mailcatcher: "service_healthy",
    });
    expect(waitsFor(services.caddy!)).toEqual({ hera: "service_healthy", kratos: "service_healthy" });
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
    expect(published(services.mailcatcher!)).toEqual(["127.0.0.1:1080:1080/tcp"]);
    // Compose prints the $$ that keeps the variable for the container's shell.
    expect(services.redis!.command!.join(" ")).toMatch(/--requirepass "\$\$REDIS_PASSWORD"/);
    expect(new URL(services.hera!.environment!.HERA_REDIS_URL!).password).toBe(services.redis!.environment!.REDIS_PASSWORD);
    expect(services.redis!.healthcheck!.test.join(" ")).toContain("-a");
  });

  it("lists every setting in .env.example, whose values are the defaults", () => {
    const files = ["docker-compose.yml", "docker-compose.override.yml", "docker-compose.production.yml"];
    const referenced = new Set(files.flatMap((f) => [...readFileSync(path.join(root, f), "utf8").matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]!)));
    const example = readFileSync(path.join(root, ".env.example"), "utf8");
    // Listed as set, or commented out where the default is derived from another setting.
    const listed = new Set([...example.matchAll(/^(?:# )?([A-Z_]+)=/gm)].map((m) => m[1]!));
    for (const name of referenced) expect(listed, name).toContain(name);
    // With .env.example as the .env, compose resolves exactly what it does with none.
    const withExample = resolve(["docker-compose.yml", "docker-compose.override.yml"], {}, path.join(root, ".env.example")).text;
    expect(withExample).toBe(development().text);
  });

  it("derives the settings built from others: the site and return URLs from the origin, the URLs from the passwords", () => {
    const { services } = resolve(productionFiles, {
      HERA_ORIGIN: "https://login.example.com",
      POSTGRES_PASSWORD: "pg-own",
      REDIS_PASSWORD: "redis-own",
    }).config;
    expect(services.caddy!.environment!.HERA_SITE).toBe("https://login.example.com");
    expect(services.kratos!.environment!.SELFSERVICE_ALLOWED_RETURN_URLS).toBe("https://login.example.com");
    expect(services.hera!.environment!.HERA_ALLOWED_RETURN_URLS).toBe("https://login.example.com");
    expect(services.kratos!.environment!.DSN).toBe("postgres://hera:pg-own@postgres:5432/kratos?sslmode=disable");
    expect(services["kratos-migrate"]!.environment!.DSN).toBe(services.kratos!.environment!.DSN);
    expect(services.hera!.environment!.HERA_REDIS_URL).toBe("redis://:redis-own@redis:6379");
    expect(services.preflight!.environment).toMatchObject({ DSN: services.kratos!.environment!.DSN, HERA_SITE: "https://login.example.com" });
  });

  it("takes a single-quoted .env value with a $ as it is, and .env.example says so", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hera-env-"));
    const envFile = path.join(dir, ".env");
    writeFileSync(envFile, "SECRETS_COOKIE='k3y$with$dollars-0123'\nSECRETS_DEFAULT=k3y$with$dollars-0123\n");
    const env = resolve(productionFiles, {}, envFile).config.services.kratos!.environment!;
    // Compose prints a literal $ as $$ (what the container gets is one $).
    expect(env.SECRETS_COOKIE).toBe("k3y$$with$$dollars-0123");
    // Unquoted, Compose expands $with and $dollars (unset: empty), without a word.
    expect(env.SECRETS_DEFAULT).toBe("k3y-0123");
    expect(readFileSync(path.join(root, ".env.example"), "utf8")).toMatch(/A value\s+# with a \$ in it goes in single quotes/);
  });

  it("checks each service's health with a command its image has", () => {
    const { services } = resolve(["docker-compose.yml", "docker-compose.override.yml"]).config;
    // What each image carries, read from its Dockerfile here (the final stage's base) or,
    // for the registry's images, from the Dockerfiles they are built from: Alpine's busybox
    // has sh, wget and grep; Node's images have node.
    const busybox = ["sh", "wget", "grep"];
    const byBase: Record<string, string[]> = { alpine: busybox, node: ["node", "sh"] };
    const finalBase = (dockerfile: string) => [...readFileSync(path.join(root, dockerfile), "utf8").matchAll(/^FROM ([a-z]+):/gm)].at(-1)![1]!;
    const commands: Record<string, string[]> = {
      "hera-ui:local": byBase[finalBase("ui/Dockerfile")]!,
      "hera-kratos:local": [...byBase[finalBase("kratos/Dockerfile")]!, "kratos"],
      "hera-caddy:local": [...byBase[finalBase("caddy/Dockerfile")]!, "caddy"],
      "postgres:15-alpine": [...busybox, "pg_isready", "psql"],
      "redis:7-alpine": [...busybox, "redis-cli", "redis-server"],
      "maildev/maildev:2.2.1": [...busybox, "node"],
    };
    for (const [name, s] of Object.entries(services)) {
      const has = commands[s.image!];
      expect(has, `${name}: ${s.image}`).toBeDefined();
      if (!s.healthcheck) continue;
      const [kind, first, ...rest] = s.healthcheck.test;
      const executables = kind === "CMD-SHELL" ? ["sh", ...first!.split("|").map((part) => part.trim().split(/\s+/)[0]!)] : [first!];
      for (const executable of executables) expect(has, `${name}'s health check runs ${executable} (${rest.length} arguments)`).toContain(executable);
    }
    // Kratos's image is built with busybox's wget for its health check: the CMD is kratos.
    expect(readFileSync(path.join(root, "kratos/Dockerfile"), "utf8")).toMatch(/^ENTRYPOINT \["kratos"\]$/m);
  });
});

describe("the preflight, with the settings compose gives it", () => {
  const preflight = path.join(root, "ui/dist/server/preflight.js");
  const run = (env: Record<string, string>) => spawnSync(process.execPath, [preflight], { env: { PATH: process.env.PATH, ...env }, encoding: "utf8" });

  it("lets development start with the marked development secrets", () => {
    const result = run(development().config.services.preflight!.environment!);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Development mode");
  });

  it("refuses .env asking for production while the development files run, and names the command", () => {
    const result = run(resolve(["docker-compose.yml", "docker-compose.override.yml"], { HERA_ENV: "production" }).config.services.preflight!.environment!);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("HERA_ENV is production, but these are the development compose files");
    expect(result.stderr).toContain("docker compose -f docker-compose.yml -f docker-compose.production.yml up");
  });

  it("refuses a site that does not serve the origin, and a DSN whose password is not PostgreSQL's", () => {
    const dev = (env: Record<string, string>) =>
      run(resolve(["docker-compose.yml", "docker-compose.override.yml"], env).config.services.preflight!.environment!);
    const stale = dev({ HERA_ORIGIN: "http://hera.lan:4455", HERA_SITE: "http://localhost:4455" });
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain("HERA_SITE (http://localhost:4455) does not serve HERA_ORIGIN (http://hera.lan:4455)");
    // Left unset, the site follows the origin; passkeys need the relying party to follow too.
    const lan = dev({ HERA_ORIGIN: "http://hera.lan:4455" });
    expect(lan.status).toBe(0);
    expect(lan.stdout).toContain("Notice: HERA_RP_ID (localhost) is not HERA_ORIGIN's host (hera.lan)");
    expect(dev({ HERA_ORIGIN: "http://hera.lan:4455", HERA_RP_ID: "hera.lan" }).stdout).not.toContain("Notice");
    // A phone on the LAN's address: the stack starts, and passkeys are said not to work.
    const phone = dev({ HERA_ORIGIN: "http://192.168.1.20:4455" });
    expect(phone.status).toBe(0);
    expect(phone.stdout).toContain("Notice: HERA_ORIGIN's host 192.168.1.20 is an IP address");
    const otherPort = dev({ HERA_ORIGIN: "http://localhost:8080" });
    expect(otherPort.stderr).toContain("docker compose publishes HERA_ORIGIN_PORT (4455)");
    expect(dev({ HERA_ORIGIN: "http://localhost:8080", HERA_ORIGIN_PORT: "8080" }).status).toBe(0);
    // The password changed in .env while DSN still names the old one.
    const moved = dev({ POSTGRES_PASSWORD: "a-new-password", DSN: "postgres://hera:an-old-password@postgres:5432/kratos?sslmode=disable" });
    expect(moved.status).toBe(1);
    expect(moved.stderr).toContain("DSN's password is not POSTGRES_PASSWORD");
    expect(dev({ POSTGRES_PASSWORD: "a-new-password" }).status).toBe(0);
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
      // The site follows the origin, so only the scheme is wrong; 4455 is not published.
      "HERA_ORIGIN (http://localhost:4455) names port 4455, but production publishes 80 and 443 only",
    ]) {
      expect(result.stderr).toContain(line);
    }
  });

  it("passes production made by docs/deploy.md's steps, whose .env lines override the example's", () => {
    const guide = readFileSync(path.join(root, "docs/deploy.md"), "utf8");
    const blocks = [...guide.matchAll(/<!-- the production \.env, step by step[^>]*-->\n+```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks).toHaveLength(2);
    const steps = blocks.join("\n");
    expect(steps).toContain("cp .env.example .env");
    const dir = mkdtempSync(path.join(os.tmpdir(), "hera-deploy-"));
    const script = steps.replace(`cp .env.example .env`, `cp ${JSON.stringify(path.join(root, ".env.example"))} .env`);
    const made = spawnSync("bash", ["-euo", "pipefail", "-c", script], { cwd: dir, encoding: "utf8" });
    expect(made.status, made.stderr).toBe(0);
    const envFile = path.join(dir, ".env");
    // COMPOSE_FILE in .env names the production file, as the guide says.
    expect(readFileSync(envFile, "utf8")).toMatch(/^COMPOSE_FILE=docker-compose.yml:docker-compose.production.yml$/m);
    const { services } = resolve(productionFiles, {}, envFile).config;
    const result = run(services.preflight!.environment!);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(services.kratos!.environment!.SECRETS_CIPHER).toMatch(/^[0-9a-f]{32}$/);
    expect(services.caddy!.environment!.HERA_SITE).toBe("https://login.example.com");
  });

  it("lets production start when every secret is the operator's own", () => {
    const own = {
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
    // Development mode from compose's environment (no --dev here, as in compose): a
    // Secure cookie would be dropped over plain HTTP on any host but localhost, and every
    // form would fail its CSRF check.
    const csrf = flow.headers.getSetCookie().find((c) => c.startsWith("csrf_token"));
    expect(csrf).toBeDefined();
    expect(csrf).not.toMatch(/;\s*Secure/i);
    // Never in production, whose files do not carry it.
    expect(resolve(productionFiles).config.services.kratos!.environment!.DEV).toBeUndefined();
  });
});

describe("compose's migration (kratos/migrate.sh)", () => {
  // A role that may log in and not create tables: the migration fails at once (a refused
  // login would too, after Kratos's five minutes of retries).
  const postgres = process.env.E2E_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432";
  const database = "hera_compose_migrate";
  const psql = (sql: string) => spawnSync("psql", [`${postgres}/postgres`, "-v", "ON_ERROR_STOP=1", "-qc", sql], { encoding: "utf8" });
  afterAll(() => {
    psql(`DROP DATABASE IF EXISTS ${database}`);
    psql(`DROP ROLE IF EXISTS ${database}`);
  });

  it("runs once, and on failure says what the usual reason means and exits non-zero", () => {
    psql(`DROP DATABASE IF EXISTS ${database}`);
    psql(`DROP ROLE IF EXISTS ${database}`);
    expect(psql(`CREATE ROLE ${database} LOGIN`).stderr).toBe("");
    expect(psql(`CREATE DATABASE ${database}`).stderr).toBe("");
    const url = new URL(postgres);
    const dsn = `postgres://${database}@${url.host}/${database}?sslmode=disable`;
    const result = spawnSync("sh", ["migrate.sh", "development.yml"], {
      cwd: path.join(root, "kratos"),
      env: { PATH: `${path.join(root, ".bin")}${path.delimiter}${process.env.PATH}`, DSN: dsn },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status, result.stderr.slice(-1000)).toBe(1);
    expect(result.stderr).toMatch(/permission denied for schema public/);
    expect(result.stderr).toContain('If it says "password authentication failed": the database volume was first started with another POSTGRES_PASSWORD');
  });
});
