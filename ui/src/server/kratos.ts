import { Configuration, FrontendApi } from "@ory/client";
import { isAxiosError } from "axios";
import type { Request } from "express";

/**
 * Hera's server talks to Kratos's public API directly (not through the origin) and
 * forwards the browser's cookies on every call: flows are bound to their CSRF cookie and
 * sessions live in a cookie, so a call without them speaks for nobody.
 */
export function createFrontend(kratosPublicUrl: string): FrontendApi {
  return new FrontendApi(new Configuration({ basePath: kratosPublicUrl }));
}

export function cookiesOf(req: Request): string | undefined {
  return req.header("cookie") ?? undefined;
}

/** What Kratos answered when a call failed, or undefined if it did not answer at all. */
export type KratosFailure = { status: number; id?: string; reason?: string; redirectTo?: string };

export function kratosFailure(err: unknown): KratosFailure | undefined {
  if (!isAxiosError(err) || !err.response) return undefined;
  const body = err.response.data as
    | { error?: { id?: string; reason?: string; message?: string }; redirect_browser_to?: string }
    | undefined;
  return {
    status: err.response.status,
    id: body?.error?.id,
    reason: body?.error?.reason ?? body?.error?.message,
    redirectTo: body?.redirect_browser_to,
  };
}
