import { setTimeout as sleep } from "node:timers/promises";

/**
 * Every code request (the gate's, an address change's) takes at least `floorMs`: an address with an account and one without
 * take different paths through Kratos (a few milliseconds apart), and the floor leaves
 * nothing of that difference to measure.
 */
export async function floor(started: number, floorMs: number): Promise<void> {
  const left = floorMs - (performance.now() - started);
  if (left > 0) await sleep(left);
}
