import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
// Marked development defaults live with the rest of production's rules; production mode refuses them.
import { developmentCourierSecret, developmentDeviceSecret, developmentHookSecret } from "./production";
import { accentShades, logoFile, type Brand } from "./brand";

/** Hera's settings, read once from the environment at start. */
export type Config = {
  env: "development" | "production";
  productName: string;
  /** The operator's brand: logo, accent colour, help, terms and privacy links (no rebuild: read at start). */
  brand: Brand;
  /** The public origin browsers use (Caddy); Kratos's public API is reached through it. */
  origin: URL;
  /** Where Kratos may return a browser (its allowed_return_urls): the origin, integrators' apps. */
  allowedReturnUrls: URL[];
  host: string;
  port: number;
  /** Kratos's public API as Hera's server reaches it (not through the browser's origin). */
  kratosPublicUrl: string;
  kratosAdminUrl: string;
  logLevel: string;
  /** Kratos's courier authenticates to Hera's /internal/courier with this. */
  courierSecret: string;
  /** Kratos's after-login web_hook authenticates to Hera's /internal/sign-in with this. */
  hookSecret: string;
  /** Signs the device cookie (limits/device.ts) of browsers that have signed in before. */
  deviceSecret: string;
  /** Where Hera posts signed events for the operator's app (events/webhooks.ts); unset: none are sent. */
  webhookUrl?: URL;
  /** Signs every event: Standard Webhooks' form, whsec_ and base64. */
  webhookSecret?: string;
  smtpUrl: URL;
  mailFrom: string;
  emailTemplatesDir: string;
  /** Kratos's code lifespan, read from the same files Kratos loads. */
  codeLifespan: string;
  /** How long a flow waits before it may ask for another code. */
  resendCooldownSeconds: number;
  /** The least time a code request takes, whatever its path (gate/index.ts). */
  codeRequestFloorMs: number;
  /** Emails one address may receive in `emailWindowMs`, whoever asks. */
  emailsPerAddress: number;
  emailWindowMs: number;
  /** At most one sign-in alert per address this often; sooner ones wait in one digest. */
  alertDigestMs: number;
  /** How long each account's sign-in history is kept after its newest sign-in. */
  historyRetentionMs: number;
  /** Kratos's privileged window: changes to the address or the account need a sign-in this recent. */
  privilegedWindowMs: number;
  /** Shared limits live here when set; otherwise in a file under `stateDir`. */
  redisUrl?: string;
  stateDir: string;
  /** From Kratos's configuration: whether sign-up is open, and the schema new identities use. */
  registrationEnabled: boolean;
  identitySchemaId: string;
};

/** An optional setting that docker compose passes as "" when .env leaves it out. */
const unlessEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema);

const url = (name: string) => z.url({ protocol: /^https?$/, error: `${name} must be an http(s) URL` });

