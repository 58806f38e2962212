// `make bench`: Hera against Kratos itself, in one run, on SQLite and on PostgreSQL. Not a
// test: it prints figures and ratios and writes them as JSON under .data/bench/ for
// comparison between commits; the targets are in docs/performance.md.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { shiftedPorts } from "../ports";
import { startStack, type Stack } from "../stack";
import { injectFaults } from "./faults";
import { Inbox } from "./inbox";
import { Cookies, cpuSeconds, median, percentile, residentMb } from "./measure";
import { cpuByPart } from "./profile";
import { csrfOf, outcomes, signUp, signUps, type FlowJson } from "./sign-up";

const root = path.resolve(__dirname, "..", "..", "..");
// Below Linux's ephemeral ports (32768 and up), which a busy machine's own connections take; apart from
// every e2e stack's, so make bench can run beside the suite.
const ports = shiftedPorts(21_250);
const inboxPort = ports.smtp + 5;

type Options = {
  databases: ("sqlite" | "postgres")[];
  rounds: number;
  signUps: number;
  concurrency: number;
  inboxSamples: number;
  soak: number;
  profile: boolean;
};

function options(argv: string[]): Options {
  const value = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const n = Number(argv[i + 1]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a whole number, not "${argv[i + 1]}"`);
    return n;
  };
  const db = argv.includes("--db") ? argv[argv.indexOf("--db") + 1] : "both";
  if (!["sqlite", "postgres", "both"].includes(db!)) throw new Error(`--db takes sqlite, postgres or both, not "${db}"`);
  return {
    databases: db === "both" ? ["sqlite", "postgres"] : [db as "sqlite" | "postgres"],
    rounds: value("rounds", 200),
    signUps: value("sign-ups", 1000),
    concurrency: value("concurrency", 16),
    inboxSamples: value("inbox-samples", 30),
    soak: value("soak", 300),
    profile: argv.includes("--profile"),
  };
}

const postgres = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432";
function freshDatabase(name: string): string {
  const psql = spawnSync(
    "psql",
    [`${postgres}/postgres`, "-q", "-v", "ON_ERROR_STOP=1", "-c", `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`, "-c", `CREATE DATABASE ${name}`],
    {
      encoding: "utf8",
    },
  );
  if (psql.status !== 0)
    throw new Error(`PostgreSQL at ${postgres} did not give a fresh ${name} (set BENCH_POSTGRES_URL): ${psql.error?.message ?? psql.stderr}`);
  return `${postgres}/${name}?sslmode=disable`;
}

/** Median and 95th percentile of a list of milliseconds. */
const summary = (ms: number[]) => ({ median: round(median(ms)), p95: round(percentile(ms, 0.95)), samples: ms.length });
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function timed(url: string, headers: Record<string, string>, expect: number): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { headers, redirect: "manual" });
  await res.arrayBuffer();
  const ms = performance.now() - started;
  if (res.status !== expect) throw new Error(`${url} answered ${res.status}, not ${expect}`);
  return ms;
}

/** Kratos's flow fetch beside Hera's pages for the same flows, interleaved so both see the same machine. */
async function pages(stack: Stack, rounds: number, knownAddress: string) {
  const kratos = `http://127.0.0.1:${ports.kratosPublic}`;
  const hera = `http://127.0.0.1:${ports.hera}`;
  const browser = new Cookies();
  const startFlow = async () => {
    const res = await fetch(`${stack.origin}/self-service/login/browser`, { headers: { Accept: "application/json", Cookie: browser.header() } });
    browser.take(res);
    return (await res.json()) as FlowJson;
  };
  const login = await startFlow();
  const sent = await startFlow();
  const csrf = csrfOf(sent);
  const asked = await fetch(`${stack.origin}/self-service/login?flow=${sent.id}`, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json", Cookie: browser.header() },
    body: JSON.stringify({ method: "code", csrf_token: csrf, identifier: knownAddress }),
  });
  browser.take(asked);
  const state = ((await asked.json()) as { state?: string }).state;
  if (state !== "sent_email") throw new Error(`the check-email flow is "${state}", not sent_email`);
  const html = { Accept: "text/html", Cookie: browser.header() };
  const json = { Accept: "application/json", Cookie: browser.header() };
  const kinds = {
    "Kratos flow fetch": () => timed(`${kratos}/self-service/login/flows?id=${login.id}`, json, 200),
    "Hera login page": () => timed(`${hera}/login?flow=${login.id}`, html, 200),
    "Hera check-email page": () => timed(`${hera}/login?flow=${sent.id}`, html, 200),
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(kinds).map((k) => [k, []]));
  const order = Object.keys(kinds) as (keyof typeof kinds)[];
  for (let i = 0; i < 20; i++) for (const k of order) await kinds[k]();
  for (let i = 0; i < rounds; i++) {
    // Each round in another order, so none always runs right after another.
    const rotated = [...order.slice(i % order.length), ...order.slice(0, i % order.length)];
    for (const k of rotated) samples[k]!.push(await kinds[k]());
  }
  return Object.fromEntries(Object.entries(samples).map(([k, ms]) => [k, summary(ms)]));
}

