import { describe, expect, it } from "vitest";
import { productionProblems } from "./production";

const good = {
  DSN: "postgres://kratos:s3cret@db.internal:5432/kratos?sslmode=require",
  SECRETS_COOKIE: "a-real-cookie-secret-of-some-length",
  SECRETS_CIPHER: "0123456789abcdef0123456789abcdef",
  SECRETS_DEFAULT: "a-real-default-secret-of-some-length",
  HERA_COURIER_SECRET: "a-real-courier-secret-of-some-length",
  HERA_HOOK_SECRET: "a-real-hook-secret-of-some-length",
  HERA_DEVICE_SECRET: "a-real-device-secret-of-some-length",
  HERA_SMTP_URL: "smtps://mailer:pw@smtp.internal:465/",
  HERA_ORIGIN: "https://login.example.com",
};

describe("production mode", () => {
  it("starts with every secret from the environment", () => {
    expect(productionProblems(good)).toEqual([]);
  });

  it("names every missing setting", () => {
    expect(productionProblems({})).toEqual([
      "DSN is not set",
      "SECRETS_COOKIE is not set",
      "SECRETS_CIPHER is not set",
      "SECRETS_DEFAULT is not set",
      "HERA_COURIER_SECRET is not set",
      "HERA_HOOK_SECRET is not set",
      "HERA_DEVICE_SECRET is not set",
      "HERA_SMTP_URL is not set",
      "HERA_ORIGIN is not set",
    ]);
  });

  it("refuses the development secrets committed in Hera's repository, naming each", () => {
    const problems = productionProblems({
      ...good,
      SECRETS_COOKIE: "hera-dev-cookie-secret-DO-NOT-USE-IN-PRODUCTION",
      SECRETS_CIPHER: "new-cipher-secret-32-characters!,hera-dev-cipher-secret-32-chars!",
      HERA_COURIER_SECRET: "hera-dev-courier-secret-DO-NOT-USE-IN-PRODUCTION",
      HERA_HOOK_SECRET: "hera-dev-hook-secret-DO-NOT-USE-IN-PRODUCTION",
      HERA_DEVICE_SECRET: "hera-dev-device-secret-DO-NOT-USE-IN-PRODUCTION",
    });
    expect(problems).toEqual([
      "SECRETS_COOKIE is a development default (public, in Hera's repository)",
      "SECRETS_CIPHER is a development default (public, in Hera's repository)",
      "HERA_COURIER_SECRET is a development default (public, in Hera's repository)",
      "HERA_HOOK_SECRET is a development default (public, in Hera's repository)",
      "HERA_DEVICE_SECRET is a development default (public, in Hera's repository)",
    ]);
  });

  it("refuses SQLite, plain http and SMTP without TLS", () => {
    expect(
      productionProblems({
        ...good,
        DSN: "sqlite:///data/k.sqlite",
        HERA_ORIGIN: "http://login.example.com",
        HERA_SMTP_URL: "smtp://m:1025/?disable_starttls=true",
      }),
    ).toEqual([
      "DSN must point at PostgreSQL in production, not SQLite or memory",
      "HERA_ORIGIN must be an https:// URL",
      "HERA_SMTP_URL disables TLS (disable_starttls=true)",
    ]);
  });

  it("refuses docker-compose.yml's development PostgreSQL password, however it arrives", () => {
    expect(productionProblems({ ...good, DSN: "postgres://hera:hera-dev-postgres-DO-NOT-USE-IN-PRODUCTION@postgres:5432/kratos" })).toEqual([
      "POSTGRES_PASSWORD is a development default (public, in Hera's repository)",
    ]);
    expect(productionProblems({ ...good, POSTGRES_PASSWORD: "hera-dev-postgres-DO-NOT-USE-IN-PRODUCTION" })).toEqual([
      "POSTGRES_PASSWORD is a development default (public, in Hera's repository)",
    ]);
  });

  it("accepts the origin's host or a parent domain as the passkeys' relying party, nothing else", () => {
    expect(productionProblems({ ...good, HERA_RP_ID: "login.example.com" })).toEqual([]);
    expect(productionProblems({ ...good, HERA_RP_ID: "example.com" })).toEqual([]);
    expect(productionProblems({ ...good, HERA_RP_ID: "localhost" })).toEqual([
      'HERA_RP_ID must be HERA_ORIGIN\'s host (login.example.com) or a parent domain of it, not "localhost"',
    ]);
    expect(productionProblems({ ...good, HERA_RP_ID: "ample.com" })).toHaveLength(1);
  });

  it("needs the origin among the return URLs, and https for every app", () => {
    expect(productionProblems({ ...good, HERA_ALLOWED_RETURN_URLS: "https://login.example.com,https://app.example.com" })).toEqual([]);
    expect(productionProblems({ ...good, HERA_ALLOWED_RETURN_URLS: "http://localhost:4455,http://app.example.com" })).toEqual([
      "HERA_ALLOWED_RETURN_URLS must include HERA_ORIGIN (https://login.example.com): Kratos returns browsers to Hera's own pages",
      'HERA_ALLOWED_RETURN_URLS: "http://localhost:4455" must be an https:// URL',
      'HERA_ALLOWED_RETURN_URLS: "http://app.example.com" must be an https:// URL',
    ]);
  });

  it("refuses weak secrets", () => {
    expect(productionProblems({ ...good, SECRETS_CIPHER: "short", SECRETS_DEFAULT: "tiny" })).toEqual([
      "SECRETS_CIPHER must be exactly 32 characters (xchacha20-poly1305)",
      "SECRETS_DEFAULT must be at least 16 characters",
    ]);
  });
});
