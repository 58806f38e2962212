import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { firstBusyPort, portSettings, type Ports } from "./ports";
import https from "node:https";
import { developmentHookSecret, productionProblems } from "../../ui/src/server/production";
import { passkeysPossibleOn } from "../../ui/src/server/relying-party";
import { writeSettingsFile } from "../../ui/src/admin/settings-file";

export type StackOptions = {
  /** The repository's top folder. */
  root: string;
  /** Names the stack's folder under .data/ (database, logs, generated config). */
  name: string;
  ports: Ports;
  mode: "development" | "production";
  /**
   * The origin's host name in development: "localhost" (make dev), where browsers allow
   * passkeys, or "127.0.0.1", where they do not (an IP address cannot be a relying party).
   */
  host?: "localhost" | "127.0.0.1";
  /** Kratos's database; a SQLite file under .data/<name>/ when unset. */
  dsn?: string;
  /** Extra Kratos configuration files, merged last (test overlays). */
  kratosOverlays?: string[];
  /** Start from an empty SQLite database. */
  fresh?: boolean;
  /** Extra settings for Hera (a test's shorter resend cooldown). */
  heraEnv?: NodeJS.ProcessEnv;
  /** Node's own flags for Hera's process (the benchmark's --cpu-prof). */
  heraNodeArgs?: string[];
  /** Extra settings for Caddy (a test's sign-in limit). */
  caddyEnv?: NodeJS.ProcessEnv;
  /**
   * Two runs a second Hera and a second Kratos beside the first, Caddy sending requests to
   * each in turn: several processes on one database (PostgreSQL) and one limits store
   * (Redis), as on several machines. The second ones listen one port (Hera) and two ports
   * (Kratos) above the first; only the first Kratos sends email (--watch-courier).
   */
  replicas?: 1 | 2;
  /**
   * Runs Kratos's cleanup (expired flows and sessions) this often, in milliseconds: make
   * dev does; the suite's stacks call cleanup() when a test wants it.
   */
  cleanupEveryMs?: number;
  /** Progress lines for a person. */
  say?: (line: string) => void;
  /** The settings the stack reads (production's secrets, DSN, HERA_SITE); process.env by default. */
  env?: NodeJS.ProcessEnv;
};

