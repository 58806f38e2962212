import path from "node:path";
import { describe, expect, it } from "vitest";
import { courierMessage, templateTypes } from "./messages";
import { EmailTemplates, durationInWords, ownEmailTypes } from "./templates";
import { linkFor } from "./links";

const templates = new EmailTemplates(path.resolve(__dirname, "../../../../email-templates"));
const origin = new URL("http://127.0.0.1:4455");
const flowId = "5c808a01-29fc-4935-85e6-64777bd0f9dd";

describe("Hera's email templates", () => {
  it("render every message type Kratos sends with this configuration, in HTML and text", () => {
    expect(templateTypes).toEqual(["login_code_valid", "registration_code_valid", "verification_code_valid", "verification_code_invalid"]);
    for (const type of templateTypes) {
      const email = templates.render(type, {
        product: "Hera",
        to: "a@example.test",
        code: "042917",
        link: "https://x.example/l?a=1&b=2",
        validFor: "15 minutes",
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
    const email = templates.render("login_code_valid", { product: "Hera", to: "a@example.test", code: "042917", validFor: "15 minutes" });
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
        validFor: "1 minute",
        signIn: { when: hostile, device: hostile, ip: hostile, method: hostile },
      });
      expect(email.html, type).not.toContain("<script>");
      expect(email.html, type).toContain("&lt;script&gt;");
      expect(email.subject, type).not.toMatch(/[\r\n]/);
    }
  });

  it("have a notice for an address without an account and one for an address with one, each with its link and no code", () => {
    const missing = templates.render("account_missing", {
      product: "Hera",
      to: "ada@example.test",
      link: "https://hera.test/registration",
      validFor: "15 minutes",
    });
    expect(missing.subject).toBe("No Hera account for this address yet");
    expect(missing.text).toContain("https://hera.test/registration");
    expect(missing.html).toContain('href="https://hera.test/registration"');
    const exists = templates.render("account_exists", { product: "Hera", to: "ada@example.test", link: "https://hera.test/login", validFor: "15 minutes" });
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
      validFor: "15 minutes",
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

describe("durationInWords", () => {
  it("says Kratos's durations as a person would", () => {
    expect(durationInWords("15m")).toBe("15 minutes");
    expect(durationInWords("1m")).toBe("1 minute");
    expect(durationInWords("5s")).toBe("5 seconds");
    expect(durationInWords("1h")).toBe("1 hour");
    expect(durationInWords("1h30m")).toBe("90 minutes");
    expect(() => durationInWords("soon")).toThrow();
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
