import net from "node:net";

/** Every address the native stack listens on; each has a setting so a busy port can move. */
export type Ports = {
  origin: number;
  hera: number;
  kratosPublic: number;
  kratosAdmin: number;
  smtp: number;
  mailWeb: number;
  caddyAdmin: number;
};

/** The environment variable that moves each port. */
export const portSettings: Record<keyof Ports, string> = {
  origin: "HERA_ORIGIN_PORT",
  hera: "HERA_PORT",
  kratosPublic: "KRATOS_PUBLIC_PORT",
  kratosAdmin: "KRATOS_ADMIN_PORT",
  smtp: "MAIL_SMTP_PORT",
  mailWeb: "MAIL_WEB_PORT",
  caddyAdmin: "CADDY_ADMIN_PORT",
};

export const defaultPorts: Ports = {
  origin: 4455,
  hera: 3000,
  kratosPublic: 4433,
  kratosAdmin: 4434,
  smtp: 1025,
  mailWeb: 1080,
  caddyAdmin: 2019,
};

/**
 * The same layout shifted by `offset`, so a test stack can run beside `make dev`. Keep
 * every shifted port below 32768: above it, Linux hands out the same numbers as the local
 * ports of outgoing connections, and a stack can find its port briefly taken.
 */
export function shiftedPorts(offset: number): Ports {
  return Object.fromEntries(Object.entries(defaultPorts).map(([k, v]) => [k, v + offset])) as Ports;
}

/** Resolves with the first port of `ports` that is taken on 127.0.0.1, if any. */
export async function firstBusyPort(ports: Ports): Promise<keyof Ports | undefined> {
  for (const key of Object.keys(ports) as (keyof Ports)[]) {
    if (!(await isFree(ports[key]))) return key;
  }
  return undefined;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}
