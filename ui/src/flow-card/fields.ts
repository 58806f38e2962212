// The address and code fields of both cards (SignInCard, and Elements' through nodes.tsx).
// Nothing of Ory Elements here: the sign-in card does not load it.

/** Fields that hold an email address, whatever flow they are in. */
export const emailFields = new Set(["identifier", "traits.email", "email"]);

/**
 * The address field's autofill: the saved email, and where Kratos offers passkeys on it
 * (its "webauthn" token), the passkeys too. One field name only: "email username" is not
 * a valid autocomplete value, and assistive technology may ignore an invalid one.
 */
export function addressAutocomplete(kratos: string | undefined): string {
  return kratos?.split(/\s+/).includes("webauthn") ? "email webauthn" : "email";
}

/** An address field on both cards: the phone's email keyboard, no capitals, no spelling fixes. */
export const addressField = {
  className: "hera-input",
  type: "email",
  inputMode: "email",
  autoComplete: "email",
  // An address reads left to right on a right-to-left page too.
  dir: "ltr",
  autoCapitalize: "none",
  spellCheck: false,
  placeholder: "you@example.com",
} as const;

/** The one-time code on both cards: one field, so paste and the phone's code autofill both work. */
export const codeField = {
  className: "hera-input hera-code-input",
  type: "text",
  inputMode: "numeric",
  pattern: "[0-9]*",
  autoComplete: "one-time-code",
  dir: "ltr",
  placeholder: "123456",
} as const;
