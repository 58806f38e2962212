import type { Store } from "./store";

export type { Store } from "./store";
export { StoreUnavailable } from "./store";

/**
 * Redis when a URL is configured, the local file otherwise. Each is loaded only when
 * chosen: the other's client would only take memory (ioredis ~10 MB, lmdb ~5 MB of heap).
 */
export async function openStore(options: { redisUrl?: string; stateDir: string }): Promise<Store> {
  if (options.redisUrl) {
    const { RedisStore } = await import("./redis-store");
    return RedisStore.connect(options.redisUrl);
  }
  const { LocalStore } = await import("./local-store");
  return new LocalStore(options.stateDir);
}
