// @vitest-environment node
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, describe, expect, it } from "vitest";
import type { Deps } from "../server/deps";
import { openHera, type OpenHera } from "./hera";
import { runAdmin, type Runtime } from "./program";

const id = "6f1c2a9e-1b7d-4e55-8a0f-6d2b9c4e7a11";
const state = mkdtempSync(path.join(os.tmpdir(), "hera-admin-"));
afterAll(() => rmSync(state, { recursive: true, force: true }));

/** A Kratos admin API that knows one active account and records every change asked of it. */
function fakeHera(changes: string[], logLines: string[]): OpenHera {
  const identity = { id, state: "active", traits: { email: "ada@example.com" }, credentials: {} };
  const identities = {
    listIdentities: async () => [identity],
    getIdentity: async () => identity,
    listIdentitySessions: async () => [{ id: "s1" }],
    patchIdentity: async (r: unknown) => void changes.push(`patch ${JSON.stringify(r)}`),
    deleteIdentitySessions: async () => void changes.push("sessions ended"),
    deleteIdentity: async () => void changes.push("deleted"),
  };
  const log = pino({ level: "info" }, new Writable({ write: (chunk, _enc, done) => done(void logLines.push(String(chunk))) }));
  const deps = { config: { origin: new URL("http://localhost:4455") }, log, kratos: { identities } } as unknown as Deps;
  return { deps, close: async () => {} };
}

/** Runs hera-admin with a terminal of the test's (answering `answers` in turn) and Hera's parts faked. */
async function admin(argv: string[], options: { interactive?: boolean; answers?: string[]; env?: NodeJS.ProcessEnv; open?: Runtime["open"] } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const changes: string[] = [];
  const logLines: string[] = [];
  let opened = false;
  const answers = [...(options.answers ?? [])];
  const code = await runAdmin(argv, {
    terminal: { out: (t) => out.push(t), err: (t) => err.push(t), interactive: options.interactive ?? false, ask: async () => answers.shift() ?? "" },
    env: { HERA_STATE_DIR: state, ...options.env },
    user: "ops",
    open:
      options.open ??
      (async () => {
        opened = true;
        return fakeHera(changes, logLines);
      }),
  });
  return { code, out: out.join("\n"), err: err.join("\n"), changes, opened, audit: logLines.map((l) => JSON.parse(l)) };
}

const changing = [
  ["disable", "ada@example.com"],
  ["enable", id],
  ["sign-out", "ada@example.com"],
  ["remove-second-factors", "ada@example.com"],
  ["change-address", "ada@example.com", "ada@example.org"],
  ["delete", "ada@example.com"],
  ["clear-limits", "ada@example.com"],
];

describe("hera-admin's command line", () => {
  it.each(changing)("refuses %s with no terminal to ask on and no --yes (exit 2), before anything is opened", async (...argv) => {
    const run = await admin(argv);
    expect(run.code).toBe(2);
    expect(run.err).toContain("add --yes");
    expect(run.opened).toBe(false);
    expect(run.changes).toEqual([]);
  });

  it("names an address that is not one (exit 2), and opens nothing", async () => {
    const run = await admin(["find", "ada at example.com"]);
    expect(run.code).toBe(2);
    expect(run.err).toContain(`"ada at example.com" is not an email address.`);
    const who = await admin(["show", "not-an-id-or-address"]);
    expect(who.code).toBe(2);
    expect(who.err).toContain("is neither an email address nor an identity id");
    expect(run.opened || who.opened).toBe(false);
  });

  it("names a wrong setting (exit 2) and a settings file it cannot read", async () => {
    const wrong = await admin(["find", "ada@example.com"], { env: { KRATOS_ADMIN_URL: "kratos:4434" } });
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("KRATOS_ADMIN_URL");
    const missing = await admin(["--env-file", path.join(state, "none.env"), "find", "ada@example.com"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`--env-file: cannot read ${path.join(state, "none.env")}: no such file`);
  });

  it("says Kratos does not answer in one line naming KRATOS_ADMIN_URL (exit 3)", async () => {
    const run = await admin(["find", "ada@example.com"], { env: { KRATOS_ADMIN_URL: "http://127.0.0.1:9" }, open: openHera });
    expect(run.code).toBe(3);
    expect(run.err).toBe("Kratos's admin API does not answer at http://127.0.0.1:9 (KRATOS_ADMIN_URL): is the stack running?");
  });

  it("asks before a change: anything but yes changes nothing (exit 1); yes changes it and writes the audit line", async () => {
    const no = await admin(["disable", "ada@example.com"], { interactive: true, answers: ["n"] });
    expect(no.code).toBe(1);
    expect(no.err).toContain("Nothing changed.");
    expect(no.changes).toEqual([]);

    const yes = await admin(["disable", "ada@example.com", "--json"], { interactive: true, answers: ["y"] });
    expect(yes.code).toBe(0);
    expect(yes.changes).toEqual([`patch ${JSON.stringify({ id, jsonPatch: [{ op: "replace", path: "/state", value: "inactive" }] })}`, "sessions ended"]);
    expect(JSON.parse(yes.out)).toEqual({ done: "disable", identity_id: id, sessions_ended: 1 });
    expect(yes.audit).toEqual([expect.objectContaining({ event: "admin.disable", identity_id: id, operator: "ops", sessions_ended: 1 })]);
    expect(JSON.stringify(yes.audit)).not.toContain("ada@example.com");
  });

  it("deletes only once the operator has typed the account's address", async () => {
    const wrong = await admin(["delete", id], { interactive: true, answers: ["y"] });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain("The address typed is not the account's: nothing changed.");
    expect(wrong.changes).toEqual([]);
  });
});
