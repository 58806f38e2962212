import { describe, expect, it } from "vitest";
import { composeNotices, composeProblems, siteServes } from "./compose";

const development = {
  HERA_COMPOSE_FILES: "development",
  HERA_ENV: "development",
  HERA_ORIGIN: "http://localhost:4455",
  HERA_SITE: "http://localhost:4455",
  HERA_ORIGIN_PORT: "4455",
  POSTGRES_PASSWORD: "pg-password",
  DSN: "postgres://hera:pg-password@postgres:5432/kratos?sslmode=disable",
  REDIS_PASSWORD: "redis-password",
  HERA_REDIS_URL: "redis://:redis-password@redis:6379",
};
const production = {
  ...development,
  HERA_COMPOSE_FILES: "production",
  HERA_ENV: "production",
  HERA_ORIGIN: "https://login.example.com",
  HERA_SITE: "login.example.com",
};

describe("the settings only docker compose has", () => {
  it("accepts development's and production's defaults", () => {
    expect(composeProblems(development)).toEqual([]);
    expect(composeProblems(production)).toEqual([]);
  });

  it("refuses .env asking for production while the development files run, naming the command", () => {
    const [problem, ...rest] = composeProblems({ ...development, HERA_ENV: "production" });
    expect(rest).toEqual([]);
    expect(problem).toContain("docker compose -f docker-compose.yml -f docker-compose.production.yml up");
    expect(problem).toContain("COMPOSE_FILE=docker-compose.yml:docker-compose.production.yml");
    // The production files decide the mode themselves.
    expect(composeProblems({ ...production, HERA_ENV: "production" })).toEqual([]);
  });

  it("refuses a Caddy site that does not serve the origin", () => {
    // The default left in place while the origin moved to a domain: 80 and 443 answer nothing.
    expect(composeProblems({ ...production, HERA_SITE: "http://localhost:4455" })).toEqual([
      expect.stringMatching(/^HERA_SITE \(http:\/\/localhost:4455\) does not serve HERA_ORIGIN \(https:\/\/login.example.com\)/),
    ]);
    expect(composeProblems({ ...production, HERA_SITE: "https://login.example.com" })).toEqual([]);
    expect(composeProblems({ ...production, HERA_SITE: "*.example.com" })).toEqual([]);
  });

  it("reads Caddy's site addresses as Caddy does", () => {
    const https = new URL("https://login.example.com");
    const http = new URL("http://localhost:4455");
    expect(siteServes("login.example.com", https)).toBe(true);
    expect(siteServes("LOGIN.example.com:443", https)).toBe(true);
    expect(siteServes("other.example.com, login.example.com", https)).toBe(true);
    expect(siteServes("http://login.example.com", https)).toBe(false);
    expect(siteServes("login.example.com:8443", https)).toBe(false);
    expect(siteServes("*.example.com", new URL("https://a.b.example.com"))).toBe(false);
    expect(siteServes("example.com", https)).toBe(false);
    expect(siteServes("http://localhost:4455", http)).toBe(true);
    expect(siteServes(":4455", http)).toBe(false); // no scheme and a port other than 80: HTTPS
    expect(siteServes("http://:4455", http)).toBe(true);
    expect(siteServes("localhost:4455", http)).toBe(false);
    expect(siteServes("http://localhost:4456", http)).toBe(false);
  });

  it("refuses an origin on a port compose does not publish", () => {
    expect(composeProblems({ ...production, HERA_ORIGIN: "https://login.example.com:8443", HERA_SITE: "login.example.com:8443" })).toEqual([
      "HERA_ORIGIN (https://login.example.com:8443) names port 8443, but production publishes 80 and 443 only: leave the port out",
    ]);
    expect(composeProblems({ ...development, HERA_ORIGIN: "http://localhost:8080", HERA_SITE: "http://localhost:8080" })).toEqual([
      "HERA_ORIGIN (http://localhost:8080) is on port 8080, but docker compose publishes HERA_ORIGIN_PORT (4455): make them the same",
    ]);
    expect(composeProblems({ ...development, HERA_ORIGIN: "http://localhost:8080", HERA_SITE: "http://localhost:8080", HERA_ORIGIN_PORT: "8080" })).toEqual([]);
  });

  it("refuses a DSN or Redis URL whose password is not the one compose gives the database", () => {
    expect(composeProblems({ ...production, POSTGRES_PASSWORD: "a-new-password" })).toEqual([
      "DSN's password is not POSTGRES_PASSWORD, so it cannot log in to compose's postgres. Leave DSN unset (compose builds it from POSTGRES_PASSWORD), or URL-encode the password in it",
    ]);
    expect(composeProblems({ ...production, REDIS_PASSWORD: "a-new-password" })).toEqual([
      expect.stringMatching(/^HERA_REDIS_URL's password is not REDIS_PASSWORD/),
    ]);
    // URL-encoded in the DSN, as a password with @ or / must be.
    expect(composeProblems({ ...production, POSTGRES_PASSWORD: "p@ss/word", DSN: "postgres://hera:p%40ss%2Fword@postgres:5432/kratos" })).toEqual([]);
    // A database of the operator's own elsewhere is theirs to get right.
    expect(composeProblems({ ...production, DSN: "postgres://kratos:other@db.internal:5432/kratos" })).toEqual([]);
  });

  it("refuses an origin that is not a URL", () => {
    expect(composeProblems({ ...development, HERA_ORIGIN: "localhost:4455" })).toEqual([expect.stringMatching(/^HERA_ORIGIN must be a URL/)]);
  });
});

describe("what the preflight warns of, though the stack may start", () => {
  it("says passkeys will not work on an IP address or under another host's relying party", () => {
    expect(composeNotices({ ...development, HERA_RP_ID: "localhost" })).toEqual([]);
    expect(composeNotices({ ...production, HERA_RP_ID: "example.com" })).toEqual([]);
    // Someone opening the stack from a phone on the LAN's address.
    const [ip, ...more] = composeNotices({ ...development, HERA_ORIGIN: "http://192.168.1.20:4455", HERA_RP_ID: "localhost" });
    expect(ip).toContain("HERA_ORIGIN's host 192.168.1.20 is an IP address");
    expect(more).toEqual([]);
    expect(composeNotices({ ...development, HERA_ORIGIN: "http://[::1]:4455" })[0]).toContain("::1 is an IP address");
    expect(composeNotices({ ...development, HERA_ORIGIN: "http://hera.lan:4455", HERA_RP_ID: "localhost" })).toEqual([
      "HERA_RP_ID (localhost) is not HERA_ORIGIN's host (hera.lan) or a parent domain of it: browsers will refuse passkeys and security keys. Set HERA_RP_ID=hera.lan",
    ]);
  });
});
