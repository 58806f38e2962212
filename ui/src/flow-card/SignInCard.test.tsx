import { describe, expect, it } from "vitest";
import { renderToString } from "react-dom/server";
import { SignInCard, signInPageData, type SignInCardProps } from "./SignInCard";
import { isTooManyAttempts } from "./parts";
import { catalogues, translatorFor } from "../i18n/translator";
import type { Language } from "../i18n/languages";
import { withPresentedPasskeys } from "../server/flow/presentation";
import loginChooseMethod from "./fixtures/login-choose-method.json";
import loginSentEmail from "./fixtures/login-sent-email.json";
import loginTooMany from "./fixtures/login-too-many-attempts.json";
import loginUnknownAddress from "./fixtures/login-unknown-address.json";
import loginWithPasskeys from "./fixtures/login-with-passkeys.json";
import registrationChooseMethod from "./fixtures/registration-choose-method.json";
import registrationSentEmail from "./fixtures/registration-sent-email.json";
import registrationWithPasskeys from "./fixtures/registration-with-passkeys.json";

// Flows captured from the real Kratos v1.3.1 behind Hera's origin (see the fixtures).
const render = (flowType: SignInCardProps["flowType"], flow: unknown, lang: Language = "en") => {
  const html = renderToString(<SignInCard flowType={flowType} flow={flow as never} productName="Hera" text={translatorFor(lang)} />);
  return new DOMParser().parseFromString(html, "text/html");
};

