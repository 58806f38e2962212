import { describe, expect, it } from "vitest";
import { opensSession, signInFacts, type SignInEvent } from "./sign-in";
import { deviceOf } from "../in-words";
import { translatorFor } from "../../i18n/translator";

const en = translatorFor("en");

// What kratos/sign-in-hook.jsonnet posts, as Kratos v1.3.1 sent it for an email-code sign-in.
const firstStep: SignInEvent = {
  flow_id: "5a0c7f0e-2f4e-4a43-9a52-0f3b1d1e6c11",
  identity_id: "3139e0cf-996b-4f70-b4e3-5a47f6837c16",
  session_id: "00000000-0000-0000-0000-000000000000",
  email: "ada@example.test",
  method: "code",
  aal: "aal1",
  requested_aal: "aal1",
  refresh: false,
  authenticated_at: "2026-11-22T10:51:45.123456Z",
  ip: "203.0.113.9",
  user_agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
  accept_language: "de-DE,de;q=0.9,en;q=0.8",
};

describe("the sign-in hook", () => {
  it("alerts for the step that opens a session, not for a second step or a re-authentication", () => {
    expect(opensSession(firstStep)).toBe(true);
    expect(opensSession({ ...firstStep, method: "passkey" })).toBe(true);
    expect(opensSession({ ...firstStep, method: "totp", aal: "aal2", requested_aal: "aal2" })).toBe(false);
    expect(opensSession({ ...firstStep, refresh: true })).toBe(false);
  });

  it("says when, on what, from where and how, in words of the alert's language", () => {
    expect(signInFacts(firstStep, en)).toEqual({
      when: "22 Nov 2026, 10:51 UTC",
      device: "Chrome Headless 156 on Linux",
      ip: "203.0.113.9",
      method: "Email code or link",
      lang: "en",
    });
    expect(signInFacts({ ...firstStep, method: "lookup_secret", ip: "" }, en).method).toBe("Backup code");
    expect(signInFacts({ ...firstStep, ip: "" }, en).ip).toBe("unknown");
    const de = signInFacts(firstStep, translatorFor("de"));
    expect(de).toMatchObject({ when: "22.11.2026, 10:51 UTC", device: "Chrome Headless 156 unter Linux", lang: "de" });
    expect(de.method).toBe(translatorFor("de").t("method.code"));
  });
});

describe("deviceOf", () => {
  it("names browser and system, or says it does not know", () => {
    expect(
      deviceOf("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", en),
    ).toBe("Mobile Safari 17 on iOS 17.4");
    expect(deviceOf("", en)).toBe("An unknown device");
    expect(deviceOf("<script>alert(1)</script>", en)).toBe("An unknown device");
  });
});
