import { readFileSync, writeFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { settingNames } from "../server/config";

/**
 * The settings a Hera process runs with, as a file hera-admin reads (`--env-file`): the
 * native launcher (tools/src/stack.ts) writes one beside each stack's data, so the
 * command line opens the same Kratos, limits store and mail server as that stack's Hera
 * without the operator copying a setting. Compose needs none: `docker compose run hera`
 * has the service's environment. The form is the dotenv one Node reads (util.parseEnv),
 * each value quoted so that `#`, spaces and `<>` stay as they are.
 */

/** Writes Hera's own settings of `env` (config.ts's names; nothing else of the environment). Readable by its owner alone. */
export function writeSettingsFile(file: string, env: NodeJS.ProcessEnv): void {
  const lines = settingNames.filter((name) => env[name] !== undefined).map((name) => `${name}=${quoted(name, env[name]!)}`);
  writeFileSync(file, `# Written by tools/src/stack.ts for hera-admin --env-file: the settings this stack's Hera runs with.\n${lines.join("\n")}\n`, {
    mode: 0o600,
  });
}

/** A value in the first quotes it does not hold: single quotes and backticks keep everything as written. */
function quoted(name: string, value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`${name} holds a line break, which a settings file cannot carry`);
  const quote = ["'", "`", '"'].find((q) => !value.includes(q));
  if (!quote) throw new Error(`${name} holds every kind of quote, which a settings file cannot carry`);
  return `${quote}${value}${quote}`;
}

/** The settings in a file; throws with the file's name when it cannot be read. */
export function readSettingsFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message}`, { cause: err });
  }
  return parseEnv(text) as Record<string, string>;
}
