import { expect, test } from "../support/hera";

test("a new address signs up with the emailed code and is signed in at AAL1 without a second step", async ({ page, hera }, testInfo) => {
  const email = hera.newEmail("signup");
  await hera.requestCode(page, "registration", email);

  const mail = await hera.mail(email);
  expect(mail.subject).toBe("Create your Hera account");
  await hera.submitCode(page, await hera.codeFor(email));

  await expect(page).toHaveURL(`${hera.origin}/welcome`);
  await expect(page.getByTestId("hera/welcome/email")).toHaveText(email);
  await page.screenshot({ path: testInfo.outputPath("signed-in.png"), fullPage: true });

  const whoami = await hera.whoami(page.request);
  expect(whoami.status()).toBe(200);
  const session = await whoami.json();
  expect(session.identity.traits.email).toBe(email);
  expect(session.authenticator_assurance_level).toBe("aal1");
  expect(session.authentication_methods.map((m: { method: string }) => m.method)).toEqual(["code"]);
  await expect(page.getByTestId("hera/welcome/identity")).toHaveText(session.identity.id);
});

test("after signing out, a new code signs the same person in again", async ({ page, hera }, testInfo) => {
  const email = hera.newEmail("return");
  await hera.signUp(page, email);
  const firstIdentity = (await (await hera.whoami(page.request)).json()).identity.id;

  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\/login\?flow=/);
  expect((await hera.whoami(page.request)).status()).toBe(401);
  await page.screenshot({ path: testInfo.outputPath("login.png"), fullPage: true });

  await hera.requestCode(page, "login", email);
  const loginMail = await hera.mail(email, 2);
  expect(loginMail.subject).toBe("Sign in to Hera");
  const registrationCode = await hera.codeFor(email, 1);
  const loginCode = await hera.codeFor(email, 2);
  expect(loginCode).not.toBe(registrationCode);
  await hera.submitCode(page, loginCode);

  await expect(page).toHaveURL(`${hera.origin}/welcome`);
  const session = await (await hera.whoami(page.request)).json();
  expect(session.identity.id).toBe(firstIdentity);
  expect(session.authenticator_assurance_level).toBe("aal1");
});

test("an integrator's return_to on the same origin is where the person lands", async ({ page, hera }) => {
  const email = hera.newEmail("returnto");
  await hera.signUp(page, email);
  await page.locator("#sign-out").click();
  await expect(page).toHaveURL(/\/login\?flow=/);

  const target = `${hera.origin}/welcome?from=integrator`;
  await page.goto(`${hera.origin}/login?return_to=${encodeURIComponent(target)}`);
  await page.locator('input[name="identifier"]').fill(email);
  await page.locator('button[name="method"][value="code"]').click();
  await hera.submitCode(page, await hera.codeFor(email, 2));
  await expect(page).toHaveURL(target);
});
