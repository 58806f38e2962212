/**
 * Where Hera keeps what its limits remember (resend waits, wrong-code counts, emails per
 * address, the newest link, decoy flows). Redis when HERA_REDIS_URL is set, so every Hera
 * process sees the same counts; otherwise a file on this machine (LMDB), which outlives
 * a restart and is shared by processes on the same machine.
 */
export interface Store {
  get(key: string): Promise<string | undefined>;
  /** Sets the value; it lapses after `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Counts one more; the count lapses `ttlMs` after its first. Returns the new count. */
  increment(key: string, ttlMs: number): Promise<number>;
  /** Takes one count back, keeping its window; nothing if the count has lapsed. */
  uncount(key: string): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Adds a value to the end of a list, which lapses `ttlMs` after this addition. Returns
   * the list's length. With `keepLast`, only the newest that many values are kept.
   */
  append(key: string, value: string, ttlMs: number, keepLast?: number): Promise<number>;
  /** The list's values, oldest first, left in place. */
  list(key: string): Promise<string[]>;
  /** The list's values, removed in the same step: of several callers, one gets each value. */
  takeAll(key: string): Promise<string[]>;
  close(): Promise<void>;
}

/** The store could not be reached: the request fails with 503, nothing is let through. */
export class StoreUnavailable extends Error {}

/** The URL without its password, for messages. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(not a URL)";
  }
}
