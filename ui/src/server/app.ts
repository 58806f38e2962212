import express, { type ErrorRequestHandler } from "express";
import { engine } from "express-handlebars";
import path from "node:path";
import { pinoHttp } from "pino-http";
import type { Logger } from "pino";
import type { Config } from "./config";
import { loadAssets } from "./assets";
import { createFrontend } from "./kratos";
import { registerLogin } from "./routes/login";
import { registerRegistration } from "./routes/registration";
import { registerError } from "./routes/error";
import { registerWelcome } from "./routes/welcome";
import { registerLogout } from "./routes/logout";
import { registerHealth } from "./routes/health";

export type Deps = { config: Config; frontend: ReturnType<typeof createFrontend>; log: Logger };

export function createApp(config: Config, log: Logger, uiRoot: string) {
  const app = express();
  const assets = loadAssets(path.join(uiRoot, "dist", "client"));
  const deps: Deps = { config, frontend: createFrontend(config.kratosPublicUrl), log };

  app.disable("x-powered-by");
  // Caddy is the only client; its X-Forwarded-For gives the browser's address.
  app.set("trust proxy", "loopback");
  app.engine("hbs", engine({ extname: ".hbs", defaultLayout: "main" }));
  app.set("view engine", "hbs");
  app.set("views", path.join(uiRoot, "views"));
  app.locals.productName = config.productName;
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
  app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));
  app.use(express.static(path.join(uiRoot, "static"), { index: false, maxAge: "1d" }));
  app.use("/assets", express.static(path.join(uiRoot, "dist", "client", "assets"), { immutable: true, maxAge: "1y", index: false }));

  registerHealth(app, deps);
  registerLogin(app, deps);
  registerRegistration(app, deps);
  registerError(app, deps);
  registerWelcome(app, deps);
  registerLogout(app, deps);
  app.get("/", (_req, res) => res.redirect(303, "/welcome"));

  app.use((_req, res) => {
    res.status(404).render("message", { title: "Page not found", heading: "This page does not exist", body: "Check the address, or go back to sign in.", action: { href: "/login", label: "Go to sign in" } });
  });
  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    // A client's mistake (a malformed body, say) is a 4xx with a clear page, never a trace.
    const status = typeof err?.status === "number" && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status >= 500) req.log.error({ err }, "request failed");
    if (res.headersSent) return;
    res.status(status).render("message", {
      title: status >= 500 ? "Something went wrong" : "That request could not be handled",
      heading: status >= 500 ? "Something went wrong on our side" : "That request could not be handled",
      body: status >= 500 ? "Please try again in a moment." : "Please go back and try again.",
      action: { href: "/login", label: "Back to sign in" },
    });
  };
  app.use(onError);
  return app;
}
