import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EmailsPerAddress } from "./addresses";
import { SignInAlerts, type SignInFacts } from "./alerts";
import { LocalStore } from "./store/local-store";

const minute = 60_000;
const stores: LocalStore[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

/** Hera's limits over one store with a clock the test moves: 3 emails in 15 minutes, alerts 15 minutes apart. */
function setup(dir = mkdtempSync(path.join(tmpdir(), "hera-alerts-"))) {
  const clock = { now: 10_000_000_000 };
  const store = new LocalStore(dir, () => clock.now);
  stores.push(store);
  const emails = new EmailsPerAddress(store, 3, 15 * minute);
  return { clock, store, emails, alerts: new SignInAlerts(store, emails, 15 * minute, () => clock.now), dir };
}

const signIn = (n: number): SignInFacts => ({ when: `time ${n}`, device: "Firefox on Linux", ip: `203.0.113.${n}`, method: "Email code or link" });

describe("SignInAlerts", () => {
  it("sends the first alert at once and gathers the next ones into one digest, counted as one email", async () => {
    const { clock, emails, alerts } = setup();
    expect(await alerts.admit("a@example.test", signIn(1))).toBe("now");
    for (let n = 2; n <= 6; n++) expect(await alerts.admit("a@example.test", signIn(n))).toBe("later");
    expect(await alerts.due()).toEqual([]);
    clock.now += 15 * minute + 1;
    expect(await alerts.due()).toEqual([{ to: "a@example.test", signIns: [2, 3, 4, 5, 6].map(signIn) }]);
    expect(await alerts.due()).toEqual([]);
    // The digest is one of the address's three emails in its window (the alert was one of the last window's).
    expect(await emails.take("a@example.test")).toBe(true);
    expect(await emails.take("a@example.test")).toBe(true);
    expect(await emails.take("a@example.test")).toBe(false);
  });

  it("holds an alert when codes and notices have spent the address's emails, and sends it once the window has passed", async () => {
    const { clock, emails, alerts } = setup();
    for (let i = 0; i < 3; i++) expect(await emails.take("b@example.test")).toBe(true);
    expect(await alerts.admit("b@example.test", signIn(1))).toBe("later");
    clock.now += 15 * minute + 1;
    // The budget's window began with the first code: it has passed, the digest goes.
    expect(await alerts.due()).toEqual([{ to: "b@example.test", signIns: [signIn(1)] }]);
  });

  it("keeps a digest whose address has no email left for the next window, and loses no sign-in", async () => {
    const { clock, emails, alerts } = setup();
    expect(await alerts.admit("c@example.test", signIn(1))).toBe("now");
    expect(await alerts.admit("c@example.test", signIn(2))).toBe("later");
    clock.now += 14 * minute;
    expect(await emails.take("c@example.test")).toBe(true);
    expect(await emails.take("c@example.test")).toBe(true);
    clock.now += minute + 1;
    // A new window, but its first emails were codes.
    for (let i = 0; i < 3; i++) await emails.take("c@example.test");
    expect(await alerts.due()).toEqual([]);
    expect(await alerts.admit("c@example.test", signIn(3))).toBe("later");
    clock.now += 15 * minute + 1;
    expect(await alerts.due()).toEqual([{ to: "c@example.test", signIns: [2, 3].map(signIn) }]);
  });

  it("never takes the window's last email: an alert waits so that a code can still go", async () => {
    const { clock, emails, alerts } = setup();
    expect(await emails.take("e@example.test")).toBe(true);
    expect(await emails.take("e@example.test")).toBe(true);
    expect(await alerts.admit("e@example.test", signIn(1))).toBe("later");
    expect(await emails.take("e@example.test")).toBe(true);
    clock.now += 15 * minute + 1;
    expect(await alerts.due()).toEqual([{ to: "e@example.test", signIns: [signIn(1)] }]);
  });

  it("sends each digest from one Hera process only, however many look", async () => {
    const first = setup();
    const second = new SignInAlerts(first.store, first.emails, 15 * minute, () => first.clock.now);
    await first.alerts.admit("d@example.test", signIn(1));
    await first.alerts.admit("d@example.test", signIn(2));
    await second.admit("d@example.test", signIn(3));
    first.clock.now += 15 * minute + 1;
    const [a, b] = await Promise.all([first.alerts.due(), second.due()]);
    expect([...a, ...b]).toEqual([{ to: "d@example.test", signIns: [2, 3].map(signIn) }]);
  });
});
