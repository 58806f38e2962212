import type { Response } from "express";
import { FetchError, ResponseError } from "@ory/client-fetch";

/**
 * What each of Kratos's refusals means for Hera, in one place (as Ory Elements'
 * handleFlowError does for the browser): sign in first, take the second step, the flow is
 * another browser's, the flow is gone, or Kratos did not answer at all.
 */
export type KratosFailure = { status: number; id?: string; reason?: string };

export type Meaning = "unreachable" | "sign_in" | "second_step" | "other_browser" | "gone" | "refused";

/** What Kratos answered when a call failed, or undefined if it did not answer at all. */
export async function kratosFailure(err: unknown): Promise<KratosFailure | undefined> {
  if (!(err instanceof ResponseError)) return undefined;
  let body: { error?: { id?: string; reason?: string; message?: string } } | undefined;
  try {
    body = (await err.response.clone().json()) as typeof body;
  } catch {
    body = undefined;
  }
  return { status: err.response.status, id: body?.error?.id, reason: body?.error?.reason ?? body?.error?.message };
}

export function meaningOf(failure: KratosFailure | undefined): Meaning {
  if (!failure) return "unreachable";
  if (failure.status === 401) return "sign_in";
  if (failure.status === 403 && failure.id === "session_aal2_required") return "second_step";
  if (failure.status === 403 && failure.id === "security_csrf_violation") return "other_browser";
  if ([400, 404, 410].includes(failure.status)) return "gone";
  return "refused";
}

/** Whether an error is the SDK's (Kratos answered, or could not be reached), not Hera's own. */
export function isKratosError(err: unknown): boolean {
  return err instanceof ResponseError || err instanceof FetchError;
}

/**
 * Kratos did not answer (a restart, say): the person can do nothing about it but try again
 * in a moment, and the answer says so (503 with Retry-After).
 */
export function unavailable(cause: unknown): Error & { status: number; expose: boolean } {
  const err = new Error("Kratos is unreachable", { cause }) as Error & { status: number; expose: boolean };
  err.status = 503;
  err.expose = false;
  return err;
}

/**
 * A page that needs a session: without one the browser signs in first, short of its
 * second step it takes that step, and either way comes back to `here`. Returns false for
 * any other refusal, which the page handles itself.
 */
export function sendToSignIn(failure: KratosFailure | undefined, origin: URL, here: string, res: Response): boolean {
  const back = new URL(here, origin).toString();
  const meaning = meaningOf(failure);
  if (meaning === "sign_in") {
    res.redirect(303, `/login?return_to=${encodeURIComponent(back)}`);
    return true;
  }
  if (meaning === "second_step") {
    const stepUp = new URL("/self-service/login/browser", origin);
    stepUp.searchParams.set("aal", "aal2");
    stepUp.searchParams.set("return_to", back);
    res.redirect(303, stepUp.toString());
    return true;
  }
  return false;
}

/** The failure in an answer the gate read itself (a flow read, a submission). */
export function failureOfAnswer(answer: { status: number; text: string }): KratosFailure {
  try {
    const body = JSON.parse(answer.text) as { error?: { id?: string; reason?: string; message?: string } };
    return { status: answer.status, id: body.error?.id, reason: body.error?.reason ?? body.error?.message };
  } catch {
    return { status: answer.status };
  }
}
