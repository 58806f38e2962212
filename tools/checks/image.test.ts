import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import dockerignore from "@balena/dockerignore";
import { DockerfileParser, type Instruction } from "dockerfile-ast";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { shiftedPorts } from "../src/ports";
import { heraNodeFlags } from "../src/stack";

// No Docker engine runs here, so ui/Dockerfile's steps are run as Docker would run them:
// each stage in a folder of its own, COPY from the build context (minus .dockerignore) or
// from another stage, RUN in the stage's WORKDIR. The final stage's folder is what the
// image would carry; its CMD is started and must serve Hera's pages.
const root = path.resolve(__dirname, "..", "..");
const dockerfile = path.join(root, "ui/Dockerfile");
const work = mkdtempSync(path.join(os.tmpdir(), "hera-image-"));
const port = shiftedPorts(25_000).hera;
// The image's Node line, from the npm registry (make image-node), first on PATH for every
// step and for the CMD: `npm` runs on whichever `node` PATH gives it.
const imageNode = process.env.IMAGE_NODE ?? path.join(root, ".bin/image-node/bin/node");
const imagePath = `${path.dirname(imageNode)}${path.delimiter}${process.env.PATH}`;
let server: ChildProcess | undefined;
afterAll(() => {
  server?.kill("SIGKILL");
  rmSync(work, { recursive: true, force: true });
});

type Stage = { name: string; dir: string; workdir: string; env: Record<string, string>; runs: string[]; cmd?: string[] };

const ignore = dockerignore({ ignorecase: false }).add(readFileSync(path.join(root, ".dockerignore"), "utf8").split("\n"));
const args = (i: Instruction) => i.getArguments().map((a) => a.getValue());

/** Runs the Dockerfile's stages; returns the final one. */
function build(): Stage[] {
  const stages: Stage[] = [];
  let stage: Stage | undefined;
  const instructions = DockerfileParser.parse(readFileSync(dockerfile, "utf8")).getInstructions();
  const stageCount = instructions.filter((i) => i.getKeyword() === "FROM").length;
  for (const instruction of instructions) {
    const keyword = instruction.getKeyword();
    const a = args(instruction);
    if (keyword === "FROM") {
      const name = a[2] ?? `stage-${stages.length}`;
      stage = { name, dir: path.join(work, name), workdir: "/", env: {}, runs: [] };
      mkdirSync(stage.dir, { recursive: true });
      stages.push(stage);
      continue;
    }
    if (!stage) throw new Error(`${keyword} before FROM`);
    const inStage = (p: string) => path.join(stage!.dir, path.posix.resolve(stage!.workdir, p));
    switch (keyword) {
      case "WORKDIR":
        stage.workdir = path.posix.resolve(stage.workdir, a[0]!);
        mkdirSync(inStage("."), { recursive: true });
        break;
      case "ENV":
        for (const pair of a) {
          const [k, ...v] = pair.split("=");
          stage.env[k!] = v.join("=");
        }
        break;
      case "COPY": {
        const flags = (instruction as unknown as { getFlags(): { getName(): string; getValue(): string | null }[] }).getFlags();
        const from = flags.find((f) => f.getName() === "from")?.getValue() ?? undefined;
        const [dest, ...sources] = [...a].reverse();
        const target = inStage(dest!);
        for (const source of sources.reverse()) {
          const origin = from ? path.join(stages.find((s) => s.name === from)!.dir, source) : path.join(root, source);
          const into = dest!.endsWith("/") ? path.join(target, path.basename(source)) : target;
          cpSync(origin, into, {
            recursive: true,
            filter: (p) => from !== undefined || p === origin || !ignore.ignores(path.relative(root, p)),
          });
        }
        break;
      }
      case "RUN": {
        const command = instruction
          .getTextContent()
          .replace(/^RUN\s+/, "")
          .replace(/\\\n/g, " ");
        stage.runs.push(command);
        // The final stage's RUN lines make the image's own folders and owners (checked
        // below, not run here); every other stage is built as Docker builds it.
        if (stages.length === stageCount) break;
        const result = spawnSync("sh", ["-c", command], { cwd: inStage("."), encoding: "utf8", env: { ...process.env, PATH: imagePath, ...stage.env } });
        if (result.status !== 0) throw new Error(`${stage.name}: \`${command}\` failed:\n${result.stdout}\n${result.stderr}`);
        break;
      }
      case "CMD":
        stage.cmd = JSON.parse(instruction.getTextContent().replace(/^CMD\s+/, ""));
        break;
    }
  }
  return stages;
}

function size(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) total += size(p);
    else if (entry.isFile()) total += statSync(p).size;
  }
  return total;
}

/** End of life of Node.js's LTS lines (nodejs.org's release schedule). */
const nodeEndOfLife: Record<number, string> = { 18: "2025-04-30", 20: "2026-04-30", 22: "2027-04-30", 24: "2028-04-30" };