const settings = z.object({
  HERA_ENV: z
    .enum(["development", "production"])
    .default("development")
    .describe(
      "`production` refuses the development defaults and plain-HTTP addresses, and sends HSTS and Secure cookies ([production mode](#production-mode))",
    ),
  HERA_PRODUCT_NAME: z.string().trim().min(1).max(60).default("Hera").describe("the name on the pages and in the emails"),
  // The brand (docs/customize.md, "Your brand"): files and links read once at start.
  HERA_BRAND_LOGO: unlessEmpty(z.string().optional()).describe(
    "a logo file for light backgrounds; unset, the name is shown ([customize.md](customize.md#your-brand))",
  ),
  HERA_BRAND_LOGO_DARK: unlessEmpty(z.string().optional()).describe("a logo file for dark backgrounds ([customize.md](customize.md#your-brand))"),
  HERA_BRAND_ACCENT: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour like #4f46e5")
    .default("#4f46e5")
    .describe("buttons and links; white text on it must reach 4.5:1"),
  HERA_SUPPORT_URL: unlessEmpty(
    z
      .string()
      .regex(/^(mailto:[^\s@]+@[^\s@]+|https?:\/\/\S+)$/, "must be a mailto: address or an http(s) URL")
      .optional(),
  ).describe("help at the foot of every page: a `mailto:` address or a URL"),
  HERA_TERMS_URL: unlessEmpty(url("HERA_TERMS_URL").optional()).describe("the terms link at the foot of every page"),
  HERA_PRIVACY_URL: unlessEmpty(url("HERA_PRIVACY_URL").optional()).describe("the privacy link at the foot of every page"),
  HERA_ORIGIN: url("HERA_ORIGIN").default("http://localhost:4455").describe("the public origin browsers use (Caddy); https in production"),
  // Comma-separated, as Kratos's SELFSERVICE_ALLOWED_RETURN_URLS (compose sets both from it).
  HERA_ALLOWED_RETURN_URLS: z
    .string()
    .optional()
    .refine((v) => v === undefined || v.split(",").every((u) => URL.canParse(u.trim()) && /^https?:$/.test(new URL(u.trim()).protocol)), {
      error: "HERA_ALLOWED_RETURN_URLS must be http(s) URLs, separated by commas",
    })
    .describe(
      "where Kratos may send a browser after sign-in, comma-separated (an integrator's app); Hera's Back link follows the same list; unset, the origin alone",
    ),
  HERA_HOST: z.string().min(1).default("127.0.0.1").describe("the address Hera's server listens on"),
  HERA_PORT: z.coerce.number().int().min(1).max(65535).default(3000).describe("the port Hera's server listens on"),
  KRATOS_PUBLIC_URL: url("KRATOS_PUBLIC_URL")
    .default("http://127.0.0.1:4433")
    .describe("Kratos's public API as Hera's server reaches it (not through the origin)"),
  KRATOS_ADMIN_URL: url("KRATOS_ADMIN_URL").default("http://127.0.0.1:4434").describe("Kratos's admin API"),
  LOG_LEVEL: z
    .enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"])
    .default("info")
    .describe("Hera's log level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`"),
  HERA_COURIER_SECRET: z
    .string()
    .min(16, "must be at least 16 characters")
    .default(developmentCourierSecret)
    .describe("the secret Kratos's courier sends to Hera"),
  HERA_HOOK_SECRET: z
    .string()
    .min(16, "must be at least 16 characters")
    .default(developmentHookSecret)
    .describe("the secret Kratos's after-login and after-registration hooks send to Hera"),
  HERA_DEVICE_SECRET: z
    .string()
    .min(16, "must be at least 16 characters")
    .default(developmentDeviceSecret)
    .describe("signs the device cookie of browsers that signed in before (their own email allowance)"),
  // Events for the operator's app (docs/integrate.md, "Webhooks"); no secret is committed.
  HERA_WEBHOOK_URL: unlessEmpty(url("HERA_WEBHOOK_URL").optional()).describe(
    "where Hera posts signed events for your app (https in production; [integrate.md](integrate.md#webhooks)); unset, none are sent",
  ),
  HERA_WEBHOOK_SECRET: unlessEmpty(z.string().optional()).describe(
    "signs the events: `whsec_` and the base64 of 24 or more random bytes; required with `HERA_WEBHOOK_URL`",
  ),
  HERA_SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: "HERA_SMTP_URL must be an smtp:// or smtps:// URL" })
    .default("smtp://127.0.0.1:1025/?disable_starttls=true")
    .describe("where Hera sends mail; `smtps://` for TLS, `smtp://` requires STARTTLS unless `disable_starttls=true`"),
  HERA_MAIL_FROM: z.string().min(3).default("Hera <no-reply@hera.local>").describe("the sender"),
  HERA_EMAIL_TEMPLATES: z
    .string()
    .min(1)
    .default(() => fromRepository("email-templates"))
    .describe("the folder of the emails' templates (Handlebars), compiled once at start"),
  HERA_RESEND_COOLDOWN_SECONDS: z.coerce.number().int().min(1).max(3600).default(60).describe("how long a flow waits before it may ask for another code"),
  HERA_CODE_REQUEST_FLOOR_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(5000)
    .default(300)
    .describe("the least time a code request takes, whatever its path (no timing difference between addresses with and without an account)"),
  HERA_EMAILS_PER_ADDRESS: z.coerce
    .number()
    .int()
    .min(1)
    .max(100)
    .default(3)
    .describe("emails one address may receive in `HERA_EMAIL_WINDOW_MINUTES`, whoever asks (codes, notices, sign-in alerts)"),
  HERA_EMAIL_WINDOW_MINUTES: z.coerce.number().int().min(1).max(1440).default(15).describe("the window of `HERA_EMAILS_PER_ADDRESS`, in minutes"),
  HERA_ALERT_DIGEST_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(86_400)
    .default(900)
    .describe("at most one sign-in alert per address this often; sign-ins that come sooner wait in one digest"),
  HERA_HISTORY_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(90)
    .describe("how long an account's sign-in history is kept after its newest sign-in (the last 20 are shown)"),
  HERA_REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: "HERA_REDIS_URL must be a redis:// or rediss:// URL" })
    .optional()
    .describe("Redis for the limits store (`redis://` or `rediss://`); needed for Hera processes on several machines"),
  HERA_STATE_DIR: z
    .string()
    .min(1)
    .default(() => fromRepository(".data", "hera-state"))
    .describe("the local limits store (LMDB) when no Redis is set"),
  KRATOS_CONFIG_FILES: z
    .string()
    .min(1)
    .default(() => fromRepository("kratos", "kratos.yml"))
    .describe(
      "Kratos's configuration files, comma-separated, as Kratos loads them: Hera reads the code lifespan, whether sign-up is open, the identity schema and the privileged window there",
    ),
});

