import { describe, expect, it } from "vitest";
import { renderToString } from "react-dom/server";
import { FlowCard, elementsConfig, type FlowCardProps } from "./FlowCard";
import { isExpired, isTooManyAttempts } from "./messages";
import loginChooseMethod from "./fixtures/login-choose-method.json";
import loginSentEmail from "./fixtures/login-sent-email.json";
import loginTooMany from "./fixtures/login-too-many-attempts.json";
import registrationChooseMethod from "./fixtures/registration-choose-method.json";
import settings from "./fixtures/settings.json";

// Flows captured from the real Kratos v1.3.1 behind Hera's origin (see the fixtures).
const config = elementsConfig("http://127.0.0.1:4455/", "Hera");
const render = (props: FlowCardProps) => {
  const html = renderToString(<FlowCard {...props} />);
  return new DOMParser().parseFromString(html, "text/html");
};

describe("the server-rendered flow card", () => {
  it("is a working form before any script runs: enabled fields, the CSRF token, Kratos's action", () => {
    const doc = render({ flowType: "login", flow: loginChooseMethod as never, config });
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
    expect(email.getAttribute("autocomplete")).toBe("email username");
    expect(doc.querySelector('button[name="method"][value="code"]')?.textContent).toBe("Send sign in code");
  });

  it("asks for the code with one field that accepts paste and the phone's code autofill", () => {
    const doc = render({ flowType: "login", flow: loginSentEmail as never, config });
    const code = doc.querySelector<HTMLInputElement>('input[name="code"]')!;
    expect(code.getAttribute("autocomplete")).toBe("one-time-code");
    expect(code.getAttribute("inputmode")).toBe("numeric");
    expect(code.hasAttribute("disabled")).toBe(false);
    expect(doc.querySelector('button[name="resend"][value="code"]')).not.toBeNull();
  });

  it("renders the sign-up form with the email trait", () => {
    const doc = render({ flowType: "registration", flow: registrationChooseMethod as never, config });
    expect(doc.querySelector<HTMLInputElement>('input[name="traits.email"]')?.type).toBe("email");
    expect(doc.querySelector('button[name="method"][value="code"]')?.textContent).toBe("Send sign up code");
  });

  it("replaces Kratos's misleading 'request another code' with a way that works", () => {
    const message = loginTooMany.ui.messages[0]!;
    expect(isTooManyAttempts(message)).toBe(true);
    const doc = render({ flowType: "login", flow: loginTooMany as never, config });
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
    const doc = render({ flowType: "registration", flow: hostile as never, config });
    expect(doc.querySelector("img[onerror]")).toBeNull();
    expect(doc.querySelector<HTMLInputElement>('input[name="traits.email"]')?.value).toBe('"><img src=x onerror=alert(1)>');
  });

  it("knows Kratos's expired-flow messages for both flows", () => {
    expect(isExpired({ id: 4010001 })).toBe(true);
    expect(isExpired({ id: 4040001 })).toBe(true);
    expect(isExpired({ id: 4000035 })).toBe(false);
  });

  it("renders the account page's flow: the authenticator app's QR code and secret as text, backup codes, passkeys", () => {
    const doc = render({ flowType: "settings", flow: settings as never, config });
    const secret = settings.ui.nodes.find((n) => (n.attributes as { id?: string }).id === "totp_secret_key")!.attributes as { text: { text: string } };
    expect(doc.querySelector('img[src^="data:image/png;base64,"]')).not.toBeNull();
    // The whole secret, readable and selectable (in groups of four), not a cut-off disabled field.
    const shown = doc.querySelector('[data-testid="hera/totp-secret"]')!;
    expect(shown.textContent!.replace(/ /g, "")).toBe(secret.text.text);
    expect(doc.querySelector('input[name="totp_secret_key"]')).toBeNull();
    expect(doc.querySelector('input[name="totp_code"]')).not.toBeNull();
    expect(doc.querySelector('button[name="lookup_secret_regenerate"]')).not.toBeNull();
    expect(doc.body.textContent).toContain("Add passkey");
    // The address is not editable here (Kratos's profile method is off).
    expect(doc.querySelector('input[name="traits.email"]')).toBeNull();
    // Hera's account panel is the header: none of Elements' logo, account menu or "Back".
    expect(doc.querySelector('[data-testid="ory/screen/settings/back-button"]')).toBeNull();
    expect(doc.body.textContent).not.toContain("Hera");
  });
});
