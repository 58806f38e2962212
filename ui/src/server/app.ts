import express, { type ErrorRequestHandler, type RequestHandler } from "express";
import { engine } from "express-handlebars";
import path from "node:path";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import type { Logger } from "pino";
import type { Config } from "./config";
import { createDeps } from "./deps";
import { loadAssets } from "./assets";
import type { Kratos } from "./kratos/client";
import type { Identities } from "./kratos/identities";
import { registerLogin } from "./routes/login";
import { registerRegistration } from "./routes/registration";
import { registerError } from "./routes/error";
import { registerWelcome } from "./routes/welcome";
import { registerLogout } from "./routes/logout";
import { registerHealth } from "./routes/health";
import { registerCourier } from "./routes/courier";
import { registerSignIn } from "./routes/sign-in";
import { registerSignUp } from "./routes/sign-up";
import { registerSettings } from "./routes/settings";
import { registerSessions } from "./routes/sessions";
import { registerSettingsAddress } from "./routes/settings-address";
import { registerSettingsData } from "./routes/settings-data";
import { registerDevEmails } from "./routes/dev-emails";
import { registerSelfService } from "./routes/self-service";
import { registerNewCode } from "./routes/new-code";
import { registerTooManyRequests } from "./routes/too-many-requests";
import { registerLanguage } from "./routes/language";
import { language } from "./http/language";
import { showMessage } from "./http/message-page";
import { viewHelpers } from "./http/view-helpers";
import { accountPaths, signedIn } from "./http/signed-in";
import type { Store } from "./limits/store";
import { StoreUnavailable } from "./limits/store";
import { FetchError } from "@ory/client-fetch";

/**
 * Every page: scripts only from Hera's own origin (the bundle; the flow's data is a JSON
 * block, never run), no framing, and no Referer to any other site, so a sign-in link's
 * code never leaves the origin in one. (same-origin, not no-referrer: under no-referrer
 * a browser sends Origin: null with Hera's own forms, and null is what another site's
 * sandboxed frame sends too; http/account.ts refuses it.) HSTS in production.
 */
function securityHeaders(config: Config) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        // React and Ory Elements set style attributes; styles cannot run code.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        // No form-action: after a sign-in Kratos redirects to return_to, which may be
        // another allowed origin, and browsers apply form-action to that redirect.
      },
    },
    referrerPolicy: { policy: "same-origin" },
    frameguard: { action: "deny" },
    strictTransportSecurity: config.env === "production" ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
}

const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader("Cache-Control", "no-store");
  next();
};

/** The brand as the layout shows it (views/layouts/main.hbs). */
function pageBrand(config: Config) {
  const b = config.brand;
  return {
    logo: b.logo ? "/brand/logo" : undefined,
    logoDark: b.logoDark ? "/brand/logo-dark" : undefined,
    // One <style> block in the layout: the accent through the theme's variables.
    css: `:root,.ory-elements{--hera-brand:${b.accent};--hera-brand-dark:${b.accentHover};--hera-brand-on-dark:${b.accentOnDark}}`,
    support: b.support,
    terms: b.terms,
    privacy: b.privacy,
  };
}

