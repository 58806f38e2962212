import type { Logger } from "pino";
import type { Config } from "./config";
import type { Kratos } from "./kratos/client";
import type { Identities } from "./kratos/identities";
import { Mailer } from "./mailer/mailer";
import { createLimits, type Limits } from "./limits";
import type { Store } from "./limits/store";
import { EmailTemplates, durationSeconds, type EmailBrand } from "./mailer/templates";
import { smtpTransport } from "./mailer/transport";
import { Webhooks } from "./events/webhooks";
import { AddressChanges } from "./account/address-change";

/**
 * What every route is given: configuration read once at start, Kratos, the mailer and
 * what Hera's limits remember. A module of its own, so routes need nothing from app.ts,
 * and the operator's command line (hera-admin) works on the same parts as the server.
 */
export type Deps = {
  config: Config;
  log: Logger;
  kratos: Kratos;
  identities: Identities;
  mailer: Mailer;
  limits: Limits;
  /** Signed events for the operator's app (HERA_WEBHOOK_URL); does nothing when unset. */
  webhooks: Webhooks;
  /** Address changes waiting for the new address's code (account/address-change.ts). */
  addressChanges: AddressChanges;
};

export function createDeps(config: Config, log: Logger, store: Store, kratos: Kratos, identities: Identities): Deps {
  const mailer = new Mailer({
    templates: new EmailTemplates(config.emailTemplatesDir),
    transport: smtpTransport(config.smtpUrl),
    from: config.mailFrom,
    product: config.productName,
    origin: config.origin,
    codeLifespanSeconds: durationSeconds(config.codeLifespan),
    brand: emailBrand(config),
    log,
  });
  // Its retries are swept by the server (app.ts starts it); a short-lived process makes only first attempts.
  const webhooks = new Webhooks({ url: config.webhookUrl, secret: config.webhookSecret, store, log });
  const limits = createLimits(store, config);
  const addressChanges = new AddressChanges(store, { config, identities, limits, mailer, log }, durationSeconds(config.codeLifespan) * 1000);
  return { config, log, kratos, identities, mailer, limits, addressChanges, webhooks };
}

/** The brand as emails show it: absolute logo URLs, and only images mail apps display (not SVG). */
function emailBrand(config: Config): EmailBrand {
  const b = config.brand;
  const shown = (logo: typeof b.logo, path: string) => (logo && logo.type !== "image/svg+xml" ? new URL(path, config.origin).toString() : undefined);
  return { accent: b.accent, emailLogo: shown(b.logo, "/brand/logo"), emailLogoDark: shown(b.logoDark, "/brand/logo-dark"), support: b.support };
}
