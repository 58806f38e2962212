import { Redis } from "ioredis";
import { redactedUrl, StoreUnavailable, type Store } from "./store";

/** The shared store: one Redis for every Hera process. */
export class RedisStore implements Store {
  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Connects and checks Redis answers, so a wrong URL stops Hera at start. */
  static async connect(url: string, prefix = "hera:"): Promise<RedisStore> {
    // Fail fast rather than queue: a request waiting on a dead Redis would hang the page.
    const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 3000 });
    redis.on("error", () => undefined); // reported per command; ioredis reconnects by itself
    try {
      await redis.connect();
      await redis.ping();
    } catch (err) {
      redis.disconnect();
      throw new StoreUnavailable(`cannot reach Redis at ${redactedUrl(url)}: ${(err as Error).message}`);
    }
    return new RedisStore(redis, prefix);
  }

  async get(key: string) {
    return (await this.run(() => this.redis.get(this.prefix + key))) ?? undefined;
  }

  async set(key: string, value: string, ttlMs: number) {
    await this.run(() => this.redis.set(this.prefix + key, value, "PX", Math.max(1, Math.ceil(ttlMs))));
  }

  async increment(key: string, ttlMs: number) {
    const k = this.prefix + key;
    // The window starts with the first count (NX), and INCR keeps that expiry.
    const results = await this.run(() =>
      this.redis
        .multi()
        .set(k, "0", "PX", Math.max(1, Math.ceil(ttlMs)), "NX")
        .incr(k)
        .exec(),
    );
    const [, [err, count] = []] = results ?? [];
    if (err) throw new StoreUnavailable(`Redis refused a count: ${err.message}`);
    return Number(count);
  }

  async uncount(key: string) {
    // DECR alone would make a lapsed count -1, with no window: one email more for ever.
    await this.run(() => this.redis.eval("if redis.call('exists', KEYS[1]) == 1 then redis.call('decr', KEYS[1]) end", 1, this.prefix + key));
  }

  async delete(key: string) {
    await this.run(() => this.redis.del(this.prefix + key));
  }

  async append(key: string, value: string, ttlMs: number, keepLast?: number) {
    const k = this.prefix + key;
    const results = await this.run(() => {
      const step = this.redis.multi().rpush(k, value);
      if (keepLast !== undefined) step.ltrim(k, -keepLast, -1);
      return step.pexpire(k, Math.max(1, Math.ceil(ttlMs))).exec();
    });
    const [[err, length] = []] = results ?? [];
    if (err) throw new StoreUnavailable(`Redis refused a list: ${err.message}`);
    return keepLast === undefined ? Number(length) : Math.min(Number(length), keepLast);
  }

  async list(key: string) {
    return this.run(() => this.redis.lrange(this.prefix + key, 0, -1));
  }

  async takeAll(key: string) {
    const k = this.prefix + key;
    const results = await this.run(() => this.redis.multi().lrange(k, 0, -1).del(k).exec());
    const [[err, values] = []] = results ?? [];
    if (err) throw new StoreUnavailable(`Redis refused a list: ${err.message}`);
    return (values as string[] | undefined) ?? [];
  }

  async close() {
    this.redis.disconnect();
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (err) {
      throw new StoreUnavailable(`Redis did not answer: ${(err as Error).message}`, { cause: err });
    }
  }
}
