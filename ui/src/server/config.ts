import { z } from "zod";

/** Hera's settings, read once from the environment at start. */
export type Config = {
  env: "development" | "production";
  productName: string;
  /** The public origin browsers use (Caddy); Kratos's public API is reached through it. */
  origin: URL;
  host: string;
  port: number;
  /** Kratos's public API as Hera's server reaches it (not through the browser's origin). */
  kratosPublicUrl: string;
  kratosAdminUrl: string;
  logLevel: string;
};

const url = (name: string) =>
  z.url({ protocol: /^https?$/, error: `${name} must be an http(s) URL` });

const schema = z
  .object({
    HERA_ENV: z.enum(["development", "production"]).default("development"),
    HERA_PRODUCT_NAME: z.string().trim().min(1).max(60).default("Hera"),
    HERA_ORIGIN: url("HERA_ORIGIN").default("http://127.0.0.1:4455"),
    HERA_HOST: z.string().min(1).default("127.0.0.1"),
    HERA_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    KRATOS_PUBLIC_URL: url("KRATOS_PUBLIC_URL").default("http://127.0.0.1:4433"),
    KRATOS_ADMIN_URL: url("KRATOS_ADMIN_URL").default("http://127.0.0.1:4434"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.HERA_ENV === "production" && !env.HERA_ORIGIN.startsWith("https://")) {
      ctx.addIssue({
        code: "custom",
        path: ["HERA_ORIGIN"],
        message: "must be an https:// URL in production (cookies are Secure there)",
      });
    }
  });

export class ConfigError extends Error {}

/** Parses the environment; the error names every setting that is wrong and why. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Hera's configuration is invalid:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    env: e.HERA_ENV,
    productName: e.HERA_PRODUCT_NAME,
    origin: new URL(e.HERA_ORIGIN),
    host: e.HERA_HOST,
    port: e.HERA_PORT,
    kratosPublicUrl: e.KRATOS_PUBLIC_URL.replace(/\/$/, ""),
    kratosAdminUrl: e.KRATOS_ADMIN_URL.replace(/\/$/, ""),
    logLevel: e.LOG_LEVEL,
  };
}