describe("the sign-in and sign-up card (server only, no Ory Elements)", () => {
  it("is a working form before any script runs: enabled fields, the CSRF token, Kratos's action", () => {
    const doc = render("login", loginChooseMethod);
    const form = doc.querySelector("form")!;
    expect(form.getAttribute("action")).toBe(loginChooseMethod.ui.action);
    expect(form.getAttribute("method")).toBe("POST");
    const disabled = [...doc.querySelectorAll("input, button")].filter((e) => e.hasAttribute("disabled"));
    expect(disabled.map((e) => e.outerHTML)).toEqual([]);
    const csrf = doc.querySelector<HTMLInputElement>('input[name="csrf_token"]')!;
    expect(csrf.type).toBe("hidden");
    expect(csrf.value).toBe(loginChooseMethod.ui.nodes.find((n) => n.attributes.name === "csrf_token")!.attributes.value);
    const email = doc.querySelector<HTMLInputElement>('input[name="identifier"]')!;
    expect(email.type).toBe("email");
    // One field name (a valid autocomplete value); with passkeys on offer, their autofill too.
    expect(email.getAttribute("autocomplete")).toBe("email");
    const withPasskeys = render("login", withPresentedPasskeys(loginWithPasskeys));
    expect(withPasskeys.querySelector('input[name="identifier"]')!.getAttribute("autocomplete")).toBe("email webauthn");
    expect(doc.querySelector('button[name="method"][value="code"]')?.textContent).toBe("Send code");
  });

  it("asks for the code with one field that accepts paste and the phone's code autofill", () => {
    const doc = render("login", loginSentEmail);
    const code = doc.querySelector<HTMLInputElement>('input[name="code"]')!;
    expect(code.getAttribute("autocomplete")).toBe("one-time-code");
    expect(code.getAttribute("inputmode")).toBe("numeric");
    expect(code.hasAttribute("disabled")).toBe(false);
    expect(doc.querySelector('button[name="resend"][value="code"]')).not.toBeNull();
  });

  it("renders the sign-up form with the email trait", () => {
    const doc = render("registration", registrationChooseMethod);
    expect(doc.querySelector<HTMLInputElement>('input[name="traits.email"]')?.type).toBe("email");
    expect(doc.querySelector('button[name="method"][value="code"]')?.textContent).toBe("Send code");
  });

  it("replaces Kratos's misleading 'request another code' with a way that works", () => {
    const message = loginTooMany.ui.messages[0]!;
    expect(isTooManyAttempts(message)).toBe(true);
    const doc = render("login", loginTooMany);
    const shown = doc.querySelector('[data-testid="hera/message/too-many-attempts"]')!;
    expect(shown.textContent).toContain("Too many wrong codes");
    // A form of its own that asks Hera for a new flow and a new code for the same address.
    const form = shown.querySelector("form")!;
    // The old flow in the URL; the body holds only fields the gate accepts on the new flow.
    expect(form.getAttribute("action")).toBe(`/login/new-code?flow=${loginTooMany.id}`);
    expect(form.getAttribute("method")).toBe("post");
    const fields = Object.fromEntries([...form.querySelectorAll("input")].map((i) => [i.name, i.value]));
    expect(Object.keys(fields).sort()).toEqual(["csrf_token", "identifier", "method"]);
    expect(fields).toMatchObject({ identifier: "fixture-1795322771@example.test", method: "code" });
    expect(fields.csrf_token).toMatch(/.{20,}/);
    expect(form.querySelector("button")?.textContent).toBe("Send a new code");
    expect(doc.body.textContent).not.toContain("Please request another code");
  });

  it("escapes hostile trait values instead of rendering them as markup", () => {
    const hostile = structuredClone(registrationChooseMethod);
    const node = hostile.ui.nodes.find((n) => n.attributes.name === "traits.email")!;
    (node.attributes as { value?: string }).value = '"><img src=x onerror=alert(1)>';
    const doc = render("registration", hostile);
    expect(doc.querySelector("img[onerror]")).toBeNull();
    expect(doc.querySelector<HTMLInputElement>('input[name="traits.email"]')?.value).toBe('"><img src=x onerror=alert(1)>');
  });

  it("says where the code went, keeps the address in the form, and offers a way back to change it", () => {
    const doc = render("login", loginSentEmail);
    expect(doc.querySelector('[data-testid="hera/address"]')?.textContent).toBe("fixture-1795322771@example.test");
    expect(doc.querySelector<HTMLInputElement>('form input[name="identifier"]')?.type).toBe("hidden");
    expect(doc.querySelector('[data-testid="hera/different-email"]')?.getAttribute("href")).toBe("/login");
    // Kratos's own "an email has been sent" is the header's sentence, not a second message.
    expect(doc.querySelector("section")).toBeNull();
    const signUp = render("registration", registrationSentEmail);
    expect(signUp.querySelector('[data-testid="hera/address"]')?.textContent).toBe("fixture-1795322771@example.test");
    expect(signUp.querySelector('[data-testid="hera/different-email"]')?.getAttribute("href")).toBe("/registration");
  });

  it("shows Kratos's error for the flow by its id, in the page's language, as an alert", () => {
    const shown = render("login", loginUnknownAddress).querySelector('[role="alert"]')!;
    expect(loginUnknownAddress.ui.messages[0]!.id).toBe(4000035);
    expect(shown.textContent).toBe(catalogues.en["message.4000035"]);
    expect(render("login", loginUnknownAddress, "ar").querySelector('[role="alert"]')!.textContent).toBe(catalogues.ar["message.4000035"]);
  });

  it("is in the page's language throughout: title, intro, labels, buttons, footer (Arabic here)", () => {
    const doc = render("login", loginChooseMethod, "ar");
    const words = doc.body.textContent!.replace("Hera", "").replace(/[^\p{L}]+/gu, "");
    // Every letter on the card is Arabic but the product's name: no English left over.
    expect(words).toMatch(/^[\u0600-\u06ff]+$/);
    expect(doc.querySelector("h2")!.textContent).toBe(catalogues.ar["card.login.title"]);
    expect(doc.querySelector('button[name="method"][value="code"]')!.textContent).toBe(catalogues.ar["message.1010015"]);
  });

  it("puts focus on the code field once sent, described by where the code went and by any error", () => {
    const flow = structuredClone(loginSentEmail);
    flow.ui.messages = [{ id: 4010008, type: "error", text: "The login code is invalid or has already been used. Please try again.", context: {} }] as never;
    const doc = render("login", flow);
    const code = doc.querySelector<HTMLInputElement>('input[name="code"]')!;
    expect(code.hasAttribute("autofocus")).toBe(true);
    const described = code.getAttribute("aria-describedby")!.split(" ");
    expect(described.map((id) => doc.getElementById(id)?.textContent)).toEqual([catalogues.en["card.code.sent"], catalogues.en["message.4010008"]]);
    // "Code sent" is a status, the error an alert: both are live regions.
    expect(doc.getElementById("hera-code-sent")!.getAttribute("role")).toBe("status");
    expect(doc.querySelector('[role="alert"]')!.textContent).toBe(catalogues.en["message.4010008"]);
    // The address step has no field to focus for the person: the page opens at its top.
    expect(render("login", loginChooseMethod).querySelector("[autofocus]")).toBeNull();
  });

  it("shows a field's own error under the field", () => {
    const flow = structuredClone(registrationChooseMethod);
    const field = flow.ui.nodes.find((n) => n.attributes.name === "traits.email")!;
    (field.messages as unknown[]).push({ id: 4000001, type: "error", text: "Enter a valid email address, like name@example.com." });
    const doc = render("registration", flow);
    const input = doc.querySelector('input[name="traits.email"]')!;
    expect(input.closest(".hera-field")?.querySelector('[role="alert"]')?.textContent).toBe("Enter a valid email address, like name@example.com.");
  });

  it("offers the email code first and a passkey after it, with Kratos's script in the card", () => {
    const doc = render("login", withPresentedPasskeys(loginWithPasskeys));
    const buttons = [...doc.querySelectorAll("form button")].map((b) => b.getAttribute("name"));
    expect(buttons).toEqual(["method", "passkey_login_trigger"]);
    expect(doc.querySelector('button[name="passkey_login_trigger"]')?.getAttribute("type")).toBe("button");
    expect(doc.querySelector('script[src$="/.well-known/ory/webauthn.js"]')).not.toBeNull();
    // The passkey's answer goes in the flow's own form.
    expect(doc.querySelector('form input[name="passkey_login"]')).not.toBeNull();
    expect(doc.body.textContent).toContain("Use a one-time code we email you, or a passkey.");
    expect(render("login", loginChooseMethod).body.textContent).not.toContain("passkey");
  });

  it("offers no passkey sign-up once the server has taken it out", () => {
    const doc = render("registration", withPresentedPasskeys(registrationWithPasskeys));
    expect(doc.querySelectorAll('[name^="passkey"], script')).toHaveLength(0);
  });

  it("leads to the other flow and keeps an integrator's return_to", () => {
    const link = (doc: Document) => doc.querySelector<HTMLAnchorElement>('[data-testid^="hera/sign-"]')!.getAttribute("href");
    expect(link(render("login", loginChooseMethod))).toBe("/registration");
    expect(link(render("registration", registrationChooseMethod))).toBe("/login");
    const returning = { ...loginChooseMethod, return_to: "https://app.example/after?x=1&y=2" };
    expect(link(render("login", returning))).toBe("/registration?return_to=https%3A%2F%2Fapp.example%2Fafter%3Fx%3D1%26y%3D2");
  });

  it("gives a re-authentication its own title and a way back to the account", () => {
    const doc = render("login", { ...loginChooseMethod, refresh: true });
    expect(doc.querySelector("h2")?.textContent).toBe("Confirm it is you");
    expect(doc.querySelector('[data-testid="hera/back-to-account"]')?.getAttribute("href")).toBe("/settings");
    expect(doc.querySelector('[data-testid="hera/sign-up-link"]')).toBeNull();
  });
});

describe("the sign-in page's data block", () => {
  it("holds only what its script reads: the resend time and the passkey's calls", () => {
    expect(signInPageData(loginSentEmail as never, 1234)).toEqual({ resendAvailableAt: 1234, triggers: [] });
    expect(signInPageData(withPresentedPasskeys(loginWithPasskeys) as never)).toEqual({
      triggers: [{ name: "passkey_login_trigger", onclickTrigger: "oryPasskeyLogin", onloadTrigger: "oryPasskeyLoginAutocompleteInit" }],
    });
  });
});