/** Bytes of one response as they cross the wire, with or without compression asked for. */
function wireBytes(url: string, compressed: boolean, cookie: string): Promise<{ bytes: number; encoding: string; type: string; cacheControl: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { Cookie: cookie, ...(compressed ? { "Accept-Encoding": "zstd, br, gzip" } : {}) } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () =>
        resolve({
          bytes,
          encoding: String(res.headers["content-encoding"] ?? "none"),
          type: String(res.headers["content-type"] ?? ""),
          cacheControl: String(res.headers["cache-control"] ?? ""),
        }),
      );
    });
    req.on("error", reject);
  });
}

/** The sign-in page's first visit: the HTML and every script and stylesheet it names. */
async function firstVisit(stack: Stack) {
  // A browser's first visit: each redirect's cookies (Kratos's CSRF cookie) sent on the next.
  const browser = new Cookies();
  let flowUrl = `${stack.origin}/login`;
  let res = await fetch(flowUrl, { redirect: "manual" });
  for (let hops = 0; res.status >= 300 && res.status < 400 && hops < 5; hops++) {
    browser.take(res);
    flowUrl = new URL(res.headers.get("location")!, flowUrl).toString();
    res = await fetch(flowUrl, { redirect: "manual", headers: { Cookie: browser.header() } });
  }
  const html = await res.text();
  if (res.status !== 200 || !/\/login\?flow=/.test(flowUrl)) throw new Error(`the sign-in page answered ${res.status} at ${flowUrl}`);
  const assets = [...html.matchAll(/<(?:script[^>]+src|link[^>]+href)="([^"]+\.(?:js|css))"/g)].map((m) => new URL(m[1]!, flowUrl).toString());
  type File = { path: string; type: string; raw: number; sent: number; encoding: string; cacheControl: string };
  const rows: File[] = [];
  for (const url of [flowUrl, ...new Set(assets)]) {
    const raw = await wireBytes(url, false, browser.header());
    const sent = await wireBytes(url, true, browser.header());
    rows.push({
      path: new URL(url).pathname,
      type: raw.type.split(";")[0]!,
      raw: raw.bytes,
      sent: sent.bytes,
      encoding: sent.encoding,
      cacheControl: sent.cacheControl,
    });
  }
  const sum = (filter: (r: File) => boolean, key: "raw" | "sent") => rows.filter(filter).reduce((a, r) => a + r[key], 0);
  const js = (r: File) => r.type.includes("javascript");
  return {
    files: rows,
    javascript: { raw: sum(js, "raw"), sent: sum(js, "sent") },
    total: { raw: sum(() => true, "raw"), sent: sum(() => true, "sent") },
  };
}

