import type { NextFunction, Request, RequestHandler, Response } from "express";
import type { LoginFlow, RegistrationFlow } from "@ory/client-fetch";
import type { Deps } from "./app";
import { kratosFailure } from "./kratos";
import { renderFlowPage } from "./render";
import { elementsConfig } from "../flow-card/FlowCard";

export type FlowKind = "login" | "registration";

/** Query parameters an integrator may pass to /login or /registration; Kratos validates them. */
const passedToKratos = ["return_to", "aal", "refresh", "login_challenge"] as const;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function flowIdOf(req: Request): string | undefined {
  const id = req.query.flow;
  return typeof id === "string" && uuid.test(id) ? id : undefined;
}

/** Where a browser starts a new flow: Kratos sets the CSRF cookie and sends it back to Hera. */
export function startFlowUrl(deps: Deps, kind: FlowKind, req: Request): string {
  const url = new URL(`/self-service/${kind}/browser`, deps.config.origin);
  for (const name of passedToKratos) {
    const value = req.query[name];
    if (typeof value === "string" && value.length <= 2048) url.searchParams.set(name, value);
  }
  return url.toString();
}

/**
 * Fetches the flow named in `?flow=` with the browser's cookies and hands it to `render`.
 * A missing, unknown or expired flow starts a new one; a flow that belongs to another
 * browser (Kratos's CSRF check) gets a page saying so, not a redirect loop.
 */
export async function showFlow<F>(
  deps: Deps,
  kind: FlowKind,
  req: Request,
  res: Response,
  next: NextFunction,
  fetchFlow: (id: string, cookie: string | undefined) => Promise<F>,
  render: (flow: F) => void,
): Promise<void> {
  const id = flowIdOf(req);
  if (!id) return res.redirect(303, startFlowUrl(deps, kind, req));
  let flow: F;
  try {
    flow = await fetchFlow(id, req.header("cookie") ?? undefined);
  } catch (err) {
    const failure = kratosFailure(err);
    if (!failure) return next(unavailable(err));
    if (failure.status === 403 && failure.id === "security_csrf_violation") {
      res.status(403).render("message", {
        title: "Start again",
        heading: "This sign-in was started in another browser",
        body: "For your safety it can only be finished where it began (it needs a cookie this browser does not have). Start again here, or go back to the browser where you asked for the code.",
        action: { href: kind === "login" ? "/login" : "/registration", label: "Start again in this browser" },
      });
      return;
    }
    if (failure.status === 404 || failure.status === 410 || failure.status === 400) {
      return res.redirect(303, startFlowUrl(deps, kind, req));
    }
    return next(err);
  }
  render(flow);
}

type FlowTypes = { login: LoginFlow; registration: RegistrationFlow };

/** The handler of a flow page: fetch the flow with the browser's cookies, render its card. */
export function flowPage<K extends FlowKind>(
  deps: Deps,
  kind: K,
  title: string,
  fetchFlow: (id: string, cookie: string | undefined) => Promise<unknown>,
): RequestHandler {
  return (req, res, next) =>
    showFlow(deps, kind, req, res, next, fetchFlow, (flow) =>
      renderFlowPage(res, title, {
        flowType: kind,
        flow: flow as FlowTypes[K],
        config: elementsConfig(deps.config.origin.toString(), deps.config.productName),
      } as Parameters<typeof renderFlowPage>[2]),
    );
}

/** Kratos did not answer: the person can do nothing about it, say so plainly. */
export function unavailable(cause: unknown): Error & { status: number; expose: boolean } {
  const err = new Error("Kratos is unreachable", { cause }) as Error & { status: number; expose: boolean };
  err.status = 502;
  err.expose = false;
  return err;
}
