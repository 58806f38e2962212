import { pino, type Logger } from "pino";
import { ConfigError, loadConfig, type Config } from "../server/config";
import { createDeps, type Deps } from "../server/deps";
import { createKratos } from "../server/kratos/client";
import { Identities } from "../server/kratos/identities";
import { openStore } from "../server/limits/store";
import { redactedUrl } from "../server/limits/store/store";
import { AdminFailure, exitCodes } from "./failures";
import { readSettingsFile } from "./settings-file";

/** Hera's parts as the server builds them (deps.ts), for one command. */
export type OpenHera = {
  deps: Deps;
  close(): Promise<void>;
};

/**
 * The settings: the file's (`--env-file`) over the environment's, so a file named on the
 * command line always says which Hera is changed, whatever the shell has exported.
 */
export function settingsFrom(envFile: string | undefined, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (envFile === undefined) return env;
  try {
    return { ...env, ...readSettingsFile(envFile) };
  } catch (err) {
    throw new AdminFailure(exitCodes.usage, `--env-file: ${(err as Error).message} (make dev writes .data/dev/hera.env as it starts the stack)`);
  }
}

/** Reads the configuration as the server does; a wrong setting is named, never a stack trace. */
export function configFrom(env: NodeJS.ProcessEnv): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) throw new AdminFailure(exitCodes.usage, err.message);
    throw err;
  }
}

export async function openHera(config: Config): Promise<OpenHera> {
  // Log lines (the audit's among them) go to stderr, written at once: the process exits
  // as soon as the command is done.
  const log: Logger = pino(
    {
      level: config.logLevel,
      base: { service: "hera-admin" },
    },
    pino.destination({ fd: 2, sync: true }),
  );
  let store;
  try {
    store = await openStore({ redisUrl: config.redisUrl, stateDir: config.stateDir });
  } catch (err) {
    const setting = config.redisUrl ? `HERA_REDIS_URL (${redactedUrl(config.redisUrl)})` : `HERA_STATE_DIR (${config.stateDir})`;
    throw new AdminFailure(exitCodes.usage, `Hera's limits store, set by ${setting}, cannot be opened: ${(err as Error).message}`);
  }
  const kratos = createKratos(config.kratosPublicUrl, config.kratosAdminUrl);
  const deps = createDeps(config, log, store, kratos, new Identities(kratos.identities, config.identitySchemaId));
  // The server's processes send the webhook retries that fall due (app.ts starts their
  // sweep); this short-lived one makes only its own events' first attempts (settled()
  // below), and files any retry for them.
  return {
    deps,
    async close() {
      await deps.webhooks.settled();
      await store.close();
    },
  };
}