/** Every environment variable Hera reads (docker-compose.yml may set no other). */
export const settingNames = Object.keys(settings.shape);

/** One of Hera's settings as docs/configuration.md's table shows it (tools/src/settings-reference.ts writes the table). */
export type SettingReference = { name: string; default: string; description: string };

/**
 * Hera's settings, each with its default and the description declared with it in the
 * schema, so docs/configuration.md's table cannot say something the schema does not.
 */
export function settingsReference(): SettingReference[] {
  const repository = fromRepository();
  const developmentSecrets: unknown[] = [developmentCourierSecret, developmentHookSecret, developmentDeviceSecret];
  return Object.entries(settings.shape).map(([name, setting]: [string, z.ZodType]) => {
    // What the schema gives when the environment leaves the setting out: its default, or nothing.
    const unset = setting.safeParse(undefined);
    const value = unset.success ? unset.data : undefined;
    let shown: string;
    if (!unset.success) shown = "none: required";
    else if (value === undefined) shown = "unset";
    else if (developmentSecrets.includes(value)) shown = "a marked development default";
    // A path in this checkout: the same path in anyone's, from the repository's root.
    else if (typeof value === "string" && value.startsWith(repository + path.sep)) shown = `\`${path.relative(repository, value)}\``;
    else if (typeof value === "number") shown = String(value);
    else shown = `\`${String(value)}\``;
    return { name, default: shown, description: setting.description ?? "" };
  });
}

