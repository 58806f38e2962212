import { readFileSync } from "node:fs";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { expect, test } from "../support/hera";
import { dataDirOf } from "../support/stacks";
import { webhookReceiver, webhookSecret, type Delivery } from "../support/webhooks";

type HeraEvent = { type: string; timestamp: string; data: Record<string, unknown> };

/** Hera's log lines (JSON) of the main stack. */
function heraLog(): Record<string, unknown>[] {
  return readFileSync(path.join(dataDirOf("main"), "logs", "hera.log"), "utf8")
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The event, verified as docs/integrate.md's receiver does it: the signature, and a timestamp within 5 minutes. */
function verified(delivery: Delivery): HeraEvent {
  return new Webhook(webhookSecret).verify(delivery.body, delivery.headers as Record<string, string>) as HeraEvent;
}

let refuseSignUpOf: string | undefined;
const refused = new Set<string>();
let receiver: Awaited<ReturnType<typeof webhookReceiver>>;

test.beforeAll(async () => {
  // The app fails the first delivery of one person's sign-up event with a 500.
  receiver = await webhookReceiver(({ headers, body }) => {
    const event = JSON.parse(body) as HeraEvent;
    const id = String(headers["webhook-id"]);
    if (event.type !== "identity.signed_up" || event.data.email !== refuseSignUpOf || refused.has(id)) return undefined;
    refused.add(id);
    return 500;
  });
});
test.afterAll(async () => {
  await receiver?.close();
});

test("signing up and signing in send the operator's app signed events, tried again until it answers 2xx", async ({ page, hera }) => {
  // The retry waits 5 s, and goes up to 10 s after that (events/webhooks.ts).
  test.setTimeout(90_000);
  const email = hera.newEmail("webhooks");
  refuseSignUpOf = email;
  await hera.signUp(page, email);
  const identityId = (await (await hera.whoami(page.request)).json()).identity.id as string;
  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  await hera.requestCode(page, "login", email);
  await hera.submitCode(page, await hera.codeFor(email, 2));
  await expect(page).toHaveURL(`${hera.origin}/welcome`);

  const about = (type: string) => receiver.deliveries.filter((d) => verified(d).type === type && verified(d).data.identity_id === identityId);
  await expect.poll(() => about("identity.signed_in").length).toBe(1);
  // The sign-up's first delivery was refused; Hera tried again with the same id and body.
  await expect.poll(() => about("identity.signed_up").map((d) => d.status), { timeout: 30_000 }).toEqual([500, 200]);

  const [refusedDelivery, retry] = about("identity.signed_up") as [Delivery, Delivery];
  for (const delivery of [refusedDelivery, retry, ...about("identity.signed_in")]) {
    expect(delivery.path).toBe("/hera-events");
    expect(delivery.headers["content-type"]).toBe("application/json");
    expect(delivery.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    // Signed now, not minutes ago: each attempt is signed afresh.
    expect(Math.abs(Number(delivery.headers["webhook-timestamp"]) - delivery.at / 1000)).toBeLessThan(120);
    expect(Math.abs(Date.parse(verified(delivery).timestamp) - Date.now())).toBeLessThan(3 * 60_000);
  }
  expect(retry.headers["webhook-id"]).toBe(refusedDelivery.headers["webhook-id"]);
  expect(retry.body).toBe(refusedDelivery.body);
  expect(retry.at - refusedDelivery.at).toBeGreaterThanOrEqual(4_500);
  expect(verified(retry)).toEqual({ type: "identity.signed_up", timestamp: expect.any(String), data: { identity_id: identityId, email } });

  // A sign-in event names the person by id, with how and from where; never the address.
  const signedIn = verified(about("identity.signed_in")[0]!);
  expect(signedIn.data).toMatchObject({ identity_id: identityId, method: "code", aal: "aal1", ip: "127.0.0.1", user_agent: expect.stringContaining("Chrome") });
  expect(JSON.stringify(signedIn)).not.toContain(email);

  // Another secret does not verify Hera's signature.
  const other = `whsec_${Buffer.from("not-the-secret-hera-signs-with-!").toString("base64")}`;
  expect(() => new Webhook(other).verify(retry.body, retry.headers as Record<string, string>)).toThrow(/No matching signature/);

  // Hera's log says what became of each attempt, and the audit line of the sign-up names the account.
  const id = String(retry.headers["webhook-id"]);
  await expect
    .poll(() =>
      heraLog()
        .filter((l) => l.webhook_id === id)
        .map((l) => [l.msg, l.event_type, l.attempt, l.status]),
    )
    .toEqual([
      ["webhook not delivered: will retry", "identity.signed_up", 1, 500],
      ["webhook delivered", "identity.signed_up", 2, 200],
    ]);
  expect(heraLog().filter((l) => l.event === "sign_up" && l.identity_id === identityId)).toHaveLength(1);
});

test("changing the address and deleting the account send their events, with both addresses and then the last one", async ({ page, hera }) => {
  const email = hera.newEmail("webhooks-life");
  const next = hera.newEmail("webhooks-next");
  await hera.signUp(page, email);
  const identityId = (await (await hera.whoami(page.request)).json()).identity.id as string;

  await page.goto(`${hera.origin}/settings/address`);
  await page.getByLabel("New email address").fill(next);
  await page.getByTestId("hera/address/submit").click();
  await page.getByLabel("Code from the email").fill(await hera.codeFor(next));
  await page.getByTestId("hera/address/confirm").click();
  await expect(page.getByTestId("hera/settings/email")).toHaveText(next);

  await page.goto(`${hera.origin}/settings/delete`);
  await page.getByLabel("Type your address to confirm").fill(next);
  await page.getByTestId("hera/delete/submit").click();
  await expect(page.getByTestId("hera/message")).toContainText("Your account is deleted");

  const events = () =>
    receiver.deliveries
      .filter((d) => d.status === 200)
      .map(verified)
      .filter((e) => e.data.identity_id === identityId && e.type !== "identity.signed_up");
  await expect.poll(() => events().map((e) => e.type)).toEqual(["identity.address_changed", "identity.deleted"]);
  expect(events().map((e) => e.data)).toEqual([
    { identity_id: identityId, email: next, previous_email: email },
    { identity_id: identityId, email: next },
  ]);
});
