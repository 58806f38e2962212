import type { Page } from "@playwright/test";
import { generateSync } from "otplib";
import { expect, type Hera } from "./hera";

/** The account page's flow as the page was rendered (what the card hydrates from). */
export async function settingsFlow(page: Page) {
  return JSON.parse((await page.locator("#hera-flow").textContent()) ?? "{}").flow as {
    ui: { nodes: { attributes: { id?: string; name?: string; text?: { text: string } } }[] };
  };
}

/** Sets up an authenticator app on the account page; resolves with its secret. */
export async function addAuthenticator(hera: Hera, page: Page, screenshot?: string): Promise<string> {
  await page.goto(`${hera.origin}/settings`);
  await expect(page.locator("#hera-card[data-live]")).toBeAttached();
  // The secret is on the page as text too, for typing it into an app by hand.
  const secret = (await settingsFlow(page)).ui.nodes.find((n) => n.attributes.id === "totp_secret_key")!.attributes.text!.text;
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await expect(page.getByTestId("hera/totp-secret")).toHaveText(secret.match(/.{1,4}/g)!.join(" "));
  await expect(page.locator('img[src^="data:image/png"]')).toBeVisible();
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await page.locator('input[name="totp_code"]').fill(generateSync({ secret }));
  await page.locator('button[name="method"][value="totp"]').click();
  await expect(page.locator('button[name="totp_unlink"]')).toBeVisible();
  return secret;
}

/**
 * Chromium's virtual authenticator that says yes by itself: a platform passkey store, or a
 * USB security key that keeps no credentials of its own (so never offers a passkey).
 */
export async function virtualAuthenticator(page: Page, kind: "passkeys" | "security key" = "passkeys") {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: kind === "passkeys" ? "internal" : "usb",
      hasResidentKey: kind === "passkeys",
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    credentials: async () => (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials,
    /** Whether the authenticator answers by itself (a person's touch) or waits. */
    presence: (enabled: boolean) => cdp.send("WebAuthn.setAutomaticPresenceSimulation", { authenticatorId, enabled }),
  };
}

/** Signs a new address up and adds a passkey on the account page; resolves with the authenticator holding it. */
export async function accountWithPasskey(hera: Hera, page: Page, tag: string) {
  const authenticator = await virtualAuthenticator(page);
  const email = hera.newEmail(tag);
  await hera.signUp(page, email);
  await page.goto(`${hera.origin}/settings`);
  await expect(page.locator("#hera-card[data-live]")).toBeAttached();
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect.poll(async () => (await authenticator.credentials()).length).toBe(1);
  // Kratos has it once the page lists it: the key exists before the form's answer arrives,
  // and a navigation started sooner would be cut off by that answer's.
  await expect(page.locator('button[name="passkey_remove"]')).toHaveCount(1);
  return { email, authenticator };
}

/**
 * Signs out, then signs in with the passkey from the sign-in page. The address field's
 * autofill may take the passkey before the button is pressed: either way it is offered
 * once, and the caller checks where the page went.
 */
export async function signInWithPasskey(hera: Hera, page: Page, authenticator: Awaited<ReturnType<typeof virtualAuthenticator>>): Promise<void> {
  await authenticator.presence(false);
  await page.goto(`${hera.origin}/logout`);
  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  await expect(page.locator("#hera-card[data-live]")).toBeAttached();
  // The virtual authenticator says yes to every request while its presence is on, so the
  // next page's autofill would take the passkey again by itself (a person would have to
  // pick it): presence goes off as soon as the passkey is posted, or a refused sign-in
  // reloads the page into another passkey sign-in, and another.
  const posted = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/self-service/login", { timeout: 15_000 });
  await authenticator.presence(true);
  await page
    .getByRole("button", { name: "Sign in with a passkey" })
    .click({ timeout: 5_000 })
    .catch(() => {});
  await posted;
  await authenticator.presence(false);
}
