import type { Stack } from "../stack";
import type { Inbox } from "./inbox";

/** Waits between the faults, and how long SMTP stays away. */
export type FaultTimes = { first: number; between: number; smtpDown: number };

/**
 * The soak's faults, one after another: Hera restarts, then Kratos, then SMTP goes away
 * for a while and comes back (make bench's soak, e2e/tests/faults.spec.ts).
 */
export async function injectFaults(stack: Stack, inbox: Inbox, times: FaultTimes, say: (line: string) => void = () => {}): Promise<void> {
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  await pause(times.first);
  say("  Hera restarts");
  await stack.stopService("hera");
  await stack.startService("hera");
  await pause(times.between);
  say("  Kratos restarts");
  await stack.stopService("kratos");
  await stack.startService("kratos");
  await pause(times.between);
  say(`  SMTP down for ${times.smtpDown / 1000} s`);
  await inbox.stop();
  await pause(times.smtpDown);
  await inbox.start();
  say("  SMTP back");
}
