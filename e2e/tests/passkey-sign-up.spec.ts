import type { Page } from "@playwright/test";
import { expect, ownStack, test } from "../support/hera";
import { createIdentity, valueOf, type FlowJson } from "../support/kratos";
import { mailCount } from "../support/mail";
import { accountWithPasskey, signInWithPasskey, virtualAuthenticator } from "../support/account";
import { findPasskeyAccounts } from "../../tools/src/passkey-accounts";

// The account pre-hijack: a stranger creates a passkey and signs up with it under
// someone else's address, so the owner later signs in to an account the stranger also
// holds. Two locks: Hera's gate refuses a passkey sign-up, and Kratos refuses it too
// (kratos/no-passkey-sign-up.jsonnet) for a request that never passes through Hera. And a
// passkey signs in only to an account whose address someone proved with a code.
const { hera } = ownStack("passkeys");

/** A registration flow started by this page's browser, as JSON (its passkey options included). */
async function registrationFlow(page: Page): Promise<FlowJson> {
  const res = await page.request.get(`${hera.origin}/self-service/registration/browser`, { headers: { Accept: "application/json" } });
  expect(res.status()).toBe(200);
  return (await res.json()) as FlowJson;
}

/** What Kratos's webauthn.js would post: a new passkey made with the flow's options, for `email`. */
async function passkeyFor(page: Page, flow: FlowJson, email: string): Promise<string> {
  const createData = valueOf(flow, "passkey_create_data");
  expect(createData, "Kratos offers passkey options on its sign-up flow").toBeTruthy();
  return page.evaluate(
    async ({ createData, email }) => {
      const fromB64 = (s: string) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((s.length + 3) % 4)), (c) => c.charCodeAt(0));
      const toB64 = (b: ArrayBuffer) =>
        btoa(String.fromCharCode(...new Uint8Array(b)))
          .replace(/\+/g, "-")
          .replace(/\//g, "_")
          .replace(/=+$/, "");
      const options = JSON.parse(createData).credentialOptions.publicKey;
      options.challenge = fromB64(options.challenge);
      options.user = { ...options.user, id: fromB64(options.user.id), name: email, displayName: email };
      options.excludeCredentials = (options.excludeCredentials ?? []).map((c: { id: string }) => ({ ...c, id: fromB64(c.id) }));
      const credential = (await navigator.credentials.create({ publicKey: options })) as PublicKeyCredential;
      const response = credential.response as AuthenticatorAttestationResponse;
      return JSON.stringify({
        id: credential.id,
        rawId: toB64(credential.rawId),
        type: credential.type,
        response: { attestationObject: toB64(response.attestationObject), clientDataJSON: toB64(response.clientDataJSON) },
      });
    },
    { createData: createData!, email },
  );
}

/** Whether Kratos has an identity for the address (its admin API, which Caddy never routes). */
async function accountExists(email: string): Promise<boolean> {
  const res = await fetch(`${hera.kratosAdmin}/admin/identities?credentials_identifier=${encodeURIComponent(email)}`);
  return ((await res.json()) as unknown[]).length > 0;
}

