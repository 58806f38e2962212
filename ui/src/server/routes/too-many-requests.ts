import type { Express } from "express";
import type { Deps } from "../deps";
import { textOf } from "../http/language";
import { showMessage } from "../http/message-page";

/**
 * GET /too-many-requests: the page Caddy shows a browser whose sign-in submissions hit
 * the edge's limit (caddy/Caddyfile, handle_errors 429), saying when to try again.
 */
export function registerTooManyRequests(app: Express, _deps: Deps): void {
  app.get("/too-many-requests", (req, res) => {
    const raw = Number(req.query.retry_after);
    const seconds = Number.isInteger(raw) && raw > 0 && raw <= 86_400 ? raw : undefined;
    if (seconds) res.setHeader("Retry-After", String(seconds));
    showMessage(res, 429, {
      heading: "page.too_many.heading",
      body: seconds ? "page.too_many.body_wait" : "page.too_many.body",
      values: seconds ? { time: textOf(res).duration(seconds < 120 ? seconds : Math.ceil(seconds / 60) * 60) } : undefined,
      action: { href: "/login", label: "page.back_to_sign_in" },
    });
  });
}
