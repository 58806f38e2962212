import type { Response } from "express";
import type { TextKey } from "../../i18n/translator";
import { textOf } from "./language";

/** A page that says one thing and offers one way on, in Hera's words (views/message.hbs). */
export type MessagePage = {
  heading: TextKey;
  /** A key of Hera's catalogue, or a sentence already in the page's language. */
  body: TextKey | { said: string };
  action?: { href: string; label: TextKey; id?: string };
  values?: Record<string, unknown>;
};

export function showMessage(res: Response, status: number, page: MessagePage): void {
  const text = textOf(res);
  const heading = text.t(page.heading, page.values);
  res.status(status).render("message", {
    title: heading,
    heading,
    body: typeof page.body === "string" ? text.t(page.body, page.values) : page.body.said,
    action: page.action && { href: page.action.href, id: page.action.id, label: text.t(page.action.label, page.values) },
  });
}
