// `make dev`: starts the native stack in the foreground and stops it on Ctrl-C.
import path from "node:path";
import { defaultPorts, type Ports } from "./ports";
import { StackError, startStack } from "./stack";

const root = path.resolve(__dirname, "..", "..");

function portsFromEnv(env: NodeJS.ProcessEnv): Ports {
  const ports = { ...defaultPorts };
  const read = (name: string, key: keyof Ports) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new StackError(`${name} must be a port number (1-65535), not "${raw}".`);
    ports[key] = port;
  };
  read("HERA_PORT", "hera");
  read("KRATOS_PUBLIC_PORT", "kratosPublic");
  read("KRATOS_ADMIN_PORT", "kratosAdmin");
  read("MAIL_SMTP_PORT", "smtp");
  read("MAIL_WEB_PORT", "mailWeb");
  read("CADDY_ADMIN_PORT", "caddyAdmin");
  read("HERA_ORIGIN_PORT", "origin");
  return ports;
}

async function main() {
  const mode = process.env.HERA_ENV === "production" ? "production" : "development";
  // localhost rather than 127.0.0.1: browsers allow passkeys only on a host name.
  const stack = await startStack({
    root,
    name: mode === "production" ? "production" : "dev",
    ports: portsFromEnv(process.env),
    mode,
    host: "localhost",
    // Kratos's cleanup of expired flows and sessions (docker-compose.yml's kratos-cleanup).
    cleanupEveryMs: 15 * 60_000,
    say: (l) => console.log(l),
  });
  console.log("");
  console.log("Hera is running:");
  console.log(`  Sign in:      ${stack.origin}/login`);
  console.log(`  Sign up:      ${stack.origin}/registration`);
  console.log(`  Your account: ${stack.origin}/settings`);
  if (stack.mailWeb) console.log(`  Mail inbox:   ${stack.mailWeb}`);
  console.log(`  Logs:         ${path.relative(root, stack.dataDir)}/logs/`);
  console.log("Press Ctrl-C to stop everything.");

  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping Hera...");
    await stack.stop();
    console.log("Stopped.");
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  const why = await stack.died;
  if (!stopping) {
    console.error(`\nA service stopped unexpectedly: ${why}`);
    await shutdown(1);
  }
}

main().catch((err) => {
  console.error(err instanceof StackError ? `\n${err.message}` : err);
  process.exit(1);
});
