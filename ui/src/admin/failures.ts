import { FetchError, ResponseError } from "@ory/client-fetch";
import { StoreUnavailable } from "../server/limits/store";

/** What hera-admin's exit code tells a script (docs/operate.md). */
export const exitCodes = {
  done: 0,
  /** No such account, nothing to change, or the operator said no. */
  nothingDone: 1,
  /** The command line or a setting is wrong, or a change was asked for with nobody to confirm it. */
  usage: 2,
  /** Kratos or the limits store did not answer. */
  unreachable: 3,
  /** Hera's own bug (not the operator's mistake): its stack is printed. */
  bug: 70,
} as const;

export type ExitCode = (typeof exitCodes)[keyof typeof exitCodes];

/** An outcome the operator is told in one line, without a stack trace. */
export class AdminFailure extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Kratos's and the store's failures as the operator reads them: the setting to look at,
 * never the SDK's stack. Anything else is Hera's own bug, and keeps its stack.
 */
export async function failureOf(err: unknown, settings: { kratosAdminUrl: string; redisUrl?: string }): Promise<AdminFailure | undefined> {
  if (err instanceof AdminFailure) return err;
  if (err instanceof FetchError) {
    return new AdminFailure(
      exitCodes.unreachable,
      `Kratos's admin API does not answer at ${settings.kratosAdminUrl} (KRATOS_ADMIN_URL): is the stack running?`,
    );
  }
  if (err instanceof ResponseError) {
    let reason = "";
    try {
      const body = (await err.response.clone().json()) as { error?: { reason?: string; message?: string } };
      reason = body.error?.reason ?? body.error?.message ?? "";
    } catch {
      // Not JSON: the status says enough.
    }
    return new AdminFailure(exitCodes.unreachable, `Kratos's admin API (KRATOS_ADMIN_URL) refused: ${err.response.status}${reason ? ` ${reason}` : ""}`);
  }
  if (err instanceof StoreUnavailable) {
    return new AdminFailure(exitCodes.unreachable, `Hera's limits store does not answer (${settings.redisUrl ? "HERA_REDIS_URL" : "HERA_STATE_DIR"}).`);
  }
  return undefined;
}
