import os from "node:os";
import { exitCodes } from "./failures";
import { openHera } from "./hera";
import { runAdmin } from "./program";
import { processTerminal } from "./terminal";

/**
 * hera-admin, the operator's command line (docs/operate.md):
 * `node ui/dist/server/admin.js`, `npm run admin --` with make dev, `hera-admin` in the image.
 */

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    // A container's user may have no name.
    return process.env.USER ?? `uid ${process.getuid?.() ?? "unknown"}`;
  }
}

// Hera's emails and webhooks retry on timers that do not hold a server's process open;
// the command line waits for them, so something must.
const waiting = setInterval(() => {}, 60_000);

runAdmin(process.argv.slice(2), { terminal: processTerminal(), env: process.env, user: osUser(), open: openHera }).then(
  (code) => {
    clearInterval(waiting);
    process.exit(code);
  },
  (err: unknown) => {
    // Not the operator's mistake (those are one line, failures.ts): Hera's own, with its stack.
    process.stderr.write(`hera-admin failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(exitCodes.bug);
  },
);
