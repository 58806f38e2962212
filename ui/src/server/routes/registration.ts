import type { Express } from "express";
import type { RegistrationFlow } from "@ory/client-fetch";
import type { Deps } from "../app";
import { showFlow } from "../flows";
import { renderFlowPage } from "../render";
import { elementsConfig } from "../../flow-card/FlowCard";

/** GET /registration: the sign-up flow (email, then the emailed code, then signed in). */
export function registerRegistration(app: Express, deps: Deps): void {
  app.get("/registration", (req, res, next) =>
    showFlow(
      deps,
      "registration",
      req,
      res,
      next,
      async (id, cookie) => (await deps.frontend.getRegistrationFlow({ id, cookie })).data,
      (flow) =>
        renderFlowPage(res, "Create your account", {
          flowType: "registration",
          flow: flow as unknown as RegistrationFlow,
          config: elementsConfig(deps.config.origin.toString(), deps.config.productName),
        }),
    ),
  );
}
