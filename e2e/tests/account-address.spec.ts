import type { Page } from "@playwright/test";
import { expect, test, type Hera } from "../support/hera";
import { codeIn, type Mail } from "../support/mail";

/** The newest email to `to` whose subject matches, once it has arrived. */
async function mailAbout(hera: Hera, to: string, subject: RegExp): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        const all = (await (await fetch(`${hera.mailWeb}/email`)).json()) as Mail[];
        found = all.filter((m) => m.to.some((t) => t.address === to) && subject.test(m.subject)).pop();
        return Boolean(found);
      },
      { timeout: 15_000, message: `an email to ${to} about ${subject}` },
    )
    .toBe(true);
  return found!;
}

/** The identity as Kratos's admin API has it. */
async function identityOf(hera: Hera, id: string) {
  return (await (await fetch(`${hera.kratosAdmin}/admin/identities/${id}`)).json()) as {
    traits: { email: string };
    verifiable_addresses: { value: string; verified: boolean }[];
  };
}

async function askForAddress(page: Page, hera: Hera, address: string): Promise<void> {
  await page.goto(`${hera.origin}/settings`);
  await page.getByTestId("hera/settings/change-address").click();
  await expect(page).toHaveURL(`${hera.origin}/settings/address`);
  await page.getByLabel("New email address").fill(address);
  await page.getByTestId("hera/address/submit").click();
  await expect(page).toHaveURL(`${hera.origin}/settings/address/confirm`);
  await expect(page.getByTestId("hera/address/pending")).toHaveText(address);
}