const schema = settings.superRefine((env, ctx) => {
  const developmentSecrets = {
    HERA_COURIER_SECRET: developmentCourierSecret,
    HERA_HOOK_SECRET: developmentHookSecret,
    HERA_DEVICE_SECRET: developmentDeviceSecret,
  };
  for (const [name, development] of Object.entries(developmentSecrets) as [keyof typeof developmentSecrets, string][]) {
    if (env.HERA_ENV === "production" && env[name] === development) {
      ctx.addIssue({ code: "custom", path: [name], message: "is the development default; set a secret of your own" });
    }
  }
  if (env.HERA_ENV === "production" && env.HERA_SMTP_URL.includes("disable_starttls=true")) {
    ctx.addIssue({ code: "custom", path: ["HERA_SMTP_URL"], message: "disables TLS (disable_starttls=true), which production refuses" });
  }
  if (env.HERA_ENV === "production" && !env.HERA_ORIGIN.startsWith("https://")) {
    ctx.addIssue({
      code: "custom",
      path: ["HERA_ORIGIN"],
      message: "must be an https:// URL in production (cookies are Secure there)",
    });
  }
  if (env.HERA_WEBHOOK_URL && !env.HERA_WEBHOOK_SECRET) {
    ctx.addIssue({ code: "custom", path: ["HERA_WEBHOOK_SECRET"], message: `is required when HERA_WEBHOOK_URL is set: ${makeWebhookSecret}` });
  }
  const secretProblem = env.HERA_WEBHOOK_SECRET === undefined ? undefined : webhookSecretProblem(env.HERA_WEBHOOK_SECRET);
  if (secretProblem) ctx.addIssue({ code: "custom", path: ["HERA_WEBHOOK_SECRET"], message: secretProblem });
  if (env.HERA_ENV === "production" && env.HERA_WEBHOOK_URL && !env.HERA_WEBHOOK_URL.startsWith("https://")) {
    ctx.addIssue({ code: "custom", path: ["HERA_WEBHOOK_URL"], message: "must be an https:// URL in production (events carry email addresses)" });
  }
});

const makeWebhookSecret = `make one with: echo "whsec_$(openssl rand -base64 32)"`;

/**
 * Standard Webhooks' secret: whsec_, then base64 of the key. Its libraries, which the
 * operator's app may verify with, read it so; 24 bytes at least (the spec asks 24 to 64).
 */
function webhookSecretProblem(secret: string): string | undefined {
  const key = /^whsec_(.*)$/.exec(secret)?.[1];
  if (key === undefined || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(key)) {
    return `must be whsec_ followed by base64 (Standard Webhooks' form); ${makeWebhookSecret}`;
  }
  const bytes = Buffer.from(key, "base64").length;
  if (bytes < 24) return `holds ${bytes} bytes after whsec_; at least 24 are needed; ${makeWebhookSecret}`;
  return undefined;
}

export class ConfigError extends Error {}

/** A path in Hera's repository, wherever this file was compiled to. */
function fromRepository(...parts: string[]): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, "email-templates")) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, ...parts);
}