test("a passkey sign-up naming someone's address is refused by Hera and by Kratos alike, and tells nothing about the address", async ({ page }) => {
  await virtualAuthenticator(page);
  await page.goto(`${hera.origin}/registration`);
  const victim = hera.newEmail("hijack-owner");
  await createIdentity(hera.kratosAdmin, victim);
  const stranger = hera.newEmail("hijack-nobody");

  const answers: Record<string, { status: number; text: string }> = {};
  for (const [who, email] of [
    ["known", victim],
    ["unknown", stranger],
  ] as const) {
    const flow = await registrationFlow(page);
    const body = { method: "passkey", passkey_register: await passkeyFor(page, flow, email), traits: { email }, csrf_token: valueOf(flow, "csrf_token") };

    // Through the origin: Hera's gate.
    const viaOrigin = await page.request.post(`${hera.origin}/self-service/registration?flow=${flow.id}`, {
      headers: { Accept: "application/json" },
      data: body,
    });
    expect(viaOrigin.status(), who).toBe(400);
    expect((await viaOrigin.json()).error?.id ?? JSON.stringify(await viaOrigin.json()), who).toBe("passkey_sign_up_not_offered");

    // Straight to Kratos, as a request that never passes Hera would: Kratos's own lock.
    const cookie = (await page.context().cookies(hera.origin)).map((c) => `${c.name}=${c.value}`).join("; ");
    const direct = await fetch(`${hera.kratosPublic}/self-service/registration?flow=${flow.id}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", Cookie: cookie },
      body: JSON.stringify(body),
    });
    const text = await direct.text();
    expect(direct.status, `${who}: ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(text, who).not.toMatch(/exists already/i);
    expect(text, who).not.toContain(email);
    answers[who] = { status: direct.status, text: text.replaceAll(flow.id, "FLOW").replace(/"(id|csrf_token|value)":"[^"]*"/g, '"$1":"…"') };
  }
  expect(await accountExists(stranger)).toBe(false);
  expect(await hera.mailCountFor(stranger)).toBe(0);
  expect(await hera.mailCountFor(victim)).toBe(0);
  // Kratos's refusal is the same whether the address has an account or not.
  expect(answers.known!.status).toBe(answers.unknown!.status);
  expect(answers.known!.text.length).toBe(answers.unknown!.text.length);
});

test("a passkey signs in only to an account whose address was proved with a code", async ({ page }) => {
  const { email, authenticator } = await accountWithPasskey(hera, page, "unproved");
  const id = (await (await hera.whoami(page.request)).json()).identity.id as string;

  // The address made unproved, as an account made before this lock (or by an operator
  // through the admin API) may be.
  const patched = await fetch(`${hera.kratosAdmin}/admin/identities/${id}`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify([{ op: "replace", path: "/verifiable_addresses/0/verified", value: false }]),
  });
  expect(patched.status).toBe(200);
  // The operator's check (make passkey-accounts) finds it.
  const finding = async () => (await findPasskeyAccounts(hera.kratosAdmin)).find((f) => f.id === id)?.finding;
  expect(await finding()).toBe("never proved");

  await signInWithPasskey(hera, page, authenticator);
  await expect(page.getByText("This account has not proved its email address yet")).toBeVisible();
  // Only the sentence: nothing of the template that refused it.
  await expect(page.locator("body")).not.toContainText(/jsonnet|RUNTIME ERROR/);
  await page.screenshot({ path: test.info().outputPath("passkey-refused.png"), fullPage: true });
  expect((await hera.whoami(page.request)).status()).toBe(401);
  // Nor does an alert go to the unproved address (kratos/sign-in-hook.jsonnet).
  await new Promise((r) => setTimeout(r, 2_000));
  expect(await mailCount(hera.mailWeb, email, "alert")).toBe(0);

  // An email code proves the address; then the passkey works, and the alert goes out.
  // (The sign-in page offers the passkey in the address field's autofill: it waits.)
  await authenticator.presence(false);
  await hera.requestCode(page, "login", email);
  await hera.submitCode(page, await hera.codeFor(email, 2));
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
  // The key is now older than the proof: the check names it for the operator to review.
  expect(await finding()).toBe("proved after the key");
  await signInWithPasskey(hera, page, authenticator);
  await expect(page).toHaveURL(`${hera.origin}/welcome`);
  expect((await (await hera.whoami(page.request)).json()).authentication_methods.map((m: { method: string }) => m.method)).toEqual(["passkey"]);
  // One alert for the code sign-in, none for the refused one (the passkey's, seconds after
  // the code's, waits in the address's digest: alert-budget.spec.ts).
  await hera.alert(email, 1);
  expect(await mailCount(hera.mailWeb, email, "alert")).toBe(1);
});
