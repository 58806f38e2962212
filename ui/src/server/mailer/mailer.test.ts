import path from "node:path";
import { describe, expect, it } from "vitest";
import { courierMessage, templateTypes } from "./messages";
import { EmailTemplates, durationSeconds, ownEmailTypes, type EmailModel } from "./templates";
import { translatorFor } from "../../i18n/translator";
import { linkFor } from "./links";

const templates = new EmailTemplates(path.resolve(__dirname, "../../../../email-templates"));
const origin = new URL("http://127.0.0.1:4455");
const flowId = "5c808a01-29fc-4935-85e6-64777bd0f9dd";
/** What every email's model starts with (Mailer.model), in English unless told. */
const base = (lang = "en"): Pick<EmailModel, "text" | "brand" | "validFor"> => ({
  text: translatorFor(lang),
  brand: { accent: "#4f46e5" },
  validFor: translatorFor(lang).duration(900),
});

describe("Hera's email templates", () => {
  it("render every message type Kratos sends with this configuration, in HTML and text", () => {
    expect(templateTypes).toEqual(["login_code_valid", "registration_code_valid", "verification_code_valid", "verification_code_invalid"]);
    for (const type of templateTypes) {
      const email = templates.render(type, {
        product: "Hera",
        to: "a@example.test",
        code: "042917",
        link: "https://x.example/l?a=1&b=2",
        ...base(),
      });
      expect(email.subject).toContain("Hera");
      expect(email.html).toContain("a@example.test");
      expect(email.text).toContain("a@example.test");
      if (type !== "verification_code_invalid") {
        for (const body of [email.html, email.text]) {
          expect(body).toContain("042917");
          expect(body).toContain("It is valid for 15 minutes and works once.");
        }
        expect(email.html).toContain('href="https://x.example/l?a&#x3D;1&amp;b&#x3D;2"');
        expect(email.text).toContain("https://x.example/l?a=1&b=2");
      }
    }
  });

  it("say 'type this code' when there is no link", () => {
    const email = templates.render("login_code_valid", { product: "Hera", to: "a@example.test", code: "042917", ...base() });
    expect(email.text).toContain("Type this code:");
    expect(email.html).not.toContain("<a href");
  });

  it("escape hostile values in HTML and keep subjects on one line, Hera's notices too", () => {
    const hostile = "<script>alert(1)</script>";
    for (const type of [...templateTypes, ...ownEmailTypes]) {
      const email = templates.render(type, {
        product: "Hera\r\nBcc: x@evil.example",
        to: `${hostile}@example.test`,
        code: "1",
        link: 'https://hera.test/"><script>x</script>',
        ...base(),
        signIn: { when: hostile, device: hostile, ip: hostile, method: hostile },
      });
      expect(email.html, type).not.toContain("<script>");
      expect(email.html, type).toContain("&lt;script&gt;");
      expect(email.subject, type).not.toMatch(/[\r\n]/);
    }
  });

  it("give a new address both a link and the code, and tell the old one the new address only partly", () => {
    const link = "https://hera.test/settings/address/confirm?code=042917";
    const code = templates.render("address_change_code", { product: "Hera", to: "new@example.test", code: "042917", link, ...base() });
    for (const body of [code.html, code.text]) {
      expect(body).toContain("042917");
      expect(body).toContain("new@example.test");
    }
    expect(code.text).toContain(link);
    expect(code.html).toContain("https://hera.test/settings/address/confirm?code&#x3D;042917");
    const changed = templates.render("address_changed", {
      product: "Hera",
      to: "old@example.test",
      newAddress: "ne…@ex….test",
      link: "https://hera.test/login",
      ...base(),
    });
    expect(changed.subject).toBe("Your Hera address was changed");
    expect(changed.text).toContain("now signs in with ne…@ex….test");
    // Neither the notice to a taken address nor the goodbye carries a code.
    for (const type of ["address_change_taken", "account_deleted", "second_factors_removed"] as const) {
      const email = templates.render(type, { product: "Hera", to: "a@example.test", link: "https://hera.test/login", ...base() });
      expect(email.text, type).not.toMatch(/^\s*\d{6}\s*$/m);
      expect(email.text, type).toContain("https://hera.test/login");
    }
  });

  it("have a notice for an address without an account and one for an address with one, each with its link and no code", () => {
    const missing = templates.render("account_missing", {
      product: "Hera",
      to: "ada@example.test",
      link: "https://hera.test/registration",
      ...base(),
    });
    expect(missing.subject).toBe("No Hera account for this address yet");
    expect(missing.text).toContain("https://hera.test/registration");
    expect(missing.html).toContain('href="https://hera.test/registration"');
    const exists = templates.render("account_exists", { product: "Hera", to: "ada@example.test", link: "https://hera.test/login", ...base() });
    expect(exists.subject).toBe("You already have a Hera account");
    expect(exists.html).toContain('href="https://hera.test/login"');
    for (const email of [missing, exists]) expect(email.text).not.toMatch(/^\s*\d{6}\s*$/m);
  });

  it("have a sign-in alert with the time, device, IP, method and a link to the sessions", () => {
    const signIn = { when: "22 Nov 2026, 10:04 UTC", device: "Chrome 156 on Linux", ip: "203.0.113.9", method: "Email code" };
    const alert = templates.render("sign_in_alert", {
      product: "Hera",
      to: "ada@example.test",
      link: "https://hera.test/settings#sessions",
      ...base(),
      signIn,
    });
    expect(alert.subject).toBe("New sign-in to Hera");
    for (const body of [alert.text, alert.html]) {
      for (const fact of Object.values(signIn)) expect(body).toContain(fact);
    }
    expect(alert.text).toContain("https://hera.test/settings#sessions");
    expect(alert.html).toContain('href="https://hera.test/settings#sessions"');
  });
});