export function createApp(config: Config, log: Logger, uiRoot: string, store: Store, kratos: Kratos, identities: Identities) {
  const app = express();
  const assets = loadAssets(path.join(uiRoot, "dist", "client"));
  const deps = createDeps(config, log, store, kratos, identities);
  // Every server process looks for webhook retries that fall due (events/webhooks.ts).
  deps.webhooks.start();
  const templates = deps.mailer.templates;

  app.disable("x-powered-by");
  // Every page is no-store (below): an ETag would only cost a hash of each page.
  app.set("etag", false);
  // Caddy is the only client; its X-Forwarded-For gives the browser's address.
  app.set("trust proxy", "loopback");
  app.engine(
    "hbs",
    engine({
      extname: ".hbs",
      defaultLayout: "main",
      helpers: viewHelpers,
    }),
  );
  app.set("view engine", "hbs");
  // Compiled templates are kept whatever NODE_ENV says (Express keeps them only in
  // production): reading and compiling them again on every page cost make dev more than
  // React's render did. A changed view shows after a restart.
  app.set("view cache", true);
  app.set("views", path.join(uiRoot, "views"));
  app.locals.productName = config.productName;
  app.locals.brand = pageBrand(config);
  app.locals.assets = assets;

  app.use(
    pinoHttp({
      logger: log,
      // Paths only: query strings carry flow ids now and sign-in links later.
      serializers: {
        req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, path: req.url.split("?")[0] }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => (req.url ?? "").startsWith("/assets/") || (req.url ?? "").startsWith("/health/") },
    }),
  );
  app.use(securityHeaders(config));
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  // The one file at the top level, by name: a static folder at / would look on disk for
  // every page's path first (a stat and an error object per page).
  const favicon = path.join(uiRoot, "static", "favicon.svg");
  app.get("/favicon.svg", (_req, res, next) => res.sendFile(favicon, { maxAge: "1d" }, (err) => err && next(err)));
  // The operator's logos (HERA_BRAND_LOGO, HERA_BRAND_LOGO_DARK), read from disk at each
  // request so a new file shows without a rebuild; a day in caches.
  for (const [name, logo] of [
    ["logo", config.brand.logo],
    ["logo-dark", config.brand.logoDark],
  ] as const) {
    if (logo) app.get(`/brand/${name}`, (_req, res, next) => res.type(logo.type).sendFile(logo.file, { maxAge: "1d" }, (err) => err && next(err)));
  }
  app.use("/assets", express.static(path.join(uiRoot, "dist", "client", "assets"), { immutable: true, maxAge: "1y", index: false }));

  // Past the static files, every answer is one person's: a page with a code, a secret, an
  // address or a session's details. No cache (the browser's, a proxy's) may keep it.
  app.use(noStore);
  // Every page and message in the person's language: their choice, else their browser's.
  app.use(language());
  // Signed in, second step included, before any route that reads or changes an account.
  app.use([...accountPaths], signedIn(deps));

  registerHealth(app, deps);
  registerCourier(app, deps);
  registerSignIn(app, deps);
  registerSignUp(app, deps);
  registerDevEmails(app, deps, templates);
  registerTooManyRequests(app, deps);
  registerLanguage(app, deps);
  registerSelfService(app, deps);
  registerNewCode(app, deps);
  registerLogin(app, deps);
  registerRegistration(app, deps);
  registerError(app, deps);
  registerWelcome(app, deps);
  registerSettings(app, deps);
  registerSettingsAddress(app, deps);
  registerSettingsData(app, deps);
  registerSessions(app, deps);
  registerLogout(app, deps);
  app.get("/", (_req, res) => res.redirect(303, "/welcome"));

  app.use((_req, res) => {
    showMessage(res, 404, { heading: "page.not_found.heading", body: "page.not_found.body", action: { href: "/login", label: "page.go_to_sign_in" } });
  });
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    // A client's mistake (a malformed body, say) is a 4xx with a clear page, never a trace.
    // A store or a Kratos that does not answer (restarting, say: the SDK's FetchError) lets
    // nothing through unchecked: 503, try again.
    const status =
      err instanceof StoreUnavailable || err instanceof FetchError || err?.status === 503
        ? 503
        : typeof err?.status === "number" && err.status >= 400 && err.status < 500
          ? err.status
          : 500;
    if (status >= 500) req.log.error({ err }, "request failed");
    if (res.headersSent) return;
    if (status === 503) res.setHeader("Retry-After", "5");
    if (req.path.startsWith("/internal/") || req.accepts(["html", "json"]) === "json") {
      const message =
        status === 503
          ? "Sign-in is briefly unavailable; try again in a few seconds."
          : status >= 500
            ? "The request failed."
            : String(err?.message ?? "Bad request");
      res.status(status).json({ error: status === 503 ? "unavailable" : status >= 500 ? "internal_error" : "bad_request", message });
      return;
    }
    const page = status === 503 ? "unavailable" : status >= 500 ? "failed" : "bad_request";
    showMessage(res, status, { heading: `page.${page}.heading`, body: `page.${page}.body`, action: { href: "/login", label: "page.back_to_sign_in" } });
  };
  app.use(onError);
  return app;
}
