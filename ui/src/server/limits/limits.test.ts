import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Request, Response } from "express";
import { EmailsPerAddress, NewestEmails, addressKey } from "./addresses";
import { SignInAlerts } from "./alerts";
import { DeviceCookies, deviceCookie } from "./device";
import { FlowRecords, ResendCooldown, WrongCodes } from "./flows";
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
    const cooldown = new ResendCooldown(
      store(() => now),
      60,
      () => now,
    );
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

describe("NewestEmails", () => {
  it("supersedes an address's earlier link, in another flow or the same one", async () => {
    const links = new NewestEmails(store());
    await links.linkSent("ada@example.com", "flow-1", "111111");
    expect(await links.superseded("ada@example.com", "flow-1", "111111")).toBe(false);
    expect(await links.isNewestLink("ada@example.com", "flow-1", "111111")).toBe(true);
    await links.linkSent("Ada@example.com", "flow-2", "222222");
    expect(await links.superseded("ada@example.com", "flow-1", "111111")).toBe(true);
    expect(await links.isNewestLink("ada@example.com", "flow-1", "111111")).toBe(false);
    expect(await links.superseded("ada@example.com", "flow-2", "222222")).toBe(false);
    await links.linkSent("ada@example.com", "flow-2", "333333");
    expect(await links.superseded("ada@example.com", "flow-2", "222222")).toBe(true);
    expect(await links.superseded("bob@example.com", "flow-1", "111111")).toBe(false);
    expect(await links.isNewestLink("bob@example.com", "flow-1", "111111")).toBe(false);
  });

  it("remembers which flow's code reached SMTP, per address", async () => {
    const links = new NewestEmails(store());
    expect(await links.wasDelivered("ada@example.com", "flow-1", "111111")).toBe(false);
    await links.delivered("Ada@example.com", "flow-1", "111111");
    expect(await links.wasDelivered("ada@example.com", "flow-1", "111111")).toBe(true);
    // Another code of the same flow (a resend) is another email.
    expect(await links.wasDelivered("ada@example.com", "flow-1", "222222")).toBe(false);
    expect(await links.wasDelivered("bob@example.com", "flow-1", "111111")).toBe(false);
  });

  it("knows the newest flow an email went out for, per address", async () => {
    const newest = new NewestEmails(store());
    expect(await newest.newestFlow("ada@example.com")).toBeUndefined();
    await newest.flowSent("ada@example.com", "flow-1");
    await newest.flowSent("ada@example.com", "flow-2");
    await newest.flowSent("bob@example.com", "flow-3");
    expect(await newest.newestFlow("ada@example.com")).toBe("flow-2");
    expect(await newest.newestFlow("bob@example.com")).toBe("flow-3");
  });
});

describe("FlowRecords", () => {
  it("keeps each flow's address and whether it is a decoy flow", async () => {
    const flows = new FlowRecords(store());
    await flows.set("f", { address: "ada@example.com", decoy: true });
    expect(await flows.get("f")).toEqual({ address: "ada@example.com", decoy: true });
    expect(await flows.get("g")).toBeUndefined();
  });
});

describe("the device allowance", () => {
  it("is counted apart from the address's own, per device", async () => {
    const emails = new EmailsPerAddress(store());
    for (let i = 0; i < 3; i++) expect(await emails.take("ada@example.com")).toBe(true);
    expect(await emails.take("ada@example.com")).toBe(false);
    for (let i = 0; i < 3; i++) expect(await emails.take("ada@example.com", "device-1")).toBe(true);
    expect(await emails.take("ada@example.com", "device-1")).toBe(false);
    expect(await emails.take("ada@example.com", "device-2")).toBe(true);
  });
});

describe("DeviceCookies", () => {
  /** A response that records the cookie set, and a request that carries it back. */
  const signIn = (cookies: DeviceCookies, address: string, before?: string) => {
    let set: string | undefined;
    const res = { cookie: (_name: string, value: string) => (set = value) } as unknown as Response;
    cookies.remember(requestWith(before), res, address);
    return set!;
  };
  const requestWith = (value?: string) => ({ header: () => (value ? `other=1; ${deviceCookie}=${value}` : undefined) }) as unknown as Request;

  it("names a device for the addresses it signed in with, and no other", () => {
    const cookies = new DeviceCookies("a-secret-of-sixteen+", false);
    const value = signIn(cookies, "ada@example.com");
    const device = cookies.deviceFor(requestWith(value), "ada@example.com");
    expect(device).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(cookies.deviceFor(requestWith(value), "bob@example.com")).toBeUndefined();
    // A second account in the same browser keeps the device and both addresses.
    const both = signIn(cookies, "bob@example.com", value);
    expect(cookies.deviceFor(requestWith(both), "bob@example.com")).toBe(device);
    expect(cookies.deviceFor(requestWith(both), "ada@example.com")).toBe(device);
    expect(value).not.toContain("ada");
  });

  it("is worth nothing forged, altered, or signed with another secret", () => {
    const cookies = new DeviceCookies("a-secret-of-sixteen+", false);
    const value = signIn(cookies, "ada@example.com");
    const [payload, mac] = value.split(".");
    const forged = Buffer.from(JSON.stringify({ d: "mine", a: JSON.parse(Buffer.from(payload!, "base64url").toString()).a })).toString("base64url");
    expect(cookies.deviceFor(requestWith(`${forged}.${mac}`), "ada@example.com")).toBeUndefined();
    expect(cookies.deviceFor(requestWith(`${payload}.${mac!.slice(0, -2)}AA`), "ada@example.com")).toBeUndefined();
    expect(cookies.deviceFor(requestWith(payload), "ada@example.com")).toBeUndefined();
    expect(new DeviceCookies("another-secret-of-16", false).deviceFor(requestWith(value), "ada@example.com")).toBeUndefined();
  });
});

describe("what a deleted account leaves behind", () => {
  it("is forgotten: the newest link, a pending digest, and the alert wait", async () => {
    const s = store();
    const newest = new NewestEmails(s);
    await newest.flowSent("gone@example.test", "flow-1");
    await newest.linkSent("gone@example.test", "flow-1", "123456");
    await newest.forget("gone@example.test");
    expect(await newest.newestFlow("gone@example.test")).toBeUndefined();
    expect(await newest.superseded("gone@example.test", "flow-0", "000000")).toBe(false);

    const emails = new EmailsPerAddress(s, 3, 60_000);
    const alerts = new SignInAlerts(s, emails, 60_000);
    const signIn = { when: "now", device: "Chrome", ip: "203.0.113.9", method: "code" };
    expect(await alerts.admit("gone@example.test", signIn)).toBe("now");
    expect(await alerts.admit("gone@example.test", signIn)).toBe("later");
    await alerts.forget("gone@example.test");
    // No digest is left to go out, and a new account on the address is alerted at once.
    expect(await s.list(`digest:${addressKey("gone@example.test")}`)).toEqual([]);
    expect(await alerts.admit("gone@example.test", signIn)).toBe("now");
  });

  it("keeps the address's email allowance unless the operator clears it", async () => {
    const emails = new EmailsPerAddress(store(), 1, 60_000);
    expect(await emails.take("busy@example.test")).toBe(true);
    expect(await emails.take("busy@example.test")).toBe(false);
    await emails.clear("busy@example.test");
    expect(await emails.take("busy@example.test")).toBe(true);
  });
});
