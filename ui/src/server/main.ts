import path from "node:path";
import { pino } from "pino";
import { ConfigError, loadConfig } from "./config";
import { createApp } from "./app";
import { createKratos } from "./kratos/client";
import { Identities } from "./kratos/identities";
import { openStore } from "./limits/store";
import { redactedUrl } from "./limits/store/store";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = pino({ level: config.logLevel, base: { service: "hera" } });
  // dist/server/main.js → the ui/ folder.
  const uiRoot = path.resolve(__dirname, "..", "..");
  let store;
  try {
    store = await openStore({ redisUrl: config.redisUrl, stateDir: config.stateDir });
  } catch (err) {
    const setting = config.redisUrl ? `HERA_REDIS_URL (${redactedUrl(config.redisUrl)})` : `HERA_STATE_DIR (${config.stateDir})`;
    process.stderr.write(`Hera cannot open its limits store, set by ${setting}: ${(err as Error).message}\n`);
    process.exit(2);
  }
  log.info({ store: config.redisUrl ? "redis" : "local", ...(config.redisUrl ? {} : { dir: config.stateDir }) }, "limits store open");
  const kratos = createKratos(config.kratosPublicUrl, config.kratosAdminUrl);
  const identities = new Identities(kratos.identities, config.identitySchemaId);
  const app = createApp(config, log, uiRoot, store, kratos, identities);
  // The decoy identity (flow/decoy.ts) is made as soon as Kratos answers, not on a person's request.
  const prepareDecoy = () => identities.decoyReady().catch(() => setTimeout(prepareDecoy, 2000).unref());
  prepareDecoy();
  const server = app.listen(config.port, config.host, () => {
    log.info({ url: `http://${config.host}:${config.port}`, origin: config.origin.toString(), env: config.env }, "hera listening");
  });
  server.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EADDRINUSE") {
      process.stderr.write(`Hera cannot listen on ${config.host}:${config.port}: the port is in use (set HERA_PORT).\n`);
      process.exit(2);
    }
    throw err;
  });
  const stop = () => server.close(() => void store.close().finally(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

void main();