describe("ui/Dockerfile (Hera's production image), built natively step by step", () => {
  let stages: Stage[] = [];

  it("runs a Node.js LTS line that stays supported for at least six months, and is built here with it", () => {
    const lines = [...readFileSync(dockerfile, "utf8").matchAll(/^FROM node:(\d+)-/gm)].map((m) => Number(m[1]));
    expect(lines.length).toBe(3);
    expect(new Set(lines).size, "every stage on one line").toBe(1);
    const endOfLife = nodeEndOfLife[lines[0]!];
    expect(endOfLife, `Node ${lines[0]} is not an LTS line`).toBeDefined();
    const sixMonths = 183 * 24 * 3600 * 1000;
    expect(Date.parse(endOfLife!) - Date.now(), `Node ${lines[0]} ends ${endOfLife}`).toBeGreaterThan(sixMonths);
    const version = spawnSync(imageNode, ["--version"], { encoding: "utf8" }).stdout.trim();
    expect(version, `${imageNode} (make image-node)`).toMatch(new RegExp(`^v${lines[0]}\\.`));
  });

  it("builds, and the image carries runtime dependencies only", { timeout: 600_000 }, () => {
    const started = Date.now();
    stages = build();
    const image = stages.at(-1)!;
    const app = path.join(image.dir, image.workdir);
    expect(existsSync(path.join(app, "ui/dist/server/main.js"))).toBe(true);
    expect(existsSync(path.join(app, "ui/dist/client/.vite/manifest.json"))).toBe(true);
    expect(existsSync(path.join(app, "email-templates/partials/layout.html.hbs"))).toBe(true);
    // Where Node finds a package for Hera's server: its own node_modules, then the top one.
    const installed = (name: string) => ["ui/node_modules", "node_modules"].some((d) => existsSync(path.join(app, d, name)));
    for (const runtime of ["express", "@ory/client-fetch", "lmdb", "nodemailer", "ioredis", "yaml"]) expect(installed(runtime), runtime).toBe(true);
    // (TypeScript does come along: react-intl, under Ory Elements, names it as a peer.)
    for (const tool of ["vite", "vitest", "@playwright/test", "maildev", "happy-dom", "tsx", "esbuild", "jsdom"]) expect(installed(tool), tool).toBe(false);
    expect(image.runs).toEqual(["mkdir -p /var/lib/hera && chown node:node /var/lib/hera"]);
    expect(readFileSync(dockerfile, "utf8")).toMatch(/^USER node$/m);
    const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
    console.log(
      `Hera's production build (what the image adds to node:24-bookworm-slim): ${mb(size(app))}` +
        ` (node_modules ${mb(size(path.join(app, "node_modules")))}, ui/dist ${mb(size(path.join(app, "ui/dist")))}); built in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  });

  it("starts with its CMD and serves Hera's pages and bundle", { timeout: 60_000 }, async () => {
    const image = stages.at(-1)!;
    const app = path.join(image.dir, image.workdir);
    const [command, ...rest] = image.cmd!;
    expect(command).toBe("node");
    // Node's flags as the launcher of make dev and the suite gives them.
    expect(rest.slice(0, -1)).toEqual(heraNodeFlags);
    // What compose adds: Kratos's files (mounted there), a writable state folder, a port.
    server = spawn(imageNode, rest, {
      cwd: app,
      env: {
        PATH: imagePath,
        ...image.env,
        HERA_HOST: "127.0.0.1",
        HERA_PORT: String(port),
        HERA_STATE_DIR: path.join(work, "state"),
        // No Kratos: a port nothing listens on, whatever else runs on this machine.
        KRATOS_PUBLIC_URL: "http://127.0.0.1:9",
        KRATOS_ADMIN_URL: "http://127.0.0.1:9",
        KRATOS_CONFIG_FILES: `${path.join(root, "kratos/kratos.yml")},${path.join(root, "kratos/development.yml")}`,
      },
    });
    let output = "";
    server.stdout!.on("data", (d) => (output += d));
    server.stderr!.on("data", (d) => (output += d));
    const base = `http://127.0.0.1:${port}`;
    let alive = false;
    for (let i = 0; i < 100 && !alive && server.exitCode === null; i++) {
      alive = await fetch(`${base}/health/alive`).then(
        (r) => r.ok,
        () => false,
      );
      if (!alive) await new Promise((r) => setTimeout(r, 100));
    }
    expect(alive, output).toBe(true);
    expect(JSON.parse(output.split("\n").find((l) => l.includes("hera listening"))!)).toMatchObject({ env: "development", service: "hera" });
    // The email templates, the views and Handlebars, all from the image's own folders.
    const emails = await fetch(`${base}/dev/emails`);
    expect(emails.status).toBe(200);
    expect(await emails.text()).toContain("login_code_valid");
    // The browser bundle the pages point at.
    const manifest = JSON.parse(readFileSync(path.join(app, "ui/dist/client/.vite/manifest.json"), "utf8"));
    const entry = (Object.values(manifest) as { file: string; isEntry?: boolean }[]).find((e) => e.isEntry)!;
    const bundle = await fetch(`${base}/${entry.file}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toMatch(/javascript/);
    // Readiness says Kratos is missing rather than pretending.
    expect((await fetch(`${base}/health/ready`)).status).toBe(503);
    // Compose's health check for this image, run as the container would (the image's node):
    // unhealthy without Kratos, and healthy where the endpoint answers 200.
    const compose = parse(readFileSync(path.join(root, "docker-compose.yml"), "utf8"));
    const [kind, executable, ...check] = compose.services.hera.healthcheck.test as string[];
    expect([kind, executable, check[0]]).toEqual(["CMD", "node", "-e"]);
    const healthCheck = (script: string) => spawnSync(imageNode, ["-e", script.replace("127.0.0.1:3000", `127.0.0.1:${port}`)], { timeout: 10_000 }).status;
    expect(healthCheck(check[1]!)).toBe(1);
    expect(healthCheck(check[1]!.replace("/health/ready", "/health/alive"))).toBe(0);
  });

  it("puts hera-admin on PATH, which runs the operator's command line from the image's own folders", async () => {
    const image = stages.at(-1)!;
    const app = path.join(image.dir, image.workdir);
    const script = path.join(image.dir, "usr/local/bin/hera-admin");
    expect(statSync(script).mode & 0o111, "hera-admin is executable").not.toBe(0);
    // The script names the image's /app; the stage's folder stands in for it here.
    const body = readFileSync(script, "utf8").replaceAll("/app/", `${app}/`);
    const heraAdmin = (args: string[], env: Record<string, string>) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn("sh", ["-c", body, "hera-admin", ...args], { env: { PATH: imagePath, ...image.env, ...env } });
        let out = "";
        child.stdout.on("data", (d) => (out += d));
        child.stderr.on("data", (d) => (out += d));
        child.on("exit", (code) => resolve({ code, out }));
      });
    const help = await heraAdmin(["--help"], {});
    expect(help.code, help.out).toBe(0);
    expect(help.out).toContain("remove-second-factors <who>");
    // A lookup opens what every command opens (configuration, limits store, Kratos's admin
    // API), here a stand-in for Kratos that knows one account.
    const id = "5b0e8f3a-2c4d-4f6e-9a1b-3c5d7e9f1a2b";
    const admin = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.url?.startsWith("/admin/identities?")) return res.end(JSON.stringify([{ id }]));
      if (req.url === `/admin/identities/${id}`) return res.end(JSON.stringify({ id, state: "active", traits: { email: "ada@example.org" } }));
      res.statusCode = 404;
      res.end("{}");
    });
    await new Promise<void>((r) => admin.listen(0, "127.0.0.1", r));
    const found = await heraAdmin(["find", "ada@example.org"], {
      HERA_STATE_DIR: path.join(work, "admin-state"),
      KRATOS_ADMIN_URL: `http://127.0.0.1:${(admin.address() as AddressInfo).port}`,
      KRATOS_CONFIG_FILES: `${path.join(root, "kratos/kratos.yml")},${path.join(root, "kratos/development.yml")}`,
    });
    admin.close();
    expect(found.code, found.out).toBe(0);
    expect(found.out).toMatch(new RegExp(`^${id}\\s+ada@example\\.org\\s+active$`, "m"));
  });

  it("runs the check for accounts made before the passkey lock from its file alone, as docs/security.md's compose command does", async () => {
    // Node 24 runs TypeScript by stripping its types, so the operator mounts the one file
    // into Hera's image (docs/security.md, "Accounts made before the passkey lock"). Kratos's admin
    // API answers here with identities as v1.3.1 writes them; the findings themselves are
    // proved against the real Kratos in e2e/tests/passkey-sign-up.spec.ts.
    const id = "3f6c2a9e-1b7d-4e55-8a0f-6d2b9c4e7a11";
    const identity = {
      id,
      state: "active",
      credentials: { passkey: { type: "passkey", created_at: "2026-11-20T10:00:00Z" }, code: { type: "code", created_at: "2026-11-20T10:00:00Z" } },
      verifiable_addresses: [{ value: "someone@example.org", via: "email", verified: false, status: "pending" }],
    };
    const admin = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      if (req.url?.startsWith("/admin/identities?")) return res.end(JSON.stringify([{ id }]));
      if (req.url === `/admin/identities/${id}`) return res.end(JSON.stringify(identity));
      res.statusCode = 404;
      res.end("{}");
    });
    await new Promise<void>((r) => admin.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(admin.address() as AddressInfo).port}`;
    const run = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(imageNode, [path.join(root, "tools/src/passkey-accounts.ts")], { env: { ...process.env, KRATOS_ADMIN_URL: url } });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (out += d));
      child.on("exit", (code) => resolve({ code, out }));
    });
    admin.close();
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(new RegExp(`never proved\\s+${id}\\s+someone@example\\.org`));
  });
});
