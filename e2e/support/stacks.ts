import { test, type TestInfo } from "@playwright/test";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { shiftedPorts, type Ports } from "../../tools/src/ports";
import { startStack, type Stack } from "../../tools/src/stack";

export const root = path.resolve(__dirname, "..", "..");

/** Which database the suite runs on: SQLite (the default) or the machine's PostgreSQL. */
export const database = process.env.E2E_DB === "postgres" ? "postgres" : "sqlite";

/** The stacks the suite starts, each on its own ports so `make dev` can keep running. */
export const stacks = {
  main: { name: `e2e-${database}`, ports: shiftedPorts(10_000), database: "hera_e2e" },
  // The edge's real limit, 5 sign-in submissions in 5 minutes (the others lift it: their
  // tests sign in far more often than a person would).
  signInLimit: { name: `e2e-${database}-sign-in-limit`, ports: shiftedPorts(15_000), database: "hera_e2e_sign_in_limit", realLimit: true },
  signInLimitShort: { name: `e2e-${database}-sign-in-limit-short`, ports: shiftedPorts(5_000), database: "hera_e2e_sign_in_limit_short", realLimit: true },
  shortCodes: { name: `e2e-${database}-short-codes`, ports: shiftedPorts(20_000), database: "hera_e2e_short_codes" },
  smtpOutage: { name: `e2e-${database}-smtp-outage`, ports: shiftedPorts(7_500), database: "hera_e2e_smtp_outage" },
  // Sign-ups while Hera and Kratos restart and SMTP goes away (an SMTP server of the test's own).
  faults: { name: `e2e-${database}-faults`, ports: shiftedPorts(8_750), database: "hera_e2e_faults" },
  // On localhost, where browsers allow passkeys (an IP address cannot be a relying party).
  passkeys: { name: `e2e-${database}-passkeys`, ports: shiftedPorts(25_000), database: "hera_e2e_passkeys", host: "localhost" },
  // Changes on the account page need a sign-in from the last 8 seconds.
  privilegedWindow: { name: `e2e-${database}-privileged-window`, ports: shiftedPorts(1_250), database: "hera_e2e_privileged_window" },
  fastResend: { name: `e2e-${database}-fast-resend`, ports: shiftedPorts(12_500), database: "hera_e2e_fast_resend" },
  // Sign-in alerts at most every 10 seconds per address, so the digest arrives within a test.
  alertDigest: { name: `e2e-${database}-alert-digest`, ports: shiftedPorts(3_750), database: "hera_e2e_alert_digest" },
  // Hera restarted mid-test (its limits must outlive it), and two Hera processes on Redis.
  restartedHera: { name: `e2e-${database}-restarted-hera`, ports: shiftedPorts(17_500), database: "hera_e2e_restarted_hera" },
  // The operator's brand from settings (examples/brand): the same build as every other stack.
  brand: { name: `e2e-${database}-brand`, ports: shiftedPorts(6_250), database: "hera_e2e_brand" },
  signUpClosed: { name: `e2e-${database}-sign-up-closed`, ports: shiftedPorts(22_500), database: "hera_e2e_sign_up_closed" },
  sharedLimits: { name: `e2e-${database}-shared-limits`, ports: shiftedPorts(2_500), database: "hera_e2e_shared_limits" },
  // An integrator's app behind Caddy's forward_auth (examples/forward-auth), on localhost
  // like Hera so Kratos's session cookie reaches it.
  integrator: { name: `e2e-${database}-integrator`, ports: shiftedPorts(27_500), database: "hera_e2e_integrator", host: "localhost" },
  // Two Hera and two Kratos processes behind Caddy: always on PostgreSQL (SQLite is one
  // machine's file) and Redis, as several machines would run them.
  replicas: { name: `e2e-${database}-replicas`, ports: shiftedPorts(26_250), database: `hera_e2e_replicas_${database}`, replicas: 2, postgres: true },
  // Production mode: PostgreSQL, secrets from the environment, Caddy terminating TLS,
  // SMTP over TLS (e2e/tests/production.spec.ts).
  production: {
    name: `e2e-${database}-production`,
    ports: shiftedPorts(23_750),
    database: `hera_e2e_production_${database}`,
    host: "localhost",
    postgres: true,
  },
} as const;

export type StackName = keyof typeof stacks;