describe("durationSeconds", () => {
  it("reads Kratos's durations, which each email says in its language", () => {
    expect(durationSeconds("15m")).toBe(900);
    expect(durationSeconds("5s")).toBe(5);
    expect(durationSeconds("1h30m")).toBe(5400);
    expect(translatorFor("en").duration(durationSeconds("1h30m"))).toBe("90 minutes");
    expect(translatorFor("en").duration(durationSeconds("1m"))).toBe("1 minute");
    expect(() => durationSeconds("soon")).toThrow();
  });
});

describe("an email in the flow's language", () => {
  it("is written whole in that language, right to left for Arabic, the code and link unchanged", () => {
    const link = "https://hera.test/login?flow=x&code=042917";
    for (const lang of ["de", "ja", "ar"]) {
      const email = templates.render("login_code_valid", { product: "Hera", to: "ada@example.test", code: "042917", link, ...base(lang) });
      const text = translatorFor(lang);
      expect(email.subject).toBe(text.t("email.login.subject", { product: "Hera" }));
      expect(email.text).toContain(text.t("email.valid_for", { duration: text.duration(900) }));
      expect(email.text).toContain("042917");
      expect(email.html).toContain(`lang="${lang}"`);
      expect(email.html).toContain(`dir="${lang === "ar" ? "rtl" : "ltr"}"`);
      expect(email.html).toContain(`>${text.t("email.login.button")}</a>`);
      expect(email.html).not.toContain("Sign in");
    }
  });

  it("follows dark mode where the mail app supports it, and the brand's accent and logo", () => {
    const email = templates.render("login_code_valid", {
      product: "Acme",
      to: "ada@example.test",
      code: "042917",
      link: "https://hera.test/x",
      ...base(),
      brand: { accent: "#0b6e4f", emailLogo: "https://hera.test/brand/logo", support: "mailto:help@acme.test" },
    });
    expect(email.html).toContain('<meta name="color-scheme" content="light dark">');
    expect(email.html).toContain("@media (prefers-color-scheme: dark)");
    expect(email.html).toContain("background:#0b6e4f");
    expect(email.html).toContain('<img src="https://hera.test/brand/logo" alt="Acme"');
    expect(email.html).toContain('href="mailto:help@acme.test"');
  });
});

describe("the sign-in link", () => {
  const loginWith = (transient_payload: Record<string, unknown>) =>
    courierMessage.parse({
      recipient: "a@example.test",
      template_type: "login_code_valid",
      template_data: { to: "a@example.test", login_code: "042917", transient_payload },
    });
  const login = loginWith({ flow_id: flowId });

  it("opens the flow the code belongs to, with the code", () => {
    expect(linkFor(login, "042917", origin)).toBe(`http://127.0.0.1:4455/login?flow=${flowId}&code=042917`);
  });

  it("is left out when the form did not say which flow (the email keeps the code)", () => {
    expect(linkFor(loginWith({}), "042917", origin)).toBeUndefined();
    expect(linkFor(loginWith({ flow_id: "../../admin" }), "042917", origin)).toBeUndefined();
  });
});
