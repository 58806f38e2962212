import { expect, ownStack, test } from "../support/hera";
import { stacks } from "../support/stacks";
import { sql } from "../support/database";
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

test("a failure inside Kratos (its database) reaches a client as 'try again shortly', never as Kratos's own error", async ({ request }) => {
  const origin = own.hera.origin;
  const json = { Accept: "application/json" };
  const flow = (await (await request.get(`${origin}/self-service/registration/browser`, { headers: json })).json()) as { id: string };
  const csrf = (await (await request.get(`${origin}/self-service/registration/flows?id=${flow.id}`, { headers: json })).json()).ui.nodes.find(
    (n: { attributes: { name?: string } }) => n.attributes.name === "csrf_token",
  ).attributes.value as string;
  // Through the edge straight to Kratos, through Hera's gate, and Hera's page.
  const asks = {
    "a flow start": () => request.get(`${origin}/self-service/registration/browser`, { headers: json, maxRedirects: 0 }),
    "a flow read": () => request.get(`${origin}/self-service/registration/flows?id=${flow.id}`, { headers: json }),
    "a code request": () =>
      request.post(`${origin}/self-service/registration?flow=${flow.id}`, {
        headers: json,
        data: { method: "code", csrf_token: csrf, traits: { email: own.hera.newEmail("kratos-failed") } },
      }),
    "the sign-up page": () => request.get(`${origin}/registration?flow=${flow.id}`),
  };
  // The flows' table is gone for a moment: Kratos answers 500 with the database's message.
  const table = "selfservice_registration_flows";
  sql("faults", `ALTER TABLE ${table} RENAME TO held_registration_flows`);
  try {
    for (const [what, ask] of Object.entries(asks)) {
      const res = await ask();
      expect(res.status(), what).toBe(503);
      expect(Number(res.headers()["retry-after"]), what).toBeGreaterThan(0);
      const body = await res.text();
      expect(body, what).toMatch(/try again/i);
      // What a person or a client reads: the page's text (its markup has a <select>), or the JSON.
      expect(body.replace(/<[^>]*>/g, " "), what).not.toMatch(/sqlite|pq:|relation|no such|insert|select/i);
    }
  } finally {
    sql("faults", `ALTER TABLE held_registration_flows RENAME TO ${table}`);
  }
  // Afterwards all work again (the flow start last: its new CSRF cookie would not match the
  // flow's token). Kratos answers a JSON code request that sent the code with 400 and the flow.
  for (const what of ["a flow read", "a code request", "the sign-up page", "a flow start"] as const) {
    const res = await asks[what]();
    if (what === "a code request") expect((await res.json()).state, what).toBe("sent_email");
    else expect(res.status(), `${what} afterwards`).toBeLessThan(400);
  }
});
