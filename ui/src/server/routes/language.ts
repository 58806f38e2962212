import express, { type Express } from "express";
import type { Deps } from "../deps";
import { isLanguage } from "../../i18n/languages";
import { languageCookie } from "../http/language";
import { showMessage } from "../http/message-page";
import { sameOrigin } from "../http/account";
import { isPlainPath } from "../http/paths";

/**
 * POST /language: the language choice at the foot of every page (a plain form: it works
 * without scripts). The choice is kept for a year and outranks the browser's
 * Accept-Language; the browser goes back to the page it was on.
 */
export function registerLanguage(app: Express, deps: Deps): void {
  // Another site's form could otherwise switch a person's pages to a language they do not read.
  const fromHere = sameOrigin(deps, { body: "page.bad_request.body", action: { href: "/login", label: "page.back_to_sign_in" } });
  app.post("/language", fromHere, express.urlencoded({ extended: false, limit: "4kb" }), (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!isLanguage(body.lang)) {
      return showMessage(res, 400, {
        heading: "page.bad_request.heading",
        body: "page.bad_request.body",
        action: { href: "/login", label: "page.back_to_sign_in" },
      });
    }
    res.cookie(languageCookie, body.lang, { sameSite: "lax", secure: deps.config.env === "production", maxAge: 365 * 86_400_000, path: "/" });
    res.redirect(303, pageToReturnTo(body.return_to));
  });
}

/**
 * Only a path on this origin: "//evil.example" and "/\evil.example" are other sites to a
 * browser, so they, and anything not a plain path, lead to the sign-in page.
 */
export function pageToReturnTo(value: unknown): string {
  return typeof value === "string" && value.length <= 2048 && isPlainPath(value) ? value : "/login";
}