/** Sign-up's first email, from pressing Send to the message arriving, one at a time. */
async function sendToInbox(stack: Stack, inbox: Inbox, samples: number, tag: string) {
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const email = `inbox-${tag}-${i}@bench.example`;
    const browser = new Cookies();
    const start = await fetch(`${stack.origin}/self-service/registration/browser`, { headers: { Accept: "application/json" } });
    browser.take(start);
    const flow = (await start.json()) as FlowJson;
    const csrf = csrfOf(flow);
    const pressed = performance.now();
    const asked = await fetch(`${stack.origin}/self-service/registration?flow=${flow.id}`, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json", Cookie: browser.header() },
      body: JSON.stringify({ method: "code", csrf_token: csrf, traits: { email } }),
    });
    await asked.arrayBuffer();
    const mail = await inbox.waitFor(email, 1, 30_000);
    ms.push(mail.at - pressed);
    // Idle between samples, so each finds the courier where its wait left it.
    await new Promise((r) => setTimeout(r, 250 + Math.random() * 1000));
  }
  return summary(ms);
}

async function load(stack: Stack, inbox: Inbox, count: number, concurrency: number, tag: string) {
  const pids = { kratos: stack.pid("kratos")!, hera: stack.pid("hera")!, caddy: stack.pid("caddy")! };
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  const started = performance.now();
  const address = (i: number) => `load-${tag}-${i}@bench.example`;
  const results = await signUps(count, concurrency, (i) => signUp(stack.origin, address(i), async (to) => (await inbox.waitFor(to, 1, 60_000)).code));
  const seconds = (performance.now() - started) / 1000;
  const cpu = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, round((cpuSeconds(pid) - before[k]!) / count, 4)]));
  // Late or repeated emails: every address must hold exactly its one code.
  await new Promise((r) => setTimeout(r, 3000));
  const { lost, duplicated, reasons } = outcomes(results, address, (to) => inbox.to(to).length);
  return {
    signUps: count,
    concurrency,
    perSecond: round(count / seconds, 1),
    completed: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
    failures: reasons,
    emailsLost: lost,
    emailsDuplicated: duplicated,
    latency: summary(results.map((r) => r.ms)),
    cpuSecondsPerSignUp: cpu,
    residentMb: { hera: round(residentMb(pids.hera), 1), kratos: round(residentMb(pids.kratos), 1), caddy: round(residentMb(pids.caddy), 1) },
    heraFileMappedMb: round(residentMb(pids.hera, "RssFile"), 1),
  };
}

/** Every process under the given ones (Kratos's jsonnet workers, say), read from /proc. */
function descendants(pids: number[]): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone between the listing and the read
    }
  }
  const all: number[] = [];
  const visit = (pid: number) => {
    for (const child of children.get(pid) ?? []) {
      all.push(child);
      visit(child);
    }
  };
  pids.forEach(visit);
  return all;
}

/**
 * Sign-ups while things fail: Hera and Kratos each restarted once, SMTP away for 20 s.
 * Each sign-up must end with a session or a clear "try again shortly" (503, Retry-After);
 * every address whose code was sent gets exactly one email; no process is left over.
 */
async function soak(stack: Stack, inbox: Inbox, count: number, concurrency: number, tag: string, say: (line: string) => void) {
  const services = () => (["kratos", "hera", "caddy"] as const).map((n) => stack.pid(n)!);
  const processesBefore = descendants(services()).length;
  const faults = injectFaults(stack, inbox, { first: 3_000, between: 4_000, smtpDown: 20_000 }, say);
  const address = (i: number) => `soak-${tag}-${i}@bench.example`;
  const started = performance.now();
  const results = await signUps(count, concurrency, (i) => signUp(stack.origin, address(i), async (to) => (await inbox.waitFor(to, 1, 120_000)).code, 120_000));
  await faults;
  const seconds = (performance.now() - started) / 1000;
  // Emails still queued when the last sign-up ended have a moment to arrive.
  await new Promise((r) => setTimeout(r, 5_000));
  const { lost, duplicated, reasons } = outcomes(
    results,
    address,
    (to) => inbox.to(to).length,
    (f) => f.retryable,
  );
  const retryable = results.filter((r) => !r.ok && r.retryable).length;
  return {
    signUps: count,
    concurrency,
    seconds: round(seconds, 1),
    completed: results.filter((r) => r.ok).length,
    retryable,
    unclear: results.filter((r) => !r.ok).length - retryable,
    unclearReasons: reasons,
    emailsLost: lost,
    emailsDuplicated: duplicated,
    processesBefore,
    processesAfter: descendants(services()).length,
  };
}

