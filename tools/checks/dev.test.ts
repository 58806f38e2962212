import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, symlinkSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { firstBusyPort, shiftedPorts } from "../src/ports";

// `make dev` as a person runs it: the launcher in the foreground, then Ctrl-C.
const root = path.resolve(__dirname, "..", "..");
const ports = shiftedPorts(27_500);
const env = {
  ...process.env,
  HERA_ORIGIN_PORT: String(ports.origin),
  HERA_PORT: String(ports.hera),
  KRATOS_PUBLIC_PORT: String(ports.kratosPublic),
  KRATOS_ADMIN_PORT: String(ports.kratosAdmin),
  MAIL_SMTP_PORT: String(ports.smtp),
  MAIL_WEB_PORT: String(ports.mailWeb),
  CADDY_ADMIN_PORT: String(ports.caddyAdmin),
};
const children: ChildProcess[] = [];
afterEach(() => children.splice(0).forEach((c) => c.exitCode === null && c.kill("SIGKILL")));

function launch(extraEnv: NodeJS.ProcessEnv = {}) {
  const child = spawn(path.join(root, "node_modules/.bin/tsx"), ["tools/src/dev.ts"], { cwd: root, env: { ...env, ...extraEnv } });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
  const waitFor = async (text: string, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!output.includes(text)) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`never printed "${text}":\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, exited, waitFor, output: () => output };
}

describe("make dev", () => {
  it("prints progress and the URLs, serves sign-in, and Ctrl-C stops everything it started", async () => {
    const dev = launch();
    await dev.waitFor("Press Ctrl-C to stop everything.");
    expect(dev.output()).toMatch(/Migrating Kratos's database .*\n\s+done in \d+\.\ds/);
    expect(dev.output()).toContain(`Sign in:      http://localhost:${ports.origin}/login`);
    expect(dev.output()).toContain(`Your account: http://localhost:${ports.origin}/settings`);
    expect(dev.output()).toContain(`Mail inbox:   http://127.0.0.1:${ports.mailWeb}`);
    const login = await fetch(`http://localhost:${ports.origin}/login`, { redirect: "manual" });
    expect(login.status).toBe(303);

    dev.child.kill("SIGINT");
    expect(await dev.exited).toBe(0);
    expect(dev.output()).toContain("Stopped.");
    expect(await firstBusyPort(ports)).toBeUndefined();
  });

  it("names the port in use and the setting that moves it, and starts nothing", async () => {
    const squatter = net.createServer();
    await new Promise<void>((r) => squatter.listen(ports.kratosPublic, "127.0.0.1", r));
    try {
      const dev = launch();
      expect(await dev.exited).toBe(1);
      expect(dev.output()).toContain(
        `Port ${ports.kratosPublic} on 127.0.0.1 is in use (kratosPublic); stop what uses it or set KRATOS_PUBLIC_PORT to another port.`,
      );
    } finally {
      await new Promise((r) => squatter.close(r));
    }
    expect(await firstBusyPort(ports)).toBeUndefined();
  });

  it("rejects a port setting that is not a port", async () => {
    const dev = launch({ HERA_PORT: "eighty" });
    expect(await dev.exited).toBe(1);
    expect(dev.output()).toContain('HERA_PORT must be a port number (1-65535), not "eighty".');
  });

  it("refuses production mode with the development secrets, naming each setting", async () => {
    const dev = launch({ HERA_ENV: "production", SECRETS_COOKIE: "hera-dev-cookie-secret-DO-NOT-USE-IN-PRODUCTION", DSN: "", HERA_ORIGIN: "" });
    expect(await dev.exited).toBe(1);
    const out = dev.output();
    expect(out).toContain("Production mode refuses to start:");
    expect(out).toContain("- DSN is not set");
    expect(out).toContain("- SECRETS_COOKIE is a development default (public, in Hera's repository)");
    expect(out).toContain("- SECRETS_CIPHER is not set");
  });
});

describe("make check-tools", () => {
  it("names a missing tool instead of failing somewhere later", () => {
    // A PATH with make, bash, node, npm and gcc, and no Go.
    const bin = mkdtempSync(path.join(os.tmpdir(), "hera-path-"));
    for (const tool of ["make", "bash", "node", "npm", "gcc"]) {
      const found = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
      symlinkSync(found, path.join(bin, tool));
    }
    const result = spawnSync(path.join(bin, "make"), ["check-tools"], { cwd: root, env: { PATH: bin }, encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("Missing tool: go");
    expect(result.stderr).not.toContain("Missing tool: node");
  });
});
