import { fork } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalStore } from "./local-store";
import { RedisStore } from "./redis-store";
import type { Store } from "./store";

const redisUrl = process.env.HERA_TEST_REDIS_URL ?? "redis://127.0.0.1:6379/15";

/** The contract both stores keep; Redis is the machine's real one (database 15). */
const kinds: [string, () => Promise<Store>][] = [
  ["LocalStore", async () => new LocalStore(mkdtempSync(path.join(tmpdir(), "hera-store-")))],
  ["RedisStore", async () => RedisStore.connect(redisUrl, `hera-test-${process.pid}-${Date.now()}:`)],
];

describe.each(kinds)("%s", (_name, open) => {
  it("gets what was set until it lapses", async () => {
    const store = await open();
    await store.set("k", "v", 150);
    expect(await store.get("k")).toBe("v");
    expect(await store.get("missing")).toBeUndefined();
    await new Promise((r) => setTimeout(r, 250));
    expect(await store.get("k")).toBeUndefined();
    await store.close();
  });

  it("counts from the first count's window and starts again after it", async () => {
    const store = await open();
    expect(await store.increment("c", 200)).toBe(1);
    expect(await store.increment("c", 200)).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(await store.increment("c", 200)).toBe(1);
    await store.delete("c");
    expect(await store.get("c")).toBeUndefined();
    await store.close();
  });

  it("takes a count back within its window, and never below a lapsed count", async () => {
    const store = await open();
    await store.increment("u", 200);
    await store.increment("u", 200);
    await store.uncount("u");
    expect(await store.increment("u", 200)).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    await store.uncount("u");
    expect(await store.get("u")).toBeUndefined();
    expect(await store.increment("u", 200)).toBe(1);
    await store.close();
  });

  it("keeps a list in order until it is taken, and gives each value to one taker only", async () => {
    const store = await open();
    expect(await store.takeAll("none")).toEqual([]);
    expect(await store.append("list", "a", 10_000)).toBe(1);
    expect(await store.append("list", "b", 10_000)).toBe(2);
    const takers = await Promise.all([store.takeAll("list"), store.takeAll("list"), store.takeAll("list")]);
    expect(takers.flat()).toEqual(["a", "b"]);
    expect(await store.takeAll("list")).toEqual([]);
    await store.append("brief", "x", 100);
    await new Promise((r) => setTimeout(r, 200));
    expect(await store.takeAll("brief")).toEqual([]);
    await store.close();
  });

  it("reads a list in place and keeps only its newest values when asked", async () => {
    const store = await open();
    expect(await store.list("none")).toEqual([]);
    for (const v of ["1", "2", "3", "4"]) await store.append("recent", v, 10_000, 3);
    expect(await store.list("recent")).toEqual(["2", "3", "4"]);
    expect(await store.list("recent")).toEqual(["2", "3", "4"]);
    await store.delete("recent");
    expect(await store.list("recent")).toEqual([]);
    await store.close();
  });

  it("gives every one of many concurrent counts its own number", async () => {
    const store = await open();
    const counts = await Promise.all(Array.from({ length: 50 }, () => store.increment("many", 10_000)));
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await store.close();
  });
});

describe("RedisStore", () => {
  it("names the problem when Redis cannot be reached", async () => {
    await expect(RedisStore.connect("redis://:secret@127.0.0.1:1/0")).rejects.toThrow(/cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1\/0/);
  });
});

describe("LocalStore shared by two processes", () => {
  it("counts every increment of two processes exactly once", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hera-store-"));
    // Each child process is a Hera-like process counting 200 times into the same file.
    const script = path.join(dir, "count.ts");
    writeFileSync(
      script,
      `import { LocalStore } from ${JSON.stringify(path.join(__dirname, "local-store.ts"))};
       const store = new LocalStore(process.argv[2]!);
       (async () => { for (let i = 0; i < 200; i++) await store.increment("n", 60000); await store.close(); })();`,
    );
    const run = () => new Promise<number | null>((resolve) => fork(script, [path.join(dir, "db")], { execArgv: ["--import", "tsx"] }).on("exit", resolve));
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    const store = new LocalStore(path.join(dir, "db"));
    expect(await store.get("n")).toBe("400");
    await store.close();
  });
});