/** Parses the environment; the error names every setting that is wrong and why. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Hera's configuration is invalid:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const brand = brandOf(e);
  let codeLifespan: string;
  let registrationEnabled: boolean;
  let identitySchemaId: string;
  let privilegedWindowMs: number;
  try {
    const files = e.KRATOS_CONFIG_FILES.split(",");
    codeLifespan = codeLifespanOf(files, env);
    registrationEnabled = kratosSetting(files, env, "selfservice.flows.registration.enabled") !== false;
    identitySchemaId = String(kratosSetting(files, env, "identity.default_schema_id") ?? "default");
    // Kratos's own default when its configuration leaves the window out.
    privilegedWindowMs = 1000 * durationSeconds(String(kratosSetting(files, env, "selfservice.flows.settings.privileged_session_max_age") ?? "15m"));
  } catch (err) {
    throw new ConfigError(`Hera's configuration is invalid:\n  KRATOS_CONFIG_FILES: ${(err as Error).message}`);
  }
  return {
    env: e.HERA_ENV,
    productName: e.HERA_PRODUCT_NAME,
    brand,
    origin: new URL(e.HERA_ORIGIN),
    allowedReturnUrls: (e.HERA_ALLOWED_RETURN_URLS ?? e.HERA_ORIGIN)
      .split(",")
      .filter((u) => u.trim())
      .map((u) => new URL(u.trim())),
    host: e.HERA_HOST,
    port: e.HERA_PORT,
    kratosPublicUrl: e.KRATOS_PUBLIC_URL.replace(/\/$/, ""),
    kratosAdminUrl: e.KRATOS_ADMIN_URL.replace(/\/$/, ""),
    logLevel: e.LOG_LEVEL,
    courierSecret: e.HERA_COURIER_SECRET,
    hookSecret: e.HERA_HOOK_SECRET,
    deviceSecret: e.HERA_DEVICE_SECRET,
    webhookUrl: e.HERA_WEBHOOK_URL ? new URL(e.HERA_WEBHOOK_URL) : undefined,
    webhookSecret: e.HERA_WEBHOOK_SECRET,
    smtpUrl: new URL(e.HERA_SMTP_URL),
    mailFrom: e.HERA_MAIL_FROM,
    emailTemplatesDir: e.HERA_EMAIL_TEMPLATES,
    codeLifespan,
    resendCooldownSeconds: e.HERA_RESEND_COOLDOWN_SECONDS,
    codeRequestFloorMs: e.HERA_CODE_REQUEST_FLOOR_MS,
    emailsPerAddress: e.HERA_EMAILS_PER_ADDRESS,
    emailWindowMs: e.HERA_EMAIL_WINDOW_MINUTES * 60_000,
    alertDigestMs: e.HERA_ALERT_DIGEST_SECONDS * 1000,
    historyRetentionMs: e.HERA_HISTORY_DAYS * 86_400_000,
    privilegedWindowMs,
    redisUrl: e.HERA_REDIS_URL,
    stateDir: e.HERA_STATE_DIR,
    registrationEnabled,
    identitySchemaId,
  };
}

/** The brand's files and colours, each problem named by its setting. */
function brandOf(e: z.infer<typeof settings>): Brand {
  const problems: string[] = [];
  const read = <T>(name: string, fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      problems.push(`  ${name}: ${(err as Error).message}`);
      return undefined;
    }
  };
  const shades = read("HERA_BRAND_ACCENT", () => accentShades(e.HERA_BRAND_ACCENT));
  const logo = e.HERA_BRAND_LOGO ? read("HERA_BRAND_LOGO", () => logoFile(e.HERA_BRAND_LOGO!)) : undefined;
  const logoDark = e.HERA_BRAND_LOGO_DARK ? read("HERA_BRAND_LOGO_DARK", () => logoFile(e.HERA_BRAND_LOGO_DARK!)) : undefined;
  if (problems.length || !shades) throw new ConfigError(`Hera's configuration is invalid:\n${problems.join("\n")}`);
  return { ...shades, logo, logoDark, support: e.HERA_SUPPORT_URL, terms: e.HERA_TERMS_URL, privacy: e.HERA_PRIVACY_URL };
}

/**
 * A setting as Kratos sees it: the last of its configuration files that sets it, unless
 * the environment overrides it (Kratos's own naming: dots become underscores).
 */
export function kratosSetting(files: string[], env: NodeJS.ProcessEnv, key: string): unknown {
  const fromEnv = env[key.toUpperCase().replace(/\./g, "_")];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv === "true" ? true : fromEnv === "false" ? false : fromEnv;
  let value: unknown;
  for (const file of files) {
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(file.trim(), "utf8"));
    } catch (err) {
      throw new Error(`cannot read ${file.trim()}: ${(err as Error).message}`, { cause: err });
    }
    const found = key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), doc);
    if (found !== undefined) value = found;
  }
  return value;
}

/** "15m" → 900, "1h30m" → 5400: Kratos's duration in seconds (emails say it in their language: Translator.duration). */
export function durationSeconds(duration: string): number {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6, ns: 1e-9 };
  let seconds = 0;
  for (const [, n, unit] of duration.matchAll(/([0-9]+)(ns|us|ms|s|m|h)/g)) seconds += Number(n) * units[unit!]!;
  if (seconds <= 0) throw new Error(`"${duration}" is not a Kratos duration`);
  return Math.max(1, Math.round(seconds));
}

/** Kratos's code lifespan (a Go duration such as "15m"). */
export function codeLifespanOf(files: string[], env: NodeJS.ProcessEnv): string {
  const lifespan = kratosSetting(files, env, "selfservice.methods.code.config.lifespan");
  if (typeof lifespan !== "string" || !/^([0-9]+(ns|us|ms|s|m|h))+$/.test(lifespan)) {
    throw new Error(`no valid selfservice.methods.code.config.lifespan in ${files.join(", ")}`);
  }
  return lifespan;
}
