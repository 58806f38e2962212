import { open, type RootDatabase } from "lmdb";
import { mkdirSync } from "node:fs";
import type { Store } from "./store";

type Entry = { value: string; expiresAt: number };

/**
 * The store without Redis: an LMDB file under HERA_STATE_DIR. It survives a restart, and
 * LMDB's locking lets several Hera processes on this machine share it; machines apart
 * need Redis.
 */
export class LocalStore implements Store {
  private readonly db: RootDatabase<Entry, string>;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    dir: string,
    private readonly now: () => number = Date.now,
  ) {
    mkdirSync(dir, { recursive: true });
    this.db = open<Entry, string>({ path: dir, compression: false });
    this.sweep();
    this.sweeper = setInterval(() => this.sweep(), 600_000).unref();
  }

  async get(key: string) {
    return this.live(this.db.get(key))?.value;
  }

  async set(key: string, value: string, ttlMs: number) {
    await this.db.put(key, { value, expiresAt: this.now() + ttlMs });
  }

  async increment(key: string, ttlMs: number) {
    // One write transaction at a time across processes: no two requests get the same count.
    return this.db.transactionSync(() => {
      const entry = this.live(this.db.get(key));
      const count = Number(entry?.value ?? 0) + 1;
      this.db.putSync(key, { value: String(count), expiresAt: entry?.expiresAt ?? this.now() + ttlMs });
      return count;
    });
  }

  async uncount(key: string) {
    this.db.transactionSync(() => {
      const entry = this.live(this.db.get(key));
      if (entry) this.db.putSync(key, { value: String(Number(entry.value) - 1), expiresAt: entry.expiresAt });
    });
  }

  async delete(key: string) {
    await this.db.remove(key);
  }

  async append(key: string, value: string, ttlMs: number, keepLast?: number) {
    return this.db.transactionSync(() => {
      const list = JSON.parse(this.live(this.db.get(key))?.value ?? "[]") as string[];
      list.push(value);
      const kept = keepLast === undefined ? list : list.slice(-keepLast);
      this.db.putSync(key, { value: JSON.stringify(kept), expiresAt: this.now() + ttlMs });
      return kept.length;
    });
  }

  async list(key: string) {
    return JSON.parse(this.live(this.db.get(key))?.value ?? "[]") as string[];
  }

  async takeAll(key: string) {
    return this.db.transactionSync(() => {
      const list = JSON.parse(this.live(this.db.get(key))?.value ?? "[]") as string[];
      this.db.removeSync(key);
      return list;
    });
  }

  async close() {
    clearInterval(this.sweeper);
    await this.db.close();
  }

  private live(entry: Entry | undefined): Entry | undefined {
    return entry && entry.expiresAt > this.now() ? entry : undefined;
  }

  /** Drops lapsed entries so the file does not grow without end. */
  private sweep(): void {
    const now = this.now();
    for (const { key, value } of this.db.getRange()) if (value.expiresAt <= now) this.db.removeSync(key);
  }
}
