import type { Express } from "express";
import type { Deps } from "../deps";
import { flowPage } from "../flow/pages";

/** GET /login: the sign-in flow (email, then the emailed code). */
export function registerLogin(app: Express, deps: Deps): void {
  app.get("/login", flowPage(deps, "login"));
}
