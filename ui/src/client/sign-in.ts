import "@ory/elements-react/theme/styles.css";
import "../styles/hera.css";
import type { SignInPageData } from "../flow-card/SignInCard";

/**
 * The sign-in and sign-up pages' email and code steps: the first page most people see,
 * often on a phone in a mail app's browser. The server's form works without scripts (each
 * step is a plain POST the gate reads), so this page does not download Ory Elements and
 * React to hydrate it (750 kB); this script adds only what a form cannot do alone: the
 * sixth digit submits, "Resend code" counts down, a submission cannot go twice, and a
 * passkey starts from Kratos's own WebAuthn script. The account page and the second-factor
 * step hydrate Elements (elements.tsx).
 */
const host = document.getElementById("hera-card");
const data = document.getElementById("hera-flow");
if (host && data?.textContent) {
  const { resendAvailableAt, triggers } = JSON.parse(data.textContent) as SignInPageData;
  submitOnce(host);
  submitOnSixthDigit(host);
  countDownResend(host, resendAvailableAt);
  startWebAuthn(host, triggers);
  // From here on the page is live; the end-to-end tests wait for this before they type.
  host.setAttribute("data-live", "true");
}

/**
 * A second press while the first submission is on its way would spend a code attempt, and a
 * passkey's second answer (the address field's autofill and the button, both answered)
 * would reach Kratos after the first had used the flow's challenge: Kratos then fails the
 * flow. Kratos's WebAuthn script submits with form.submit(), which fires no submit event.
 */
function submitOnce(host: HTMLElement): void {
  for (const form of host.querySelectorAll("form")) {
    const submit = form.submit.bind(form);
    form.submit = () => {
      if (form.dataset.submitting) return;
      form.dataset.submitting = "true";
      submit();
    };
  }
  host.addEventListener("submit", (event) => {
    const form = event.target as HTMLFormElement;
    if (form.dataset.submitting) return event.preventDefault();
    form.dataset.submitting = "true";
    const button = event.submitter instanceof HTMLButtonElement ? event.submitter : undefined;
    button?.setAttribute("data-loading", "true");
  });
  // Back from the next page (the browser's cache restores this one as it was left).
  window.addEventListener("pageshow", () => {
    for (const form of host.querySelectorAll("form")) delete form.dataset.submitting;
    for (const button of host.querySelectorAll("[data-loading]")) button.removeAttribute("data-loading");
  });
}

/**
 * One field holds the code, so paste and the phone's code autofill both work; the sixth
 * digit presses Continue. A link's code, filled in by the server, goes at once.
 */
function submitOnSixthDigit(host: HTMLElement): void {
  const field = host.querySelector<HTMLInputElement>('input[name="code"]');
  const button = field?.form?.querySelector<HTMLButtonElement>('button[name="method"][value="code"]');
  if (!field || !button) return;
  let sent: string | undefined;
  const submitIfComplete = () => {
    const code = field.value.trim();
    if (!/^[0-9]{6}$/.test(code) || code === sent || button.disabled) return;
    sent = code;
    button.click();
  };
  field.addEventListener("input", submitIfComplete);
  if (host.dataset.submitCode === "true") submitIfComplete();
}

/**
 * "Resend code" waits, with a visible countdown, for as long as the server will refuse it.
 * The countdown is outside the button's accessible name (parts.tsx), so a screen reader
 * hears "Resend code, dimmed" once, not a number every second. The page's language says
 * the seconds (the platform's Intl: its digits, its unit).
 */
function countDownResend(host: HTMLElement, until: number | undefined): void {
  const button = host.querySelector<HTMLButtonElement>('[data-testid="hera/resend"]');
  const countdown = button?.querySelector<HTMLElement>(".hera-countdown");
  if (!button || !countdown || !until) return;
  const seconds = new Intl.NumberFormat(document.documentElement.lang || undefined, { style: "unit", unit: "second", unitDisplay: "narrow" });
  const show = () => {
    const left = Math.max(0, Math.ceil((until - Date.now()) / 1000));
    button.disabled = left > 0;
    countdown.textContent = left > 0 ? `\u00a0(${seconds.format(left)})` : "";
    if (left === 0) clearInterval(timer);
  };
  const timer = setInterval(show, 250);
  show();
}

/**
 * Passkeys: Kratos's flow names the functions of its WebAuthn script
 * (the card carries the script) to run when the page loads and when a button is pressed;
 * each ends in a plain form submission.
 */
function startWebAuthn(host: HTMLElement, triggers: SignInPageData["triggers"]): void {
  const loaded = new Set<string>();
  for (const { name, onclickTrigger, onloadTrigger } of triggers) {
    // Once each: a second passkey autofill would cancel the first.
    if (onloadTrigger && !loaded.has(onloadTrigger)) {
      loaded.add(onloadTrigger);
      whenDefined(onloadTrigger);
    }
    if (onclickTrigger) {
      host.querySelector(`[name="${CSS.escape(name)}"]`)?.addEventListener("click", (event) => {
        event.preventDefault();
        whenDefined(onclickTrigger);
      });
    }
  }
}

/** Calls window[name] once Kratos's script has defined it (it may still be loading). */
function whenDefined(name: string, triesLeft = 100): void {
  const fn = (window as unknown as Record<string, unknown>)[name];
  if (typeof fn === "function") return void fn();
  if (triesLeft > 0) setTimeout(() => whenDefined(name, triesLeft - 1), 100);
}
