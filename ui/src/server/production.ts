/**
 * Production mode takes Kratos's secrets, database and SMTP from the environment and
 * refuses the development defaults committed in kratos/development.yml and
 * docker-compose.yml. The native launcher (tools/src/stack.ts) and the compose file's
 * preflight service (preflight.ts) both ask this one function.
 */
import { hostOf, relyingPartyServes } from "./relying-party";

export const requiredInProduction = [
  "DSN",
  "SECRETS_COOKIE",
  "SECRETS_CIPHER",
  "SECRETS_DEFAULT",
  "HERA_COURIER_SECRET",
  "HERA_HOOK_SECRET",
  "HERA_DEVICE_SECRET",
  "HERA_SMTP_URL",
  "HERA_ORIGIN",
] as const;

/** DEVELOPMENT DEFAULT SECRETS of Hera's own settings: the courier's, the after-login web_hook's, the device cookie's. */
export const developmentCourierSecret = "hera-dev-courier-secret-DO-NOT-USE-IN-PRODUCTION";
export const developmentHookSecret = "hera-dev-hook-secret-DO-NOT-USE-IN-PRODUCTION";
export const developmentDeviceSecret = "hera-dev-device-secret-DO-NOT-USE-IN-PRODUCTION";

/** DEVELOPMENT DEFAULT PASSWORD of docker-compose.yml's PostgreSQL. */
export const developmentPostgresPassword = "hera-dev-postgres-DO-NOT-USE-IN-PRODUCTION";

/** DEVELOPMENT DEFAULT PASSWORD of docker-compose.yml's Redis. */
export const developmentRedisPassword = "hera-dev-redis-DO-NOT-USE-IN-PRODUCTION";

/** Every value in kratos/development.yml (and the hook's) that is public and so never a secret. */
const developmentDefaults = [
  developmentCourierSecret,
  developmentHookSecret,
  developmentDeviceSecret,
  "hera-dev-cookie-secret-DO-NOT-USE-IN-PRODUCTION",
  "hera-dev-cipher-secret-32-chars!",
  "hera-dev-default-secret-DO-NOT-USE-IN-PRODUCTION",
];

/** One line per problem, naming the setting; empty when production may start. */
export function productionProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  for (const name of requiredInProduction) {
    const value = env[name];
    if (!value) {
      problems.push(`${name} is not set`);
      continue;
    }
    if (developmentDefaults.some((d) => value.split(",").includes(d))) {
      problems.push(`${name} is a development default (public, in Hera's repository)`);
    }
  }
  if (env.SECRETS_CIPHER && env.SECRETS_CIPHER.split(",").some((s) => s.length !== 32)) {
    problems.push("SECRETS_CIPHER must be exactly 32 characters (xchacha20-poly1305)");
  }
  for (const name of ["SECRETS_COOKIE", "SECRETS_DEFAULT", "HERA_COURIER_SECRET", "HERA_HOOK_SECRET", "HERA_DEVICE_SECRET"] as const) {
    if (env[name] && env[name]!.split(",").some((s) => s.length < 16)) problems.push(`${name} must be at least 16 characters`);
  }
  if (env.DSN && /^(memory|sqlite)/.test(env.DSN)) problems.push("DSN must point at PostgreSQL in production, not SQLite or memory");
  if (env.DSN?.includes(developmentPostgresPassword) || env.POSTGRES_PASSWORD === developmentPostgresPassword) {
    problems.push("POSTGRES_PASSWORD is a development default (public, in Hera's repository)");
  }
  if (env.REDIS_PASSWORD === developmentRedisPassword) problems.push("REDIS_PASSWORD is a development default (public, in Hera's repository)");
  if (env.HERA_REDIS_URL) {
    const password = URL.canParse(env.HERA_REDIS_URL) ? decodeURIComponent(new URL(env.HERA_REDIS_URL).password) : "";
    if (!password) problems.push("HERA_REDIS_URL must carry Redis's password (redis://:PASSWORD@host:6379)");
    else if (password === developmentRedisPassword) problems.push("HERA_REDIS_URL carries the development Redis password");
  }
  if (env.HERA_ORIGIN && !env.HERA_ORIGIN.startsWith("https://")) problems.push("HERA_ORIGIN must be an https:// URL");
  if (env.HERA_SMTP_URL?.includes("disable_starttls=true")) {
    problems.push("HERA_SMTP_URL disables TLS (disable_starttls=true)");
  }
  if (env.HERA_ALLOWED_RETURN_URLS && env.HERA_ORIGIN) {
    const urls = env.HERA_ALLOWED_RETURN_URLS.split(",").map((u) => u.trim());
    if (!urls.some((u) => u.replace(/\/$/, "") === env.HERA_ORIGIN!.replace(/\/$/, ""))) {
      problems.push(`HERA_ALLOWED_RETURN_URLS must include HERA_ORIGIN (${env.HERA_ORIGIN}): Kratos returns browsers to Hera's own pages`);
    }
    for (const u of urls.filter((u) => !u.startsWith("https://"))) problems.push(`HERA_ALLOWED_RETURN_URLS: "${u}" must be an https:// URL`);
  }
  // Browsers accept a passkey's relying party only if it is the page's host or a parent
  // domain of it; a mismatch would show up as every passkey failing, not at start.
  if (env.HERA_RP_ID && env.HERA_ORIGIN?.startsWith("https://")) {
    const host = hostOf(env.HERA_ORIGIN);
    if (!relyingPartyServes(env.HERA_RP_ID, host)) {
      problems.push(`HERA_RP_ID must be HERA_ORIGIN's host (${host}) or a parent domain of it, not "${env.HERA_RP_ID}"`);
    }
  }
  return problems;
}
