import type { Express } from "express";
import type { Deps } from "../deps";
import { flowPage } from "../flow/pages";

/** GET /registration: the sign-up flow (email, then the emailed code, then signed in). */
export function registerRegistration(app: Express, deps: Deps): void {
  app.get("/registration", flowPage(deps, "registration"));
}