test("a new address gets a link and a code; typed, it becomes the address, the old one is told and other sessions end", async ({
  browser,
  page,
  hera,
}, testInfo) => {
  const old = hera.newEmail("moving");
  const next = hera.newEmail("moved");
  await hera.signUp(page, old);
  const id = (await (await hera.whoami(page.request)).json()).identity.id as string;
  // The same person signed in elsewhere: that session ends with the change.
  const other = await hera.signInElsewhere(browser, old, 2);
  await expect(other).toHaveURL(`${hera.origin}/welcome`);

  await askForAddress(page, hera, next);
  await page.screenshot({ path: testInfo.outputPath("confirm.png"), fullPage: true });
  const mail = await mailAbout(hera, next, /^Confirm your new address/);
  const code = codeIn(mail);
  const link = mail.text.match(/https?:\/\/\S+\/settings\/address\/confirm\?code=\d{6}/)?.[0];
  expect(link, "the email carries a link as well as the code").toContain(`code=${code}`);
  // Opened in the other browser (a mail app's, say), the link says where it works.
  await other.goto(link!);
  await expect(other.getByTestId("hera/message")).toContainText("This link works in the browser where the new address was asked for");
  // Nothing has changed yet.
  expect((await identityOf(hera, id)).traits.email).toBe(old);

  // A wrong code is refused and counted.
  await page.getByLabel("Code from the email").fill(code === "000000" ? "111111" : "000000");
  await page.getByTestId("hera/address/confirm").click();
  await expect(page.getByTestId("hera/address/error")).toHaveText("That code is not right. 2 tries left.");

  // The link fills the code in; the person confirms.
  await page.goto(link!);
  await expect(page.getByLabel("Code from the email")).toHaveValue(code);
  await page.getByTestId("hera/address/confirm").click();
  await expect(page).toHaveURL(/\/settings\?flow=.*#address$/);
  await expect(page.getByTestId("hera/address/changed")).toHaveText(`Your address is now ${next}. Every other session is signed out.`);
  await expect(page.getByTestId("hera/settings/email")).toHaveText(next);

  // Kratos holds the new address, proved (a passkey may sign in to it), and signs in with it.
  const identity = await identityOf(hera, id);
  expect(identity.traits.email).toBe(next);
  expect(identity.verifiable_addresses).toEqual([expect.objectContaining({ value: next, verified: true })]);
  // This browser stays signed in; the other session is over.
  expect((await hera.whoami(page.request)).status()).toBe(200);
  expect((await hera.whoami(other.request)).status()).toBe(401);
  await other.context().close();

  // The old address hears of it, with the new address partly hidden.
  const notice = await mailAbout(hera, old, /address was changed$/);
  expect(notice.text).not.toContain(next);
  expect(notice.text).toContain(`${next.slice(0, 2)}…@ex….test`);

  // The new address signs in; the old one is an address without an account now.
  await page.locator("#sign-out").click();
  await hera.requestCode(page, "login", next);
  expect(await hera.submitCode(page, codeIn(await mailAbout(hera, next, /^Sign in to/)))).toBe("accepted");
});

test("an address that has an account gets a notice, not a code, and the page is the same", async ({ browser, page, hera }) => {
  const mine = hera.newEmail("mine");
  const theirs = hera.newEmail("theirs");
  const owner = await (await browser.newContext()).newPage();
  await hera.signUp(owner, theirs);
  await hera.signUp(page, mine);
  const id = (await (await hera.whoami(page.request)).json()).identity.id as string;

  await askForAddress(page, hera, theirs);
  const notice = await mailAbout(hera, theirs, /^Someone tried to move/);
  expect(notice.text).not.toMatch(/^\s*\d{6}\s*$/m);
  // The owner of `theirs` asks for an address nobody has: the same page, but for the address.
  const free = hera.newEmail("free");
  await askForAddress(owner, hera, free);
  const page1 = (await page.getByTestId("hera/address-confirm").innerHTML())
    .replace(theirs, "ADDRESS")
    .replace(/value="[^"]+" name="form_token"|name="form_token" value="[^"]+"/, "");
  const page2 = (await owner.getByTestId("hera/address-confirm").innerHTML())
    .replace(free, "ADDRESS")
    .replace(/value="[^"]+" name="form_token"|name="form_token" value="[^"]+"/, "");
  expect(page1).toBe(page2);
  await owner.context().close();

  // No code moves the account there.
  for (const left of ["2 tries left", "1 try left"]) {
    await page.getByLabel("Code from the email").fill("123456");
    await page.getByTestId("hera/address/confirm").click();
    await expect(page.getByTestId("hera/address/error")).toHaveText(`That code is not right. ${left}.`);
  }
  await page.getByLabel("Code from the email").fill("123456");
  await page.getByTestId("hera/address/confirm").click();
  await expect(page.getByTestId("hera/address/error")).toHaveText("Too many wrong codes: that code no longer works. Ask for a new one.");
  expect((await identityOf(hera, id)).traits.email).toBe(mine);
});

test("a new address must be an address, not the current one, and within its email budget", async ({ page, hera }) => {
  const email = hera.newEmail("checks");
  await hera.signUp(page, email);
  await page.goto(`${hera.origin}/settings/address`);
  for (const [typed, error] of [
    ["not an address", "That is not an email address. Check it and try again."],
    [email.toUpperCase(), "That is already your address."],
  ]) {
    await page.getByLabel("New email address").fill(typed!);
    await page.getByTestId("hera/address/submit").click();
    await expect(page.getByTestId("hera/address/error")).toHaveText(error!);
  }
  // An address that has had its emails for now (3 in 15 minutes, whoever asked) gets no more.
  const busy = hera.newEmail("busy");
  const asker = await (await page.context().browser()!.newContext()).newPage();
  for (let i = 0; i < 3; i++) await hera.requestCode(asker, "login", busy);
  await asker.context().close();
  await page.getByLabel("New email address").fill(busy);
  await page.getByTestId("hera/address/submit").click();
  await expect(page.getByTestId("hera/address/error")).toHaveText("That address has had all the emails it may have for now. Try again in 15 minutes.");
  // The third is Hera's "no account" notice, which no request waits for: it arrives soon after.
  await expect.poll(() => hera.mailCountFor(busy)).toBe(3);
  // Sent by hand (a browser would turn the domain into punycode first): a zero-width space is no address.
  const token = await page.locator('input[name="form_token"]').getAttribute("value");
  const headers = { Origin: hera.origin, "Sec-Fetch-Site": "same-origin" };
  const hidden = await page.request.post(`${hera.origin}/settings/address`, { form: { address: "ada@exa\u200bmple.test", form_token: token! }, headers });
  expect(hidden.status()).toBe(400);
  // A form from elsewhere (no form token) changes nothing.
  const forged = await page.request.post(`${hera.origin}/settings/address`, {
    form: { address: hera.newEmail("forged") },
    headers,
  });
  expect(forged.status()).toBe(403);
});
