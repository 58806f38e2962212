import Handlebars from "handlebars";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { templateTypes, type TemplateType } from "./messages";
import type { TextKey, Translator } from "../../i18n/translator";

/** Hera's own emails, sent without Kratos: the notices of flow/decoy.ts. */
export const noticeTypes = ["account_missing", "account_exists"] as const;
export type NoticeType = (typeof noticeTypes)[number];
/**
 * Hera's own emails: the notices, the alert after a sign-in and the digest of the sign-ins
 * that came too close after it, and the account's life (account/): a new address's code,
 * the notice to an address that already has an account, the old address's notice of the
 * change, the goodbye, and the operator's removal of second factors (hera-admin).
 */
export const ownEmailTypes = [
  ...noticeTypes,
  "sign_in_alert",
  "sign_in_digest",
  "address_change_code",
  "address_change_taken",
  "address_changed",
  "account_deleted",
  "second_factors_removed",
] as const;
export type OwnEmailType = (typeof ownEmailTypes)[number];
export type EmailType = TemplateType | OwnEmailType;

/** The operator's brand as emails show it (config.ts, brand). */
export type EmailBrand = {
  /** The buttons' colour. */
  accent: string;
  /** Absolute URLs of the logo for light and dark backgrounds, when it is an image mail apps show (not SVG). */
  emailLogo?: string;
  emailLogoDark?: string;
  /** Where to ask for help: a mailto: or an https: URL. */
  support?: string;
};

/** What every template in email-templates/ can use. */
export type EmailModel = {
  product: string;
  to: string;
  code?: string;
  /** The sign-in (or sign-up) link, when Hera knows the flow the code belongs to. */
  link?: string;
  /** The email's language: {{t "key"}} and {{rich "key"}} say Hera's catalogue in it. */
  text: Translator;
  brand: EmailBrand;
  /** How long the code lives, in the email's language ("15 minutes"), from Kratos's configuration. */
  validFor: string;
  /** A sign-in alert's facts, in words. */
  signIn?: { when: string; device: string; ip: string; method: string };
  /** The address an account moved to, partly hidden (address_changed). */
  newAddress?: string;
  /** A digest's sign-ins, oldest first. */
  signIns?: { when: string; device: string; ip: string; method: string }[];
};

export type RenderedEmail = { subject: string; html: string; text: string };

/**
 * Compiles email-templates/ once at start: for every message type a subject, an HTML and
 * a plain-text body. A missing file stops Hera at start, not at the first sign-in.
 */
export class EmailTemplates {
  private readonly compiled = new Map<EmailType, { subject: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate }>();

  constructor(dir: string) {
    const html = Handlebars.create();
    const text = Handlebars.create();
    // Every sentence is the catalogue's, in the email's language, with the model's facts
    // (product, to, code) and the helper's own values. {{rich}} makes its <b> part bold in
    // HTML (values escaped first: the catalogue has no other markup) and plain in text.
    const valuesOf = (options: EmailHelperOptions) => {
      const root = options.data.root;
      return { product: root.product, to: root.to, code: root.code, ...options.hash };
    };
    for (const hb of [html, text]) {
      hb.registerHelper("t", (key: TextKey, options: EmailHelperOptions) => options.data.root.text.t(key, valuesOf(options)));
    }
    html.registerHelper("rich", (key: TextKey, options: EmailHelperOptions) => {
      const values = Object.fromEntries(
        Object.entries(valuesOf(options)).map(([k, v]) => [k, typeof v === "number" ? v : Handlebars.escapeExpression(String(v ?? ""))]),
      );
      return new Handlebars.SafeString(options.data.root.text.rich(key, values, { b: (chunks) => `<strong>${chunks.join("")}</strong>` }));
    });
    text.registerHelper("rich", (key: TextKey, options: EmailHelperOptions) =>
      options.data.root.text.rich(key, valuesOf(options), { b: (chunks) => chunks.join("") }),
    );
    for (const file of readdirSync(path.join(dir, "partials"))) {
      html.registerPartial(file.replace(/\.html\.hbs$/, ""), readFileSync(path.join(dir, "partials", file), "utf8"));
    }
    const read = (name: string) => {
      try {
        return readFileSync(path.join(dir, name), "utf8");
      } catch {
        throw new Error(`The email template ${path.join(dir, name)} is missing.`);
      }
    };
    for (const type of [...templateTypes, ...ownEmailTypes]) {
      this.compiled.set(type, {
        subject: text.compile(read(`${type}.subject.hbs`), { noEscape: true, strict: false }),
        html: html.compile(read(`${type}.html.hbs`), { strict: false }),
        text: text.compile(read(`${type}.text.hbs`), { noEscape: true, strict: false }),
      });
    }
  }

  render(type: EmailType, model: EmailModel): RenderedEmail {
    const t = this.compiled.get(type)!;
    const subject = t
      .subject(model)
      .trim()
      .replace(/[\r\n]+/g, " ");
    return { subject, html: t.html({ ...model, subject }), text: t.text(model).trim() + "\n" };
  }
}

type EmailHelperOptions = { hash: Record<string, unknown>; data: { root: EmailModel } };

/** Kratos's durations, read by the same parser as the configuration's. */
export { durationSeconds } from "../config";
