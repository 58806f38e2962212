import { expect, ownStack, test } from "../support/hera";
import { stacks } from "../support/stacks";
import { injectFaults } from "../../tools/src/bench/faults";
import { Inbox } from "../../tools/src/bench/inbox";
import { signUp, signUps } from "../../tools/src/bench/sign-up";

// make bench's soak, shorter: sign-ups at 8 at a time while Hera restarts, then Kratos,
// then SMTP is away for 5 s. Hera sends to an SMTP server of this test's own, which can go
// away and come back without forgetting what arrived (the mail catcher forgets).
const inbox = new Inbox(stacks.faults.ports.smtp + 5);
test.beforeAll(() => inbox.start());
test.afterAll(() => inbox.stop());
const own = ownStack("faults", { heraEnv: { HERA_SMTP_URL: `smtp://127.0.0.1:${stacks.faults.ports.smtp + 5}/?disable_starttls=true` } });

test("sign-ups through restarts and an SMTP outage each end signed in or told to try again; no email is lost or sent twice", async () => {
  test.setTimeout(120_000);
  const stack = own.stack!;
  const address = (i: number) => own.hera.newEmail(`fault${i}`);
  const addresses = Array.from({ length: 40 }, (_, i) => address(i));
  const faults = injectFaults(stack, inbox, { first: 500, between: 1_500, smtpDown: 5_000 });
  const results = await signUps(addresses.length, 8, (i) =>
    signUp(own.hera.origin, addresses[i]!, async (to) => (await inbox.waitFor(to, 1, 60_000)).code, 60_000),
  );
  await faults;
  await new Promise((r) => setTimeout(r, 2_000));

  const unclear = results.flatMap((r, i) => (r.ok || r.retryable ? [] : [`${addresses[i]}: ${r.step} ${r.status} ${r.detail}`]));
  expect(unclear).toEqual([]);
  // Most get through: the faults last seconds, and Caddy waits out a restart.
  expect(results.filter((r) => r.ok).length).toBeGreaterThan(addresses.length / 2);
  results.forEach((r, i) => {
    const emails = inbox.to(addresses[i]!).length;
    expect(emails, `${addresses[i]} got ${emails} emails`).toBeLessThanOrEqual(1);
    if (r.ok || r.emailAsked) expect(emails, `${addresses[i]}'s code was sent`).toBe(1);
  });
});
