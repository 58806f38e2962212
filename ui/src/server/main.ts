import path from "node:path";
import { pino } from "pino";
import { ConfigError, loadConfig } from "./config";
import { createApp } from "./app";

function main(): void {
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
  // dist/server/server/main.js → the ui/ folder.
  const uiRoot = path.resolve(__dirname, "..", "..", "..");
  const app = createApp(config, log, uiRoot);
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
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main();
