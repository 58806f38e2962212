import type { Express } from "express";
import type { Deps } from "../deps";

/**
 * GET /too-many-requests: the page Caddy shows a browser whose sign-in submissions hit
 * the edge's limit (caddy/Caddyfile, handle_errors 429), saying when to try again.
 */
export function registerTooManyRequests(app: Express, _deps: Deps): void {
  app.get("/too-many-requests", (req, res) => {
    const raw = Number(req.query.retry_after);
    const seconds = Number.isInteger(raw) && raw > 0 && raw <= 86_400 ? raw : undefined;
    if (seconds) res.setHeader("Retry-After", String(seconds));
    const minutes = seconds ? Math.ceil(seconds / 60) : undefined;
    res.status(429).render("message", {
      title: "Too many attempts",
      heading: "Too many sign-in attempts",
      body: seconds
        ? `For your account's safety, sign-in is paused for this network. Try again in ${seconds < 120 ? `${seconds} seconds` : `${minutes} minutes`}.`
        : "For your account's safety, sign-in is paused for this network for a few minutes. Try again shortly.",
      action: { href: "/login", label: "Back to sign in" },
    });
  });
}
