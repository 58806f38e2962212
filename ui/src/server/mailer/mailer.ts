import type { Transporter } from "nodemailer";
import type { Logger } from "pino";
import { codeOf, type CourierMessage } from "./messages";
import { linkFor } from "./links";
import type { EmailBrand, EmailModel, EmailTemplates, OwnEmailType } from "./templates";
import { translatorFor } from "../../i18n/translator";
import type { Language } from "../../i18n/languages";

export type MailerOptions = {
  templates: EmailTemplates;
  transport: Transporter;
  from: string;
  product: string;
  origin: URL;
  /** How long a code lives (Kratos's lifespan), said in each email's language. */
  codeLifespanSeconds: number;
  brand: EmailBrand;
  log: Logger;
};

export class SmtpUnavailable extends Error {}

/** Renders a courier message with Hera's templates and hands it to SMTP. */
export class Mailer {
  constructor(private readonly o: MailerOptions) {}

  /** The compiled email templates (the development preview renders them too). */
  get templates(): EmailTemplates {
    return this.o.templates;
  }

  /** What every email's model starts with, in `lang`. */
  model(lang: unknown): Pick<EmailModel, "product" | "text" | "brand" | "validFor"> {
    const text = translatorFor(lang);
    return { product: this.o.product, text, brand: this.o.brand, validFor: text.duration(this.o.codeLifespanSeconds) };
  }

  /**
   * A courier message, in the language Hera recorded with its flow when the address was
   * submitted (gate/act.ts puts it in the transient payload, beside the flow id).
   */
  async send(message: CourierMessage): Promise<void> {
    const code = codeOf(message);
    const email = this.o.templates.render(message.template_type, {
      ...this.model(message.template_data.transient_payload?.lang),
      to: message.template_data.to,
      code,
      link: linkFor(message, code, this.o.origin),
    });
    try {
      await this.o.transport.sendMail({ from: this.o.from, to: message.recipient, subject: email.subject, html: email.html, text: email.text });
    } catch (err) {
      // The error may quote the conversation; log its kind, never the message.
      this.o.log.warn(
        { event: "mail.failed", template: message.template_type, reason: (err as { code?: string }).code ?? "unknown" },
        "SMTP did not take the email; Kratos will retry",
      );
      throw new SmtpUnavailable("SMTP did not accept the message", { cause: err });
    }
    this.o.log.info({ event: "mail.sent", template: message.template_type, domain: message.recipient.split("@")[1] }, "email sent");
  }

  /**
   * One of Hera's own emails (a notice: no account yet, account exists; a sign-in alert),
   * linking to `path`. Nothing waits for it (a code request's answer must not be slower
   * for it, and Kratos does not wait for the alert), so it retries by itself a few times
   * through an SMTP outage, then gives up with a log line. Resolves with whether SMTP
   * took it (the operator's command line says so).
   */
  async sendOwn(
    type: OwnEmailType,
    to: string,
    path: string,
    lang: Language,
    extra: Partial<EmailModel> = {},
    retryDelaysMs = [2_000, 10_000, 30_000],
  ): Promise<boolean> {
    const email = this.o.templates.render(type, { ...this.model(lang), to, link: new URL(path, this.o.origin).toString(), ...extra });
    for (let attempt = 0; ; attempt++) {
      try {
        await this.o.transport.sendMail({ from: this.o.from, to, subject: email.subject, html: email.html, text: email.text });
        this.o.log.info({ event: "mail.sent", template: type, domain: to.split("@")[1] }, "email sent");
        return true;
      } catch (err) {
        const delay = retryDelaysMs[attempt];
        this.o.log.warn(
          { event: "mail.failed", template: type, reason: (err as { code?: string }).code ?? "unknown", retry: delay !== undefined },
          "SMTP did not take the notice",
        );
        if (delay === undefined) return false;
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
      }
    }
  }
}
