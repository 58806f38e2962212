import { expect } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { root } from "./stacks";

/**
 * One more Hera process (the built server, outside any stack): a second process beside a
 * stack's, or one in another mode. `env` is all it gets besides PATH; it must set HERA_PORT.
 */
export function spawnHera(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [path.join(root, "ui/dist/server/main.js")], {
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
}

/** Starts one and waits until it answers; `stop` ends it. */
export async function startHera(env: NodeJS.ProcessEnv & { HERA_PORT: string }): Promise<{ url: string; stop: () => void }> {
  const child = spawnHera(env);
  // Nobody reads it here: drained so a full pipe never stalls the process.
  child.stderr?.resume();
  const url = `http://127.0.0.1:${env.HERA_PORT}`;
  await expect
    .poll(
      () =>
        fetch(`${url}/health/alive`)
          .then((r) => r.status)
          .catch(() => 0),
      { timeout: 20_000 },
    )
    .toBe(200);
  return { url, stop: () => child.kill("SIGTERM") };
}
