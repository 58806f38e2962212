import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderToString } from "react-dom/server";
import { createElement } from "react";
import { SignInCard, signInPageData } from "../flow-card/SignInCard";
import { jsonForScript } from "../server/http/render";
import { translatorFor } from "../i18n/translator";
import loginSentEmail from "../flow-card/fixtures/login-sent-email.json";
import loginWithPasskeys from "../flow-card/fixtures/login-with-passkeys.json";

// Flows captured from the real Kratos v1.3.1; the page as the server writes it (flow.hbs),
// then the sign-in page's script, as the browser runs it.
type Submitted = { submitter?: string; prevented: boolean };
let listening = new AbortController();

async function page(flow: unknown, { resendAvailableAt }: { resendAvailableAt?: number } = {}, { submitCode = false } = {}) {
  const card = renderToString(createElement(SignInCard, { flowType: "login", flow: flow as never, productName: "Hera", text: translatorFor("en") }));
  const data = jsonForScript(signInPageData(flow as never, resendAvailableAt));
  document.body.innerHTML = `<div id="hera-card"${submitCode ? ' data-submit-code="true"' : ""}>${card}</div>
    <script type="application/json" id="hera-flow">${data}</script>`;
  const submitted: Submitted[] = [];
  const form = document.querySelector("form")!;
  // Seen after the script's own listener (which bubbles from the form to the card).
  listening.abort();
  listening = new AbortController();
  document.addEventListener(
    "submit",
    (event) => {
      submitted.push({ submitter: (event.submitter as HTMLButtonElement | null)?.name, prevented: event.defaultPrevented });
      event.preventDefault();
    },
    { signal: listening.signal },
  );
  vi.resetModules();
  await import("./sign-in");
  return { submitted, form, card: document.getElementById("hera-card")! };
}

const typeInto = (field: HTMLInputElement, value: string) => {
  field.value = value;
  field.dispatchEvent(new Event("input", { bubbles: true }));
};

beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "setInterval", "Date"] }));
afterEach(() => {
  listening.abort();
  vi.useRealTimers();
  delete (window as { oryPasskeyLogin?: unknown }).oryPasskeyLogin;
  delete (window as { oryPasskeyLoginAutocompleteInit?: unknown }).oryPasskeyLoginAutocompleteInit;
});

describe("the sign-in page's script", () => {
  it("marks the card live and submits the code on its sixth digit, once", async () => {
    const { submitted, card } = await page(loginSentEmail);
    expect(card.dataset.live).toBe("true");
    const code = card.querySelector<HTMLInputElement>('input[name="code"]')!;
    typeInto(code, "12345");
    expect(submitted).toEqual([]);
    typeInto(code, "123456");
    expect(submitted).toEqual([{ submitter: "method", prevented: false }]);
    expect(card.querySelector('button[name="method"][value="code"]')!.getAttribute("data-loading")).toBe("true");
    // The same code again (a paste over it) is not a second attempt.
    typeInto(code, "123456");
    expect(submitted).toHaveLength(1);
  });

  it("lets a submission go once: a second press while the first is on its way is held", async () => {
    const { submitted, card } = await page(loginSentEmail);
    const button = card.querySelector<HTMLButtonElement>('button[name="method"][value="code"]')!;
    button.click();
    button.click();
    expect(submitted.map((s) => s.prevented)).toEqual([false, true]);
  });

  it("submits a link's code by itself, and only a link's", async () => {
    const withCode = structuredClone(loginSentEmail);
    (withCode.ui.nodes.find((n) => n.attributes.name === "code")!.attributes as { value?: string }).value = "654321";
    expect((await page(withCode)).submitted).toEqual([]);
    expect((await page(withCode, {}, { submitCode: true })).submitted).toEqual([{ submitter: "method", prevented: false }]);
  });

  it("holds Resend code back with a countdown until the server's time, then lets it go", async () => {
    const { card } = await page(loginSentEmail, { resendAvailableAt: Date.now() + 30_000 });
    const resend = card.querySelector<HTMLButtonElement>('[data-testid="hera/resend"]')!;
    expect(resend.disabled).toBe(true);
    expect(resend.textContent).toBe("Resend code\u00a0(30s)");
    vi.advanceTimersByTime(10_000);
    expect(resend.textContent).toBe("Resend code\u00a0(20s)");
    vi.advanceTimersByTime(20_000);
    expect(resend.disabled).toBe(false);
    expect(resend.textContent).toBe("Resend code");
  });

  it("leaves Resend code as the server wrote it when the flow may ask now", async () => {
    const { card } = await page(loginSentEmail);
    const resend = card.querySelector<HTMLButtonElement>('[data-testid="hera/resend"]')!;
    expect(resend.disabled).toBe(false);
    expect(resend.textContent).toBe("Resend code");
  });

  it("starts passkeys through Kratos's own script, which the card carries: autofill once on load, the button on press", async () => {
    const login = vi.fn();
    const autofill = vi.fn();
    // As Kratos wrote it: the autofill's start is on two nodes (the server drops one, presentation.ts).
    const { card, submitted } = await page(loginWithPasskeys);
    expect(card.querySelector('script[src$="/.well-known/ory/webauthn.js"]')).not.toBeNull();
    // Kratos's script defines its functions when it has loaded, which may be after this one.
    Object.assign(window, { oryPasskeyLogin: login, oryPasskeyLoginAutocompleteInit: autofill });
    vi.advanceTimersByTime(100);
    expect(autofill).toHaveBeenCalledTimes(1);
    card.querySelector<HTMLButtonElement>('[name="passkey_login_trigger"]')!.click();
    expect(login).toHaveBeenCalledTimes(1);
    expect(submitted).toEqual([]);
  });

  it("posts a passkey's answer once: the autofill and the button both answered must not both reach Kratos", async () => {
    // Kratos's script submits with form.submit(), which no submit listener sees.
    const posted = vi.spyOn(HTMLFormElement.prototype, "submit").mockImplementation(() => {});
    const { form } = await page(loginWithPasskeys);
    form.submit();
    form.submit();
    expect(posted).toHaveBeenCalledTimes(1);
    posted.mockRestore();
  });
});
