import type { Express } from "express";
import type { Deps } from "../deps";
import { templateTypes } from "../mailer/messages";
import { ownEmailTypes, type EmailTemplates } from "../mailer/templates";
import { textOf } from "../http/language";

/**
 * GET /dev/emails (development only): every email template rendered with sample data by
 * the same renderer the mailer uses, to review copy and layout without sending mail.
 */
export function registerDevEmails(app: Express, deps: Deps, templates: EmailTemplates): void {
  if (deps.config.env !== "development") return;
  app.get("/dev/emails", (_req, res) => {
    const signIn = { when: "22 Nov 2026, 10:04 UTC", device: "Chrome 156 on Linux", ip: "203.0.113.9", method: "Email code or link" };
    const emails = [...templateTypes, ...ownEmailTypes].map((type) => {
      const flowPage = type === "registration_code_valid" || type === "account_missing" ? "/registration" : "/login";
      const sample = type.endsWith("_code_valid")
        ? `${flowPage}?flow=00000000-0000-4000-8000-000000000000&code=042917`
        : type === "address_change_code"
          ? "/settings/address/confirm?code=042917"
          : type.startsWith("account_") || type.startsWith("address_") || type === "second_factors_removed"
            ? flowPage
            : undefined;
      const link = sample && new URL(sample, deps.config.origin).toString();
      return {
        type,
        ...templates.render(type, {
          ...deps.mailer.model(textOf(res).lang),
          to: "ada@example.com",
          code: "042917",
          link,
          signIn,
          signIns: [signIn, signIn],
          newAddress: "gr…@an…e.org",
        }),
      };
    });
    res.render("dev-emails", { title: "Email templates", emails });
  });
}
