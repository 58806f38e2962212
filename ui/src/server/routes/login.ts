import type { Express } from "express";
import type { LoginFlow } from "@ory/client-fetch";
import type { Deps } from "../app";
import { showFlow } from "../flows";
import { renderFlowPage } from "../render";
import { elementsConfig } from "../../flow-card/FlowCard";

/** GET /login: the sign-in flow (email, then the emailed code). */
export function registerLogin(app: Express, deps: Deps): void {
  app.get("/login", (req, res, next) =>
    showFlow(
      deps,
      "login",
      req,
      res,
      next,
      async (id, cookie) => (await deps.frontend.getLoginFlow({ id, cookie })).data,
      (flow) =>
        renderFlowPage(res, "Sign in", {
          flowType: "login",
          flow: flow as unknown as LoginFlow,
          config: elementsConfig(deps.config.origin.toString(), deps.config.productName),
        }),
    ),
  );
}
