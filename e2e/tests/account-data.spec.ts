import { readFileSync } from "node:fs";
import { generateSync } from "otplib";
import { expect, test } from "../support/hera";
import { addAuthenticator } from "../support/account";
import type { Mail } from "../support/mail";

const phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

test("the account page lists recent sign-ins with their second step, and 'Download my data' gives them with the rest", async ({
  browser,
  page,
  hera,
}, testInfo) => {
  const email = hera.newEmail("history");
  await hera.signUp(page, email);
  const secret = await addAuthenticator(hera, page);
  const id = (await (await hera.whoami(page.request)).json()).identity.id as string;

  // Signed in on a phone: the email code, then the authenticator app.
  const other = await hera.signInElsewhere(browser, email, 2, { userAgent: phone });
  await other.locator('input[name="totp_code"]').fill(generateSync({ secret }));
  await other.locator('button[name="method"][value="totp"]').click();
  await expect(other).toHaveURL(`${hera.origin}/welcome`);
  await other.context().close();

  await page.goto(`${hera.origin}/settings#history`);
  const entries = page.getByTestId("hera/history/entry");
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toContainText("Mobile Safari 17 on iOS 17.4");
  await expect(entries.nth(0)).toContainText("IP 127.0.0.1 · Email code or link, then Authenticator app");
  // The sign-up opened the first session.
  await expect(entries.nth(1)).toContainText("IP 127.0.0.1 · Email code or link");
  await page.getByTestId("hera/history").screenshot({ path: testInfo.outputPath("history.png") });

  const download = page.waitForEvent("download");
  await page.getByTestId("hera/data/download").click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^hera-account-\d{4}-\d{2}-\d{2}\.json$/);
  const raw = readFileSync((await file.path())!, "utf8");
  const data = JSON.parse(raw);
  expect(data.account).toMatchObject({ id, email, email_verified: true, state: "active" });
  expect(data.second_factors).toEqual([expect.objectContaining({ type: "totp" })]);
  expect(data.sessions).toHaveLength(2);
  expect(data.sign_ins).toEqual([
    expect.objectContaining({ method: "code", second_step: "totp", user_agent: phone }),
    expect.objectContaining({ method: "code", ip: "127.0.0.1" }),
  ]);
  // No secret leaves: not the authenticator's, not a session token.
  expect(raw).not.toContain(secret);
  expect(raw).not.toMatch(/ory_st_|"token"|"secret"/);
});

test("deleting the account needs the address typed; then it is gone with every session, and a goodbye arrives", async ({ browser, page, hera }, testInfo) => {
  const email = hera.newEmail("leaving");
  await hera.signUp(page, email);
  const id = (await (await hera.whoami(page.request)).json()).identity.id as string;
  const other = await hera.signInElsewhere(browser, email, 2);
  await expect(other).toHaveURL(`${hera.origin}/welcome`);

  await page.goto(`${hera.origin}/settings`);
  await page.getByTestId("hera/data/delete").click();
  await expect(page).toHaveURL(`${hera.origin}/settings/delete`);
  await page.getByLabel("Type your address to confirm").fill(hera.newEmail("someone-else"));
  await page.getByTestId("hera/delete/submit").click();
  await expect(page.getByTestId("hera/delete/error")).toHaveText("That is not your address, so nothing was deleted.");
  expect((await fetch(`${hera.kratosAdmin}/admin/identities/${id}`)).status).toBe(200);
  await page.screenshot({ path: testInfo.outputPath("delete.png"), fullPage: true });

  await page.getByLabel("Type your address to confirm").fill(email.toUpperCase());
  await page.getByTestId("hera/delete/submit").click();
  await expect(page.getByTestId("hera/message")).toContainText("Your account is deleted");
  expect((await fetch(`${hera.kratosAdmin}/admin/identities/${id}`)).status).toBe(404);
  expect((await hera.whoami(page.request)).status()).toBe(401);
  expect((await hera.whoami(other.request)).status()).toBe(401);
  await other.context().close();

  await expect
    .poll(async () =>
      ((await (await fetch(`${hera.mailWeb}/email`)).json()) as Mail[]).some((m) => m.to[0]?.address === email && /is deleted$/.test(m.subject)),
    )
    .toBe(true);
  // The address is one without an account now: its sign-in gets the notice, not a code.
  await hera.requestCode(page, "login", email);
  await expect
    .poll(async () =>
      ((await (await fetch(`${hera.mailWeb}/email`)).json()) as Mail[]).some((m) => m.to[0]?.address === email && /^No Hera account/.test(m.subject)),
    )
    .toBe(true);
});
