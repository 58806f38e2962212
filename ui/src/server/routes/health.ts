import type { Express } from "express";
import type { Deps } from "../deps";

/** GET /health/alive and /health/ready: ready means Kratos answers too. */
export function registerHealth(app: Express, deps: Deps): void {
  app.get("/health/alive", (_req, res) => {
    res.json({ status: "ok" });
  });
  app.get("/health/ready", async (_req, res) => {
    try {
      const answer = await fetch(`${deps.config.kratosPublicUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
      if (!answer.ok) throw new Error(`Kratos answered ${answer.status}`);
      res.json({ status: "ok" });
    } catch {
      res.status(503).json({ status: "unavailable", reason: "Kratos is not ready" });
    }
  });
}
