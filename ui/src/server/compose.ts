/**
 * Settings only docker compose has, checked by its preflight in both modes before any
 * database starts: that the files running are the mode .env asks for, that Caddy's site
 * serves the origin on a port compose publishes, and that the DSN and the Redis URL carry
 * the passwords compose gives PostgreSQL and Redis. Each of these, wrong, shows up later as
 * something far from its cause: pages that answer nothing, or a migration that cannot log in.
 */
import { hostOf, passkeysPossibleOn, relyingPartyServes } from "./relying-party";

const productionCommand = "docker compose -f docker-compose.yml -f docker-compose.production.yml up";

/** One line per problem, naming the setting; empty when the stack may start. */
export function composeProblems(env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const files = env.HERA_COMPOSE_FILES;
  if (files === "development" && env.HERA_ENV === "production") {
    problems.push(
      `HERA_ENV is production, but these are the development compose files (the mail catcher, development secrets): run ${productionCommand}, or set COMPOSE_FILE=docker-compose.yml:docker-compose.production.yml in .env`,
    );
  }
  const parsed = env.HERA_ORIGIN && URL.canParse(env.HERA_ORIGIN) ? new URL(env.HERA_ORIGIN) : undefined;
  const origin = parsed && /^https?:$/.test(parsed.protocol) ? parsed : undefined;
  if (!origin) {
    problems.push(`HERA_ORIGIN must be a URL such as https://login.example.com, not "${env.HERA_ORIGIN ?? ""}"`);
  } else {
    const port = Number(origin.port || (origin.protocol === "https:" ? 443 : 80));
    if (env.HERA_SITE && !siteServes(env.HERA_SITE, origin)) {
      problems.push(
        `HERA_SITE (${env.HERA_SITE}) does not serve HERA_ORIGIN (${origin.origin}): Caddy would answer nothing there. Leave HERA_SITE unset (it follows HERA_ORIGIN) or name the origin's host`,
      );
    }
    if (files === "production" && port !== 443) {
      problems.push(`HERA_ORIGIN (${origin.origin}) names port ${port}, but production publishes 80 and 443 only: leave the port out`);
    }
    if (files === "development" && env.HERA_ORIGIN_PORT && Number(env.HERA_ORIGIN_PORT) !== port) {
      problems.push(
        `HERA_ORIGIN (${origin.origin}) is on port ${port}, but docker compose publishes HERA_ORIGIN_PORT (${env.HERA_ORIGIN_PORT}): make them the same`,
      );
    }
  }
  problems.push(...passwordProblem("DSN", env.DSN, "postgres", "POSTGRES_PASSWORD", env.POSTGRES_PASSWORD));
  problems.push(...passwordProblem("HERA_REDIS_URL", env.HERA_REDIS_URL, "redis", "REDIS_PASSWORD", env.REDIS_PASSWORD));
  return problems;
}

/**
 * What will not work, though the stack may start: passkeys and security keys, where the
 * browser will refuse the relying party. Someone opening the stack from a phone on the
 * LAN's address wants the rest to work, so these are notices, not refusals (production
 * refuses a relying party that is not the origin's: production.ts).
 */
export function composeNotices(env: NodeJS.ProcessEnv): string[] {
  if (!env.HERA_ORIGIN || !URL.canParse(env.HERA_ORIGIN)) return [];
  const host = hostOf(env.HERA_ORIGIN);
  if (!passkeysPossibleOn(env.HERA_ORIGIN)) {
    return [
      `HERA_ORIGIN's host ${host} is an IP address, which browsers refuse as the relying party of passkeys and security keys: they will not work there. Open Hera by a host name (localhost, or a name in DNS or /etc/hosts) and set HERA_ORIGIN and HERA_RP_ID to it`,
    ];
  }
  const rpId = (env.HERA_RP_ID ?? "").toLowerCase();
  if (rpId && !relyingPartyServes(rpId, host)) {
    return [
      `HERA_RP_ID (${rpId}) is not HERA_ORIGIN's host (${host}) or a parent domain of it: browsers will refuse passkeys and security keys. Set HERA_RP_ID=${host}`,
    ];
  }
  return [];
}

/** A URL pointing at compose's own database service must carry the password compose gives it. */
function passwordProblem(name: string, value: string | undefined, service: string, passwordName: string, password: string | undefined): string[] {
  if (!value || password === undefined || !URL.canParse(value)) return [];
  const url = new URL(value);
  if (url.hostname !== service) return [];
  if (decodeURIComponent(url.password) === password) return [];
  return [
    `${name}'s password is not ${passwordName}, so it cannot log in to compose's ${service}. Leave ${name} unset (compose builds it from ${passwordName}), or URL-encode the password in it`,
  ];
}

/**
 * Whether a Caddy site address ([scheme://]host[:port], several separated by commas or
 * spaces) serves the origin: the same host (or a wildcard or no host), and the scheme and
 * port Caddy gives it (no scheme: HTTPS, on 443 unless a port other than 80 is named).
 */
export function siteServes(site: string, origin: URL): boolean {
  const originPort = Number(origin.port || (origin.protocol === "https:" ? 443 : 80));
  return site
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((address) => {
      const match = /^(?:(https?):\/\/)?(\[[^\]]+\]|[^:/]*)(?::(\d+))?(?:\/.*)?$/i.exec(address);
      if (!match) return false;
      const [, scheme, host = "", portText] = match;
      const port = portText ? Number(portText) : scheme?.toLowerCase() === "http" ? 80 : 443;
      const secure = scheme ? scheme.toLowerCase() === "https" : port !== 80;
      if (secure !== (origin.protocol === "https:") || port !== originPort) return false;
      const wanted = origin.hostname.toLowerCase();
      const named = host.toLowerCase();
      if (named === "" || named === wanted) return true;
      return named.startsWith("*.") && wanted.endsWith(named.slice(1)) && !wanted.slice(0, -named.length + 1).includes(".");
    });
}