async function bench(database: "sqlite" | "postgres", opts: Options) {
  const say = (line: string) => console.log(`[${database}] ${line}`);
  const inbox = new Inbox(inboxPort);
  await inbox.start();
  const dataDir = path.join(root, ".data", `bench-${database}`);
  // Hera's limits from an earlier run (3 emails per address in 15 minutes) go too.
  rmSync(path.join(dataDir, "hera-state"), { recursive: true, force: true });
  rmSync(path.join(dataDir, "profile"), { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  // Production's logging: Kratos at info (development.yml says debug), Hera's JSON at info.
  const overlay = path.join(dataDir, "kratos.bench.json");
  writeFileSync(overlay, JSON.stringify({ log: { level: "info", format: "json" } }));
  const stack = await startStack({
    root,
    name: `bench-${database}`,
    ports,
    mode: "development",
    // A host name, as make dev and production have: passkeys (and the page's script) are
    // offered only there, never on an IP address.
    host: "localhost",
    fresh: true,
    dsn: database === "postgres" ? freshDatabase("hera_bench") : undefined,
    kratosOverlays: [overlay],
    // --profile: Hera's CPU profile for the run, to open in Chrome's DevTools.
    heraNodeArgs: opts.profile ? ["--cpu-prof", `--cpu-prof-dir=${path.join(dataDir, "profile")}`] : [],
    heraEnv: {
      NODE_ENV: "production",
      LOG_LEVEL: "info",
      HERA_SMTP_URL: `smtp://127.0.0.1:${inboxPort}/?disable_starttls=true`,
    },
    // The edge's per-client limits would stop one client making every request.
    caddyEnv: { HERA_SIGN_IN_LIMIT: "1000000", HERA_SIGN_UP_LIMIT: "1000000", HERA_FLOW_START_LIMIT: "1000000" },
    say,
  });
  try {
    const atStart = { hera: round(residentMb(stack.pid("hera")!), 1), kratos: round(residentMb(stack.pid("kratos")!), 1) };
    say("send to inbox, one at a time on the idle stack...");
    const inboxLatency = await sendToInbox(stack, inbox, opts.inboxSamples, database);
    say(`pages: ${opts.rounds} interleaved rounds...`);
    const pageTimes = await pages(stack, opts.rounds, `inbox-${database}-0@bench.example`);
    say("the sign-in page's first visit...");
    const visit = await firstVisit(stack);
    say(`${opts.signUps} sign-ups, ${opts.concurrency} at a time...`);
    const signUpLoad = await load(stack, inbox, opts.signUps, opts.concurrency, database);
    say(`soak: ${opts.soak} sign-ups, ${opts.concurrency} at a time, through restarts and an SMTP outage...`);
    const soakRun = await soak(stack, inbox, opts.soak, opts.concurrency, database, say);
    return { database, residentMbAtStart: atStart, pages: pageTimes, firstVisit: visit, sendToInbox: inboxLatency, signUps: signUpLoad, soak: soakRun };
  } finally {
    await stack.stop();
    await inbox.stop();
  }
}

function table(results: Awaited<ReturnType<typeof bench>>[]) {
  const lines: string[] = [];
  const cols = results.map((r) => r.database);
  const row = (label: string, values: string[]) => lines.push(`${label.padEnd(46)}${values.map((v) => v.padStart(22)).join("")}`);
  row("", cols);
  const kratosFetch = (r: (typeof results)[number]) => r.pages["Kratos flow fetch"]!.median;
  for (const name of ["Kratos flow fetch", "Hera login page", "Hera check-email page"]) {
    row(
      `${name}, median / p95 (ms)`,
      results.map((r) => `${r.pages[name]!.median} / ${r.pages[name]!.p95}`),
    );
    if (name !== "Kratos flow fetch")
      row(
        `  ratio to Kratos's flow fetch (median)`,
        results.map((r) => `${round(r.pages[name]!.median / kratosFetch(r), 2)}x`),
      );
  }
  row(
    "sign-in page JavaScript, raw / sent (kB)",
    results.map((r) => `${round(r.firstVisit.javascript.raw / 1000, 1)} / ${round(r.firstVisit.javascript.sent / 1000, 1)}`),
  );
  row(
    "sign-in page, all files raw / sent (kB)",
    results.map((r) => `${round(r.firstVisit.total.raw / 1000, 1)} / ${round(r.firstVisit.total.sent / 1000, 1)}`),
  );
  row(
    "send to inbox, median / p95 (ms)",
    results.map((r) => `${r.sendToInbox.median} / ${r.sendToInbox.p95}`),
  );
  row(
    "sign-ups per second",
    results.map((r) => `${r.signUps.perSecond} (${r.signUps.concurrency} at a time)`),
  );
  row(
    "sign-ups completed / failed",
    results.map((r) => `${r.signUps.completed} / ${r.signUps.failed}`),
  );
  row(
    "emails lost / sent twice",
    results.map((r) => `${r.signUps.emailsLost} / ${r.signUps.emailsDuplicated}`),
  );
  for (const service of ["kratos", "hera", "caddy"] as const) {
    row(
      `CPU ms per sign-up, ${service}`,
      results.map((r) => `${round(r.signUps.cpuSecondsPerSignUp[service]! * 1000, 1)}`),
    );
  }
  row(
    "  Hera's CPU per sign-up / Kratos's",
    results.map((r) => `${round((r.signUps.cpuSecondsPerSignUp.hera! / r.signUps.cpuSecondsPerSignUp.kratos!) * 100, 0)}%`),
  );
  row(
    "resident memory at start, Hera / Kratos (MB)",
    results.map((r) => `${r.residentMbAtStart.hera} / ${r.residentMbAtStart.kratos}`),
  );
  row(
    "resident memory after load, Hera / Kratos (MB)",
    results.map((r) => `${r.signUps.residentMb.hera} / ${r.signUps.residentMb.kratos}`),
  );
  row(
    "  of Hera's, pages of mapped files (MB)",
    results.map((r) => `${r.signUps.heraFileMappedMb}`),
  );
  row(
    "soak: sign-ups completed / try again / unclear",
    results.map((r) => `${r.soak.completed} / ${r.soak.retryable} / ${r.soak.unclear}`),
  );
  row(
    "soak: emails lost / sent twice",
    results.map((r) => `${r.soak.emailsLost} / ${r.soak.emailsDuplicated}`),
  );
  row(
    "soak: processes under the stack before / after",
    results.map((r) => `${r.soak.processesBefore} / ${r.soak.processesAfter}`),
  );
  return lines.join("\n");
}

async function main() {
  const opts = options(process.argv.slice(2));
  const results = [];
  for (const database of opts.databases) results.push(await bench(database, opts));
  const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${round(os.totalmem() / 2 ** 30, 0)} GiB, Node ${process.version}`;
  console.log(`\nHera's benchmark at ${commit} on ${machine}\n`);
  console.log(table(results));
  for (const r of results) {
    for (const [reason, n] of Object.entries(r.signUps.failures)) console.log(`  ${r.database}: ${n} × ${reason}`);
    for (const [reason, n] of Object.entries(r.soak.unclearReasons)) console.log(`  ${r.database} soak: ${n} × ${reason}`);
  }
  const outDir = path.join(root, ".data", "bench");
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${commit}.json`);
  writeFileSync(file, JSON.stringify({ commit, machine, at: new Date().toISOString(), options: opts, results }, null, 2));
  console.log(`\nWritten to ${path.relative(root, file)}`);
  if (opts.profile) {
    for (const database of opts.databases) {
      const dir = path.join(root, ".data", `bench-${database}`, "profile");
      console.log(`\nHera's CPU by part (${database}, self time, the whole run; profiles in ${path.relative(root, dir)}):`);
      for (const { part, ms, share } of cpuByPart(dir).slice(0, 15))
        console.log(`  ${(share * 100).toFixed(1).padStart(5)}%  ${Math.round(ms).toString().padStart(6)} ms  ${part}`);
    }
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
