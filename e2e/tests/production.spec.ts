import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, ownStack, test } from "../support/hera";
import { codeIn } from "../support/mail";
import { currentLogs, freshDatabase, root, stacks } from "../support/stacks";

// Production mode as an operator runs it natively (HERA_ENV=production): PostgreSQL,
// every secret from the environment, Kratos without --dev, Caddy terminating TLS for
// https://localhost (its own certificate authority), Hera sending mail over SMTPS to a
// server whose certificate it verifies, and every service logging JSON.
const { ports } = stacks.production;
const origin = `https://localhost:${ports.origin}`;
const httpPort = ports.origin + 2;
const secret = () => randomBytes(24).toString("hex");
let mailServer: ChildProcess | undefined;

const own = ownStack("production", {
  production: () => {
    // A certificate for the mail server, trusted by Hera alone (NODE_EXTRA_CA_CERTS).
    const dir = mkdtempSync(path.join(os.tmpdir(), "hera-smtps-"));
    const [cert, key] = [path.join(dir, "smtp.crt"), path.join(dir, "smtp.key")];
    const openssl = spawnSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost",
        "-keyout",
        key,
        "-out",
        cert,
      ],
      { encoding: "utf8" },
    );
    if (openssl.status !== 0) throw new Error(`openssl could not make the SMTP certificate: ${openssl.error?.message ?? openssl.stderr}`);
    const smtpPassword = secret();
    mailServer = spawn(
      process.execPath,
      [
        path.join(root, "node_modules/maildev/bin/maildev"),
        "--ip",
        "127.0.0.1",
        "--smtp",
        String(ports.smtp),
        "--web",
        String(ports.mailWeb),
        "--incoming-secure",
        "--incoming-cert",
        cert,
        "--incoming-key",
        key,
        "--incoming-user",
        "hera",
        "--incoming-pass",
        smtpPassword,
      ],
      { stdio: "ignore" },
    );
    return {
      HERA_ENV: "production",
      HERA_ORIGIN: origin,
      HERA_SITE: origin,
      CADDY_HTTP_PORT: String(httpPort),
      DSN: freshDatabase(stacks.production.database, true)!,
      SECRETS_COOKIE: secret(),
      SECRETS_CIPHER: randomBytes(16).toString("hex"),
      SECRETS_DEFAULT: secret(),
      HERA_COURIER_SECRET: secret(),
      HERA_HOOK_SECRET: secret(),
      HERA_DEVICE_SECRET: secret(),
      HERA_SMTP_URL: `smtps://hera:${smtpPassword}@localhost:${ports.smtp}/`,
      NODE_EXTRA_CA_CERTS: cert,
    };
  },
});
test.afterAll(() => mailServer?.kill("SIGTERM"));
// Chromium does not know Caddy's local authority; the stack's own checks verify against it.
test.use({ ignoreHTTPSErrors: true });

test("sign-up over HTTPS, signed in, with Secure cookies, HSTS and the code sent over SMTPS", async ({ page }) => {
  const { hera } = own;
  expect(own.stack!.origin).toBe(origin);
  const email = hera.newEmail("production");
  await page.goto(`${origin}/registration`);
  await page.locator('input[name="traits.email"]').fill(email);
  await page.locator('button[name="method"][value="code"]').click();
  await expect(page.locator('input[name="code"]')).toBeVisible();
  const mail = await hera.mail(email);
  expect(mail.text).toContain(`${origin}/registration?flow=`);
  await page.locator('input[name="code"]').fill(codeIn(mail));
  await expect(page).toHaveURL(`${origin}/welcome`);

  const cookies = await page.context().cookies(origin);
  const session = cookies.find((c) => c.name === "ory_kratos_session");
  expect(session, JSON.stringify(cookies.map((c) => c.name))).toBeDefined();
  for (const cookie of cookies) expect(cookie.secure, cookie.name).toBe(true);
  const welcome = await page.request.get(`${origin}/welcome`);
  expect(welcome.headers()["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
  expect((await page.request.get(`${origin}/sessions/whoami`)).status()).toBe(200);

  // Plain HTTP is sent to HTTPS.
  const plain = await fetch(`http://localhost:${httpPort}/login`, { redirect: "manual" });
  expect(plain.status).toBe(308);
  expect(plain.headers.get("location")).toBe(`${origin}/login`);
});

test("every service answers its health endpoints", async ({ request }) => {
  for (const url of [
    `${origin}/health/alive`,
    `${origin}/health/ready`,
    `http://127.0.0.1:${ports.hera}/health/ready`,
    `http://127.0.0.1:${ports.kratosAdmin}/health/ready`,
    `http://127.0.0.1:${ports.kratosPublic}/health/alive`,
  ]) {
    expect((await request.get(url)).status(), url).toBe(200);
  }
});

test("every service logs one JSON object a line, and no code", async ({ page }) => {
  const { hera } = own;
  // One more sign-in's worth of lines, with its code to look for.
  const email = hera.newEmail("production-logs");
  await page.goto(`${origin}/registration`);
  await page.locator('input[name="traits.email"]').fill(email);
  await page.locator('button[name="method"][value="code"]').click();
  const code = codeIn(await hera.mail(email));
  await page.locator('input[name="code"]').fill(code);
  await expect(page).toHaveURL(`${origin}/welcome`);

  const logs = path.join(own.stack!.dataDir, "logs");
  const files = currentLogs(own.stack!.dataDir);
  expect(files).toEqual(["caddy.log", "hera.log", "kratos.log"]);
  for (const file of files) {
    const lines = readFileSync(path.join(logs, file), "utf8").split("\n").filter(Boolean);
    expect(lines.length, file).toBeGreaterThan(3);
    for (const line of lines) expect(() => JSON.parse(line), `${file}: ${line}`).not.toThrow();
    expect(lines.join("\n"), file).not.toContain(code);
    // No address either, of this test or any other (all are at example.test).
    expect(lines.join("\n"), file).not.toMatch(/(@|%40|\\u0040)example\.test/i);
  }
});
