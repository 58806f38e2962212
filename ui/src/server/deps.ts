import type { Logger } from "pino";
import type { Config } from "./config";
import type { Kratos } from "./kratos/client";
import type { Identities } from "./kratos/identities";
import type { Mailer } from "./mailer/mailer";
import type { Limits } from "./limits";

/**
 * What every route is given: configuration read once at start, Kratos, the mailer and
 * what Hera's limits remember. A module of its own, so routes need nothing from app.ts.
 */
export type Deps = {
  config: Config;
  log: Logger;
  kratos: Kratos;
  identities: Identities;
  mailer: Mailer;
  limits: Limits;
};
