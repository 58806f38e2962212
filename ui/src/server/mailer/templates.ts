import Handlebars from "handlebars";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { templateTypes, type TemplateType } from "./messages";

/** Hera's own emails, sent without Kratos: the notices of flow/decoy.ts. */
export const noticeTypes = ["account_missing", "account_exists"] as const;
export type NoticeType = (typeof noticeTypes)[number];
/** Hera's own emails: the notices, the alert after a sign-in, and the digest of the sign-ins that came too close after it. */
export const ownEmailTypes = [...noticeTypes, "sign_in_alert", "sign_in_digest"] as const;
export type OwnEmailType = (typeof ownEmailTypes)[number];
export type EmailType = TemplateType | OwnEmailType;

/** What every template in email-templates/ can use. */
export type EmailModel = {
  product: string;
  to: string;
  code?: string;
  /** The sign-in (or sign-up) link, when Hera knows the flow the code belongs to. */
  link?: string;
  /** How long the code lives, in words ("15 minutes"), from Kratos's configuration. */
  validFor: string;
  /** A sign-in alert's facts, in words. */
  signIn?: { when: string; device: string; ip: string; method: string };
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
    for (const hb of [html, text]) hb.registerHelper("concat", (...args: unknown[]) => args.slice(0, -1).join(""));
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

/** "15m" → "15 minutes", "90s" → "90 seconds", "1h" → "1 hour": Kratos's duration, in words. */
export function durationInWords(duration: string): string {
  const units: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 1e-6, ns: 1e-9 };
  let seconds = 0;
  for (const [, n, unit] of duration.matchAll(/([0-9]+)(ns|us|ms|s|m|h)/g)) seconds += Number(n) * units[unit!]!;
  if (seconds <= 0) throw new Error(`"${duration}" is not a Kratos duration`);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (seconds % 3600 === 0) return plural(seconds / 3600, "hour");
  if (seconds % 60 === 0) return plural(seconds / 60, "minute");
  return plural(Math.round(seconds), "second");
}