export type Stack = {
  /** Where browsers go: make dev's http origin, or in production HERA_SITE when it is https. */
  origin: string;
  /** The certificate authority of Caddy's own certificates (an https HERA_SITE on localhost). */
  caddyRootCa: string;
  mailWeb?: string;
  kratosAdmin: string;
  dataDir: string;
  /** The environment Hera runs with, for a test that starts a second Hera process. */
  heraEnv: NodeJS.ProcessEnv;
  /** Resolves when any process of the stack exits by itself. */
  died: Promise<string>;
  /** Runs `kratos cleanup sql` once: expired flows and sessions older than an hour go. */
  cleanup(): Promise<void>;
  /** The process id of a running service (the benchmark reads its CPU time and memory). */
  pid(name: ServiceName): number | undefined;
  /** Stops one service (a test's outage) and starts it again with the same settings. */
  stopService(name: ServiceName): Promise<void>;
  startService(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Node's young generation is 16 MB per semi-space by default; Hera's requests leave little
 * that lives, so 4 MB holds them: 24-32 MB less resident memory for about 1 ms more CPU per
 * sign-up (make bench, PostgreSQL). ui/Dockerfile's CMD passes the same.
 */
export const heraNodeFlags = ["--max-semi-space-size=4"];

export type ServiceName = "mail" | "kratos" | "kratos-2" | "hera" | "hera-2" | "caddy";

export class StackError extends Error {}

type Service = { name: ServiceName; child: ChildProcess; log: string; relaunch: () => ChildProcess; stopping?: boolean };

/** Starts the mail catcher, Kratos, Hera and Caddy, and waits until each answers. */
export async function startStack(opts: StackOptions): Promise<Stack> {
  const say = opts.say ?? (() => {});
  const env = opts.env ?? process.env;
  const { root, ports } = opts;
  const dataDir = path.join(root, ".data", opts.name);
  const logDir = path.join(dataDir, "logs");
  mkdirSync(logDir, { recursive: true });
  const origin = `http://${opts.host ?? "127.0.0.1"}:${ports.origin}`;
  const production = opts.mode === "production";
  const publicOrigin = production ? env.HERA_ORIGIN! : origin;
  const site = caddySite(production, env.HERA_SITE, origin, ports.origin);
  const browserOrigin = /^https:\/\//.test(site) ? site.replace(/\/$/, "") : origin;
  // Caddy's certificates and autosave stay in the stack's folder, never in $HOME.
  const caddyHome = path.join(dataDir, "caddy");
  const caddyRootCa = path.join(caddyHome, "data", "caddy", "pki", "authorities", "local", "root.crt");

  const bin = (name: string) => path.join(root, ".bin", name);
  for (const [what, file, fix] of [
    ["Kratos", bin("kratos"), "make build"],
    ["Caddy", bin("caddy"), "make build"],
    ["Hera's server", path.join(root, "ui/dist/server/main.js"), "make build"],
    ["the mail catcher (maildev)", path.join(root, "node_modules/maildev/bin/maildev"), "npm ci"],
  ] as const) {
    if (!existsSync(file)) throw new StackError(`${what} is missing (${path.relative(root, file)}): run \`${fix}\`.`);
  }
  if (production) {
    const problems = productionProblems(env);
    if (problems.length) throw new StackError(`Production mode refuses to start:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  const busy = await firstBusyPort(ports);
  if (busy) {
    throw new StackError(`Port ${ports[busy]} on 127.0.0.1 is in use (${busy}); stop what uses it or set ${portSettings[busy]} to another port.`);
  }

  const dbFile = path.join(dataDir, "kratos.sqlite");
  if (opts.fresh) {
    rmSync(dbFile, { force: true });
    rmSync(path.join(dataDir, "mail"), { recursive: true, force: true });
  }
  const dsn = opts.dsn ?? env.DSN ?? sqliteDsn(dbFile);
  const runtimeConfig = path.join(dataDir, "kratos.runtime.json");
  const productName = opts.heraEnv?.HERA_PRODUCT_NAME ?? env.HERA_PRODUCT_NAME ?? "Hera";
  const returnUrls = (opts.heraEnv?.HERA_ALLOWED_RETURN_URLS ?? env.HERA_ALLOWED_RETURN_URLS)
    ?.split(",")
    .map((u) => u.trim())
    .filter(Boolean);
  writeFileSync(runtimeConfig, JSON.stringify(kratosRuntimeConfig(publicOrigin, ports, productName, returnUrls), null, 2));
  const kratosDir = path.join(root, "kratos");
  // The same overrides docker-compose.yml picks with HERA_ENV.
  const configFiles = [path.join(kratosDir, "kratos.yml"), path.join(kratosDir, `${opts.mode}.yml`), runtimeConfig];
  for (const overlay of opts.kratosOverlays ?? []) configFiles.push(path.resolve(root, overlay));
  const configArgs = configFiles.flatMap((f) => ["-c", f]);
  const kratosEnv: NodeJS.ProcessEnv = {
    ...env,
    DSN: dsn,
    // The after-login web_hook (kratos.yml): Hera's address for this run, and one secret
    // for both ends, Kratos sends it and Hera checks it. Set here rather than in a file:
    // Kratos replaces a hook list wholesale, so no overlay could change one field of it.
    SELFSERVICE_FLOWS_LOGIN_AFTER_HOOKS_0_CONFIG_URL: `http://127.0.0.1:${ports.hera}/internal/sign-in`,
    SELFSERVICE_FLOWS_LOGIN_AFTER_HOOKS_0_CONFIG_AUTH_CONFIG_VALUE: `Bearer ${(production ? env.HERA_HOOK_SECRET : opts.heraEnv?.HERA_HOOK_SECRET) ?? developmentHookSecret}`,
    // The after-registration web_hook the same way (a sign-up runs no login hooks).
    SELFSERVICE_FLOWS_REGISTRATION_AFTER_CODE_HOOKS_0_CONFIG_URL: `http://127.0.0.1:${ports.hera}/internal/sign-up`,
    SELFSERVICE_FLOWS_REGISTRATION_AFTER_CODE_HOOKS_0_CONFIG_AUTH_CONFIG_VALUE: `Bearer ${(production ? env.HERA_HOOK_SECRET : opts.heraEnv?.HERA_HOOK_SECRET) ?? developmentHookSecret}`,
  };
  // One secret for both ends of the courier too.
  if (production) kratosEnv.COURIER_HTTP_REQUEST_CONFIG_AUTH_CONFIG_VALUE = `Bearer ${env.HERA_COURIER_SECRET}`;

  let started = Date.now();
  say(`Migrating Kratos's database (${dsn.startsWith("sqlite") ? "SQLite " + path.relative(root, dbFile) : "from DSN"})...`);
  const migrate = spawnSync(bin("kratos"), ["migrate", "sql", "-e", "--yes", ...configArgs], { cwd: kratosDir, env: kratosEnv, encoding: "utf8" });
  if (migrate.status !== 0) {
    throw new StackError(`Kratos's migration failed:\n${lastLines(`${migrate.stdout}\n${migrate.stderr}`, 15)}`);
  }
  say(`  done in ${seconds(started)}`);

  const services: Service[] = [];
  let reportDeath: (why: string) => void = () => {};
  const died = new Promise<string>((resolve) => (reportDeath = resolve));
  const launch = (name: ServiceName, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) => {
    const log = path.join(logDir, `${name}.log`);
    // The previous run's log is kept beside it: a stack started again after a failure
    // (Playwright's new worker, or make dev after a crash) would otherwise erase the why.
    if (existsSync(log)) renameSync(log, path.join(logDir, `${name}.previous.log`));
    const out = createWriteStream(log);
    const start = () => {
      // Each service gets its own process group: Ctrl-C reaches only the launcher, which
      // then stops the services in order.
      const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
      child.stdout?.pipe(out, { end: false });
      child.stderr?.pipe(out, { end: false });
      child.once("exit", (code, signal) => {
        if (service.stopping) return;
        reportDeath(`${name} exited (${signal ?? `code ${code}`}); its log: ${path.relative(root, log)}\n${lastLines(safeRead(log), 15)}`);
      });
      return child;
    };
    const service: Service = { name, log, relaunch: start, child: undefined as unknown as ChildProcess };
    service.child = start();
    services.push(service);
  };
  const service = (name: ServiceName) => {
    const found = services.find((s) => s.name === name);
    if (!found) throw new StackError(`this stack runs no ${name}`);
    return found;
  };

  const cleanup = () => cleanupKratos(root, dataDir, opts.mode, dsn);
  const schedule = opts.cleanupEveryMs
    ? setInterval(() => cleanup().catch((err: Error) => say(`Kratos's cleanup: ${err.message}`)), opts.cleanupEveryMs).unref()
    : undefined;

  const stop = async () => {
    if (schedule) clearInterval(schedule);
    for (const s of [...services].reverse()) {
      s.stopping = true;
      await terminate(s.child);
    }
  };

  try {
    started = Date.now();
    say(
      `Starting ${production ? "" : "the mail catcher, "}Kratos${opts.replicas === 2 ? " (two)" : ""}, Hera${opts.replicas === 2 ? " (two)" : ""} and Caddy...`,
    );
    if (!production) {
      launch(
        "mail",
        process.execPath,
        [
          path.join(root, "node_modules/maildev/bin/maildev"),
          "--ip",
          "127.0.0.1",
          "--smtp",
          String(ports.smtp),
          "--web",
          String(ports.mailWeb),
          "--mail-directory",
          path.join(dataDir, "mail"),
        ],
        root,
        env,
      );
    }
    launch("kratos", bin("kratos"), ["serve", ...configArgs, ...(production ? [] : ["--dev"]), "--watch-courier", "--sqa-opt-out"], kratosDir, kratosEnv);
    const heraEnv: NodeJS.ProcessEnv = {
      ...env,
      // React's production build, in development too, as the image runs it: its
      // development build renders a page several times slower and checks nothing Hera needs.
      NODE_ENV: "production",
      HERA_ENV: opts.mode,
      HERA_ORIGIN: publicOrigin,
      HERA_PORT: String(ports.hera),
      KRATOS_PUBLIC_URL: `http://127.0.0.1:${ports.kratosPublic}`,
      KRATOS_ADMIN_URL: `http://127.0.0.1:${ports.kratosAdmin}`,
      // Hera reads the code lifespan from the files Kratos runs with.
      KRATOS_CONFIG_FILES: configFiles.join(","),
      // Each stack's limits in its own store, emptied with its data.
      HERA_STATE_DIR: path.join(dataDir, "hera-state"),
      ...(production ? {} : { HERA_SMTP_URL: `smtp://127.0.0.1:${ports.smtp}/?disable_starttls=true` }),
      ...opts.heraEnv,
    };
    // hera-admin --env-file reads the settings this Hera runs with from here (docs/operate.md).
    writeSettingsFile(path.join(dataDir, "hera.env"), heraEnv);
    launch("hera", process.execPath, [...heraNodeFlags, ...(opts.heraNodeArgs ?? []), path.join(root, "ui/dist/server/main.js")], root, heraEnv);
    const second = opts.replicas === 2 ? { hera: ports.hera + 1, kratosPublic: ports.kratosPublic + 2, kratosAdmin: ports.kratosAdmin + 2 } : undefined;
    if (second) {
      // Kratos takes its network (the nid every row carries) from the database, creating one
      // when there is none: two processes starting at once on a fresh database can create
      // two, and then neither sees the other's flows or courier messages. The second
      // starts once the first is ready and the network exists.
      const first = await Promise.race([
        waitFor(`http://127.0.0.1:${ports.kratosPublic}/health/ready`, 60_000, caddyRootCa),
        died.then((why) => `died: ${why}`),
      ]);
      if (first !== true) throw new StackError(`Kratos did not become ready at http://127.0.0.1:${ports.kratosPublic}/health/ready: ${first}`);
      launch("kratos-2", bin("kratos"), ["serve", ...configArgs, ...(production ? [] : ["--dev"]), "--sqa-opt-out"], kratosDir, {
        ...kratosEnv,
        SERVE_PUBLIC_PORT: String(second.kratosPublic),
        SERVE_ADMIN_PORT: String(second.kratosAdmin),
        SELFSERVICE_FLOWS_LOGIN_AFTER_HOOKS_0_CONFIG_URL: `http://127.0.0.1:${second.hera}/internal/sign-in`,
        SELFSERVICE_FLOWS_REGISTRATION_AFTER_CODE_HOOKS_0_CONFIG_URL: `http://127.0.0.1:${second.hera}/internal/sign-up`,
      });
      launch("hera-2", process.execPath, [...heraNodeFlags, path.join(root, "ui/dist/server/main.js")], root, {
        ...heraEnv,
        HERA_PORT: String(second.hera),
        KRATOS_PUBLIC_URL: `http://127.0.0.1:${second.kratosPublic}`,
        KRATOS_ADMIN_URL: `http://127.0.0.1:${second.kratosAdmin}`,
      });
    }
    launch("caddy", bin("caddy"), ["run", "--config", path.join(root, "caddy/Caddyfile"), "--adapter", "caddyfile"], path.join(root, "caddy"), {
      ...env,
      HERA_SITE: site,
      XDG_DATA_HOME: path.join(caddyHome, "data"),
      XDG_CONFIG_HOME: path.join(caddyHome, "config"),
      // Several upstreams are one setting, space-separated, as in the Caddyfile.
      KRATOS_PUBLIC_UPSTREAM: [ports.kratosPublic, ...(second ? [second.kratosPublic] : [])].map((p) => `127.0.0.1:${p}`).join(" "),
      HERA_UPSTREAM: [ports.hera, ...(second ? [second.hera] : [])].map((p) => `127.0.0.1:${p}`).join(" "),
      ...(production ? { CADDY_LOG_FORMAT: "json" } : {}),
      CADDY_ADMIN: `127.0.0.1:${ports.caddyAdmin}`,
      ...opts.caddyEnv,
    });

    const checks: [string, string][] = [
      ["Kratos", `http://127.0.0.1:${ports.kratosPublic}/health/ready`],
      ["Hera", `http://127.0.0.1:${ports.hera}/health/alive`],
      ["the origin (Caddy)", `${browserOrigin}/health/ready`],
    ];
    if (!production) checks.unshift(["the mail catcher", `http://127.0.0.1:${ports.mailWeb}/healthz`]);
    if (second) {
      checks.unshift(
        ["the second Kratos", `http://127.0.0.1:${second.kratosPublic}/health/ready`],
        ["the second Hera", `http://127.0.0.1:${second.hera}/health/alive`],
      );
    }
    for (const [what, url] of checks) {
      const outcome = await Promise.race([waitFor(url, 60_000, caddyRootCa), died.then((why) => `died: ${why}`)]);
      if (outcome !== true) throw new StackError(`${what} did not become ready at ${url}: ${outcome}`);
    }
    say(`  ready in ${seconds(started)}`);
    return {
      origin: browserOrigin,
      caddyRootCa,
      mailWeb: production ? undefined : `http://127.0.0.1:${ports.mailWeb}`,
      kratosAdmin: `http://127.0.0.1:${ports.kratosAdmin}`,
      dataDir,
      heraEnv,
      died,
      cleanup,
      stop,
      pid: (name) => service(name).child.pid,
      async stopService(name) {
        const s = service(name);
        s.stopping = true;
        await terminate(s.child);
      },
      async startService(name) {
        const s = service(name);
        s.stopping = false;
        s.child = s.relaunch();
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * `kratos cleanup sql` once, on a stack's database with the files its Kratos runs with.
 * Every anonymous request that starts a flow leaves a row (the whole request URL in it);
 * Kratos deletes expired ones only when asked. An hour's grace keeps a flow that just
 * expired readable, so its page can say so.
 */
/**
 * make dev's SQLite database. WAL lets reads go on beside a write, and a write waits up to
 * 10 s for another to finish: in the default journal mode, under 16 sign-ups at a time,
 * Kratos failed to record sent emails ("database is locked"; one it cannot mark sent it may
 * send again). Measured with make bench: none with WAL. Not _txlock=immediate: every
 * transaction then holds the write lock, reads too, and requests waited out the 10 s.
 */
export function sqliteDsn(file: string): string {
  return `sqlite://${file}?_fk=true&mode=rwc&_journal_mode=WAL&_busy_timeout=10000`;
}

export const cleanupFlags = [
  "--keep-last",
  "1h",
  // Kratos's defaults, 100 rows a table and a minute between tables (flags override the
  // files here), would fall behind one busy client.
  "--database.cleanup.batch_size",
  "10000",
  "--database.cleanup.sleep.tables",
  "1s",
];

export function cleanupKratos(root: string, dataDir: string, mode: "development" | "production", dsn: string): Promise<void> {
  const kratosDir = path.join(root, "kratos");
  const files = [path.join(kratosDir, "kratos.yml"), path.join(kratosDir, `${mode}.yml`), path.join(dataDir, "kratos.runtime.json")];
  return new Promise<void>((resolve, reject) => {
    const run = spawn(path.join(root, ".bin", "kratos"), ["cleanup", "sql", "-e", ...cleanupFlags, ...files.flatMap((f) => ["-c", f])], {
      cwd: kratosDir,
      env: { ...process.env, DSN: dsn },
    });
    let output = "";
    run.stdout.on("data", (d) => (output += d));
    run.stderr.on("data", (d) => (output += d));
    run.on("error", reject);
    run.on("exit", (code) => (code === 0 ? resolve() : reject(new StackError(`Kratos's cleanup failed (code ${code}):\n${lastLines(output, 10)}`))));
  });
}

/**
 * The address Caddy serves. In production Caddy may terminate TLS itself (HERA_SITE=https://…
 * or a bare domain); otherwise it serves plain HTTP on the origin port for any host name,
 * since behind the platform's TLS each request names the public host, not this machine.
 */
export function caddySite(production: boolean, heraSite: string | undefined, origin: string, originPort: number): string {
  if (!production) return origin;
  return heraSite || `http://:${originPort}`;
}

/**
 * The settings that depend on where this run listens; everything else is in kratos/.
 * docker-compose.yml sets the same ones as environment variables (checked by
 * tools/checks/compose.test.ts). `returnUrls` replaces the origin alone as the list of
 * places Kratos may return a browser to (HERA_ALLOWED_RETURN_URLS: an integrator's app).
 */
export function kratosRuntimeConfig(origin: string, ports: Ports, productName: string, returnUrls?: string[]) {
  const at = (p: string) => new URL(p, origin).toString();
  const { hostname } = new URL(origin);
  // Browsers refuse an IP address as a passkey's relying party: on such an origin
  // passkeys are off rather than offered and failing.
  const passkeysPossible = passkeysPossibleOn(origin);
  const rp = { id: hostname, display_name: productName, origins: [new URL(origin).origin] };
  return {
    serve: {
      public: { base_url: at("/"), host: "127.0.0.1", port: ports.kratosPublic },
      admin: { base_url: `http://127.0.0.1:${ports.kratosAdmin}/`, host: "127.0.0.1", port: ports.kratosAdmin },
    },
    selfservice: {
      methods: {
        passkey: passkeysPossible ? { enabled: true, config: { rp } } : { enabled: false },
        webauthn: passkeysPossible ? { enabled: true, config: { passwordless: false, rp } } : { enabled: false },
        // The name an authenticator app lists the account under.
        totp: { enabled: true, config: { issuer: productName } },
      },
      default_browser_return_url: at("/welcome"),
      allowed_return_urls: returnUrls?.length ? returnUrls : [new URL(origin).origin],
      flows: {
        error: { ui_url: at("/error") },
        login: { ui_url: at("/login") },
        registration: { ui_url: at("/registration") },
        settings: { ui_url: at("/settings") },
        verification: { ui_url: at("/verification") },
        recovery: { ui_url: at("/recovery") },
        logout: { after: { default_browser_return_url: at("/login") } },
      },
    },
    courier: { http: { request_config: { url: `http://127.0.0.1:${ports.hera}/internal/courier` } } },
  };
}

/** Polls `url` until it answers 2xx; https is verified against `ca` (Caddy's own authority). */
async function waitFor(url: string, timeoutMs: number, ca: string): Promise<true | string> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    try {
      const status = url.startsWith("https:") ? await httpsStatus(url, ca) : (await fetch(url, { signal: AbortSignal.timeout(2000) })).status;
      if (status >= 200 && status < 300) return true;
      last = `answered ${status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return `still ${last} after ${timeoutMs / 1000}s`;
}

function httpsStatus(url: string, caFile: string): Promise<number> {
  return new Promise((resolve, reject) => {
    if (!existsSync(caFile)) return reject(new Error(`no certificate authority yet at ${caFile}`));
    const req = https.get(url, { ca: readFileSync(caFile), timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("timeout", () => req.destroy(new Error("timed out")));
    req.on("error", reject);
  });
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => signal(child, "SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    signal(child, "SIGTERM");
  });
}

function signal(child: ChildProcess, sig: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, sig);
  } catch {
    // Already gone.
  }
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

function lastLines(text: string, n: number): string {
  return text
    .trimEnd()
    .split("\n")
    .slice(-n)
    .map((l) => `    ${l}`)
    .join("\n");
}

export function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}
