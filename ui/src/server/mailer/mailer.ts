import type { Transporter } from "nodemailer";
import type { Logger } from "pino";
import { codeOf, type CourierMessage } from "./messages";
import { linkFor } from "./links";
import type { EmailTemplates } from "./templates";

export type MailerOptions = { templates: EmailTemplates; transport: Transporter; from: string; product: string; origin: URL; validFor: string; log: Logger };

export class SmtpUnavailable extends Error {}

/** Renders a courier message with Hera's templates and hands it to SMTP. */
export class Mailer {
  constructor(private readonly o: MailerOptions) {}

  /** How long codes live, in words, as the emails say it. */
  get validFor(): string {
    return this.o.validFor;
  }

  async send(message: CourierMessage): Promise<void> {
    const code = codeOf(message);
    const email = this.o.templates.render(message.template_type, {
      product: this.o.product,
      to: message.template_data.to,
      code,
      link: linkFor(message, code, this.o.origin),
      validFor: this.o.validFor,
    });
    try {
      await this.o.transport.sendMail({ from: this.o.from, to: message.recipient, subject: email.subject, html: email.html, text: email.text });
    } catch (err) {
      // The error may quote the conversation; log its kind, never the message.
      this.o.log.warn({ event: "mail.failed", template: message.template_type, reason: (err as { code?: string }).code ?? "unknown" }, "SMTP did not take the email; Kratos will retry");
      throw new SmtpUnavailable("SMTP did not accept the message", { cause: err });
    }
    this.o.log.info({ event: "mail.sent", template: message.template_type, domain: message.recipient.split("@")[1] }, "email sent");
  }
}
