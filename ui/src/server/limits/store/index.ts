import { LocalStore } from "./local-store";
import { RedisStore } from "./redis-store";
import type { Store } from "./store";

export type { Store } from "./store";
export { StoreUnavailable } from "./store";

/** Redis when a URL is configured, the local file otherwise. */
export async function openStore(options: { redisUrl?: string; stateDir: string }): Promise<Store> {
  return options.redisUrl ? RedisStore.connect(options.redisUrl) : new LocalStore(options.stateDir);
}
