import { describe, expect, it } from "vitest";
import { renderToString } from "react-dom/server";
import { FlowCard, type FlowCardProps } from "./FlowCard";
import { elementsConfig } from "./config";
import { translatorFor } from "../i18n/translator";
import { isExpired } from "./parts";
import settings from "./fixtures/settings.json";

// Flows captured from the real Kratos v1.3.1 behind Hera's origin (see the fixtures).
const config = elementsConfig("http://127.0.0.1:4455/", "Hera", translatorFor("en"));
const render = (props: FlowCardProps) => {
  const html = renderToString(<FlowCard {...props} />);
  return new DOMParser().parseFromString(html, "text/html");
};

describe("the account page's card (Ory Elements, hydrated)", () => {
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
    expect(doc.body.textContent).toContain("Add a passkey");
    // The address is not editable here (Kratos's profile method is off).
    expect(doc.querySelector('input[name="traits.email"]')).toBeNull();
    // Hera's account panel is the header: none of Elements' logo, account menu or "Back".
    expect(doc.querySelector('[data-testid="ory/screen/settings/back-button"]')).toBeNull();
    expect(doc.body.textContent).not.toContain("Hera");
  });
});
