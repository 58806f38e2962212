import { test as base, expect, type APIRequestContext, type Browser, type BrowserContextOptions, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { codeIn, mailCount, waitForMail, type Mail } from "./mail";
import { attachLogTails, dataDirOf, originOf, stacks, start, type StackName } from "./stacks";
import type { Stack } from "../../tools/src/stack";

/** The suite's view of one running stack: its URLs and what a person does on it. */
export class Hera {
  readonly origin: string;
  readonly mailWeb: string;
  /** Kratos's own APIs, for the suite's setup (identities) and for Hera processes it starts. */
  readonly kratosPublic: string;
  readonly kratosAdmin: string;

  constructor(which: StackName) {
    const { ports } = stacks[which];
    this.origin = originOf(which);
    this.mailWeb = `http://127.0.0.1:${ports.mailWeb}`;
    this.kratosPublic = `http://127.0.0.1:${ports.kratosPublic}`;
    this.kratosAdmin = `http://127.0.0.1:${ports.kratosAdmin}`;
  }

  /** A fresh address no test has used. */
  newEmail(tag: string): string {
    return `${tag}-${Date.now()}-${randomBytes(3).toString("hex")}@example.test`;
  }

  /** Opens the sign-in or sign-up page, types the address and asks for a code. */
  async requestCode(page: Page, flow: "login" | "registration", email: string): Promise<void> {
    await page.goto(`${this.origin}/${flow}`);
    await this.askForCode(page, flow, email);
  }

  /** On the sign-in or sign-up page already open (an app sent the browser there), types the address and asks for a code. */
  async askForCode(page: Page, flow: "login" | "registration", email: string): Promise<void> {
    const field = flow === "login" ? "identifier" : "traits.email";
    await page.locator(`input[name="${field}"]`).fill(email);
    await page.locator('button[name="method"][value="code"]').click();
    await expect(page.locator('input[name="code"]')).toBeVisible();
  }

  async mail(to: string, nth = 1): Promise<Mail> {
    return waitForMail(this.mailWeb, to, nth);
  }

  /** How many emails a person asked for (codes, notices) went to `to`. */
  async mailCountFor(to: string): Promise<number> {
    return mailCount(this.mailWeb, to);
  }

  /** The `nth` sign-in alert sent to `to`. */
  async alert(to: string, nth = 1): Promise<Mail> {
    return waitForMail(this.mailWeb, to, nth, 15_000, "alert");
  }

  async codeFor(to: string, nth = 1): Promise<string> {
    return codeIn(await this.mail(to, nth));
  }

  /** Whether the card's scripts run (hydrated) or it is the plain server-rendered form. */
  async isLive(page: Page): Promise<boolean> {
    return page
      .locator("#hera-card[data-live]")
      .waitFor({ timeout: 2_000 })
      .then(
        () => true,
        () => false,
      );
  }

  /**
   * Types the code as a whole (as paste or the phone's autofill do) and resolves with what
   * became of it: with scripts the sixth digit submits by itself, without them the person
   * presses Continue. Refused: the browser is back on a sign-in or sign-up page (Kratos's
   * message on it), or was told no; accepted: it went on (signed in, to return_to).
   */
  async submitCode(page: Page, code: string): Promise<"accepted" | "refused"> {
    // The email can arrive before the page has the answer to asking for it (a code request
    // takes at least 300 ms, the courier less): the answer awaited below must be the code's.
    await expect(page.locator('input[name="code"]')).toBeVisible();
    const live = await this.isLive(page);
    const answer = page.waitForResponse((r) => r.request().method() === "POST" && /\/self-service\/(login|registration)\?flow=/.test(r.url()));
    const landed = page.waitForEvent("load");
    await page.locator('input[name="code"]').fill(code);
    if (!live || code.length !== 6) await page.locator('button[name="method"][value="code"]').click();
    const status = (await answer).status();
    await landed;
    const path = new URL(page.url()).pathname;
    return status < 400 && !/^\/(login|registration|too-many-requests|self-service\/.*)$/.test(path) ? "accepted" : "refused";
  }

  /** Signs a new address up and waits until the browser lands signed in. */
  async signUp(page: Page, email: string): Promise<void> {
    await this.requestCode(page, "registration", email);
    await this.submitCode(page, await this.codeFor(email));
    await expect(page).toHaveURL(`${this.origin}/welcome`);
  }

  /**
   * A person with an account, signed out and on the code step of a new sign-in: the
   * setup of every test about sign-in codes. Resolves with the address and the code.
   */
  async accountAwaitingLoginCode(page: Page, tag: string): Promise<{ email: string; code: string }> {
    const email = this.newEmail(tag);
    await this.signUp(page, email);
    await page.locator("#sign-out").click();
    await expect(page).toHaveURL(/\/login\?flow=/);
    await this.requestCode(page, "login", email);
    return { email, code: await this.codeFor(email, 2) };
  }

  /**
   * The same person signing in in another browser (its own cookies; `options` a phone's
   * user agent, say) with the `nth` email to the address: a session of its own, or its
   * second step. Close it with `page.context().close()`.
   */
  async signInElsewhere(browser: Browser, email: string, nth: number, options: BrowserContextOptions = {}): Promise<Page> {
    const other = await (await browser.newContext(options)).newPage();
    await this.requestCode(other, "login", email);
    await this.submitCode(other, await this.codeFor(email, nth));
    return other;
  }

  /** Kratos's whoami through the origin, with the browser context's cookies. */
  async whoami(request: APIRequestContext) {
    return request.get(`${this.origin}/sessions/whoami`, { headers: { Accept: "application/json" } });
  }
}

export const test = base.extend<{ hera: Hera }>({
  // Playwright reads a fixture's dependencies from this pattern: none.
  // eslint-disable-next-line no-empty-pattern
  hera: async ({}, use, testInfo) => {
    await use(new Hera("main"));
    if (testInfo.status !== testInfo.expectedStatus) await attachLogTails(testInfo, dataDirOf("main"));
  },
});

/**
 * A stack of the test file's (or describe block's) own, for an overlay or a shorter
 * wait: started before its tests and stopped after them. `stack` is there for tests that
 * stop and start one of its services.
 */
export function ownStack(
  name: StackName,
  options: { overlays?: string[]; heraEnv?: NodeJS.ProcessEnv; caddyEnv?: NodeJS.ProcessEnv; production?: () => NodeJS.ProcessEnv } = {},
) {
  const own: { hera: Hera; stack?: Stack } = { hera: new Hera(name) };
  test.beforeAll(async () => {
    own.stack = await start(name, options.overlays, options.heraEnv, options.caddyEnv, options.production?.());
  });
  // Playwright reads a hook's fixtures from this pattern: none.
  // eslint-disable-next-line no-empty-pattern
  test.afterEach(async ({}, testInfo) => {
    if (testInfo.status !== testInfo.expectedStatus && own.stack) await attachLogTails(testInfo, own.stack.dataDir);
  });
  test.afterAll(async () => {
    await own.stack?.stop();
  });
  return own;
}

export { expect };