type StackSpec = { name: string; ports: Ports; database: string; realLimit?: boolean; host?: "localhost" | "127.0.0.1"; replicas?: 2; postgres?: boolean };

/** Where the launcher keeps a stack's database, state and logs. */
export function dataDirOf(which: StackName): string {
  return path.join(root, ".data", stacks[which].name);
}

export function originOf(which: StackName): string {
  const s: StackSpec = stacks[which];
  return `http://${s.host ?? "127.0.0.1"}:${s.ports.origin}`;
}

const postgres = process.env.E2E_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432";

/** On PostgreSQL, each stack gets a database of its own, empty at every run. */
export function freshDatabase(databaseName: string, always = false): string | undefined {
  if (database !== "postgres" && !always) return undefined;
  const psql = spawnSync(
    "psql",
    [
      `${postgres}/postgres`,
      "-q",
      "-v",
      "ON_ERROR_STOP=1",
      "-c",
      `DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`,
      "-c",
      `CREATE DATABASE ${databaseName}`,
    ],
    { encoding: "utf8" },
  );
  if (psql.status !== 0)
    throw new Error(`PostgreSQL at ${postgres} did not give a fresh ${databaseName} (set E2E_POSTGRES_URL): ${psql.error?.message ?? psql.stderr}`);
  return `${postgres}/${databaseName}?sslmode=disable`;
}

export async function start(
  which: StackName,
  overlays: string[] = [],
  heraEnv: NodeJS.ProcessEnv = {},
  caddyEnv: NodeJS.ProcessEnv = {},
  production?: NodeJS.ProcessEnv,
): Promise<Stack> {
  const s: StackSpec = stacks[which];
  if (production) {
    return startStack({
      root,
      name: s.name,
      ports: s.ports,
      host: s.host,
      mode: "production",
      dsn: production.DSN,
      env: { ...process.env, ...production },
      heraEnv,
      caddyEnv,
      say: (line) => process.stdout.write(`[${s.name}] ${line}\n`),
    });
  }
  return startStack({
    root,
    name: s.name,
    ports: s.ports,
    host: s.host,
    mode: "development",
    dsn: freshDatabase(s.database, s.postgres),
    replicas: s.replicas,
    fresh: true,
    kratosOverlays: overlays,
    heraEnv,
    // New flows are limited per client too; only the tests of that limit set it.
    caddyEnv: s.realLimit
      ? { HERA_FLOW_START_LIMIT: "100000", ...caddyEnv }
      : { HERA_SIGN_IN_LIMIT: "100000", HERA_SIGN_UP_LIMIT: "100000", HERA_FLOW_START_LIMIT: "100000", ...caddyEnv },
    say: (line) => process.stdout.write(`[${s.name}] ${line}\n`),
  });
}

/**
 * A Redis database of this run's own for a stack's limits store, emptied before the
 * test file's stack starts, so no earlier run's counts remain. Each database (SQLite or
 * PostgreSQL run) gets its own number: `forSqlite` and the one after it.
 */
export function emptiedRedis(forSqlite: number): string {
  const url = `redis://127.0.0.1:6379/${database === "postgres" ? forSqlite + 1 : forSqlite}`;
  test.beforeAll(async () => {
    const { Redis } = await import("ioredis");
    const redis = new Redis(url);
    await redis.flushdb();
    redis.disconnect();
  });
  return url;
}

/**
 * Attaches the last lines of each of a stack's logs to a failed test, for the failures
 * reporter to print: CI keeps only a run's output, and the next test's stack replaces the
 * logs. (Logs never hold addresses or codes: logs.spec.ts.)
 */
export async function attachLogTails(testInfo: TestInfo, dataDir: string, lines = 10): Promise<void> {
  const dir = path.join(dataDir, "logs");
  let files: string[];
  try {
    files = currentLogs(dataDir);
  } catch {
    return;
  }
  for (const file of files) {
    const tail = readFileSync(path.join(dir, file), "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    await testInfo.attach(`log tail: ${path.basename(dataDir)}/${file}`, { body: tail, contentType: "text/plain" });
  }
}

/** The log files of a stack's current run, by name (the launcher keeps the run before as *.previous.log). */
export function currentLogs(dataDir: string): string[] {
  return readdirSync(path.join(dataDir, "logs"))
    .filter((f) => f.endsWith(".log") && !f.endsWith(".previous.log"))
    .sort();
}
