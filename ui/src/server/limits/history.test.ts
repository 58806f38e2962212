import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LocalStore } from "./store/local-store";
import { SignInHistory, type SignInStep } from "./history";

const day = 86_400_000;
const chrome = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0";
const phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1";

function history(now: { t: number }, retentionDays = 90, shown = 20) {
  const store = new LocalStore(mkdtempSync(path.join(tmpdir(), "hera-history-")), () => now.t);
  return new SignInHistory(store, retentionDays * day, shown, () => now.t);
}

const step = (at: number, s: Partial<SignInStep> = {}): SignInStep => ({
  at: new Date(at).toISOString(),
  step: "first",
  method: "code",
  ip: "203.0.113.9",
  userAgent: chrome,
  ...s,
});

describe("SignInHistory", () => {
  it("lists the newest sign-ins first, each with the second step taken from the same browser", async () => {
    const now = { t: Date.parse("2026-12-01T10:00:00Z") };
    const h = history(now);
    await h.record("id-1", step(now.t - 60_000));
    await h.record("id-1", step(now.t - 50_000, { step: "first", userAgent: phone, method: "passkey" }));
    await h.record("id-1", step(now.t - 40_000, { step: "second", method: "totp" }));
    await h.record("id-1", step(now.t - 30_000, { step: "refresh" }));
    await h.record("id-2", step(now.t - 20_000));
    const list = await h.signIns("id-1");
    expect(list.map((s) => [s.step, s.method, s.secondStep, s.userAgent === phone])).toEqual([
      ["refresh", "code", undefined, false],
      ["first", "passkey", undefined, true],
      ["first", "code", "totp", false],
    ]);
    expect(await h.signIns("id-2")).toHaveLength(1);
  });

  it("keeps no more than it shows, and nothing past the retention", async () => {
    const now = { t: Date.parse("2026-12-01T10:00:00Z") };
    const h = history(now, 30, 20);
    for (let i = 0; i < 70; i++) await h.record("id", step(now.t - (70 - i) * 1000, { ip: `198.51.100.${i}` }));
    const list = await h.signIns("id");
    expect(list).toHaveLength(20);
    expect(list[0]!.ip).toBe("198.51.100.69");
    now.t += 29 * day;
    expect(await h.signIns("id")).toHaveLength(20);
    now.t += 2 * day;
    expect(await h.signIns("id")).toEqual([]);
  });

  it("forgets an identity whole", async () => {
    const now = { t: Date.now() };
    const h = history(now);
    await h.record("gone", step(now.t));
    await h.forget("gone");
    expect(await h.signIns("gone")).toEqual([]);
  });
});
