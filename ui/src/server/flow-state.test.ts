import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EmailsPerAddress, NewestLinks, ResendCooldown, WrongCodes } from "./flow-state";
import { LocalStore } from "./store/local-store";

const stores: LocalStore[] = [];
function store(now: () => number = Date.now, dir = mkdtempSync(path.join(tmpdir(), "hera-state-"))) {
  const s = new LocalStore(dir, now);
  stores.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

describe("ResendCooldown", () => {
  it("holds a flow's next code back for 60 seconds after one was sent", async () => {
    let now = 1_000_000;
    const cooldown = new ResendCooldown(store(() => now), 60, () => now);
    expect(await cooldown.secondsLeft("f")).toBe(0);
    await cooldown.sent("f");
    expect(await cooldown.secondsLeft("f")).toBe(60);
    expect(await cooldown.availableAt("f")).toBe(1_060_000);
    now += 59_001;
    expect(await cooldown.secondsLeft("f")).toBe(1);
    now += 999;
    expect(await cooldown.secondsLeft("f")).toBe(0);
    expect(await cooldown.availableAt("f")).toBeUndefined();
    expect(await cooldown.secondsLeft("other")).toBe(0);
  });
});

describe("WrongCodes", () => {
  it("spends a flow at its third wrong code", async () => {
    const wrong = new WrongCodes(store());
    expect(await wrong.add("f")).toBe(1);
    expect(await wrong.add("f")).toBe(2);
    expect(await wrong.spent("f")).toBe(false);
    expect(await wrong.add("f")).toBe(3);
    expect(await wrong.spent("f")).toBe(true);
    expect(await wrong.spent("g")).toBe(false);
  });
});

describe("EmailsPerAddress", () => {
  it("allows three emails to an address in 15 minutes however it is typed, then none until the window passes", async () => {
    let now = 0;
    const emails = new EmailsPerAddress(store(() => now));
    expect(await emails.take("ada@example.com")).toBe(true);
    expect(await emails.take(" Ada@Example.com")).toBe(true);
    expect(await emails.take("ADA@EXAMPLE.COM")).toBe(true);
    expect(await emails.take("ada@example.com")).toBe(false);
    expect(await emails.take("bob@example.com")).toBe(true);
    now += 15 * 60_000;
    expect(await emails.take("ada@example.com")).toBe(true);
  });

  it("holds across a restart: the count is in the file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "hera-state-"));
    const first = store(Date.now, dir);
    for (let i = 0; i < 3; i++) await new EmailsPerAddress(first).take("ada@example.com");
    await first.close();
    stores.splice(stores.indexOf(first), 1);
    expect(await new EmailsPerAddress(store(Date.now, dir)).take("ada@example.com")).toBe(false);
  });
});

describe("NewestLinks", () => {
  it("supersedes an address's earlier link, in another flow or the same one", async () => {
    const links = new NewestLinks(store());
    await links.sent("ada@example.com", "flow-1", "111111");
    expect(await links.superseded("ada@example.com", "flow-1", "111111")).toBe(false);
    await links.sent("Ada@example.com", "flow-2", "222222");
    expect(await links.superseded("ada@example.com", "flow-1", "111111")).toBe(true);
    expect(await links.superseded("ada@example.com", "flow-2", "222222")).toBe(false);
    await links.sent("ada@example.com", "flow-2", "333333");
    expect(await links.superseded("ada@example.com", "flow-2", "222222")).toBe(true);
    expect(await links.superseded("bob@example.com", "flow-1", "111111")).toBe(false);
  });
});
