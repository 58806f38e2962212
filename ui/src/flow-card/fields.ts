// The address and code fields of both cards (SignInCard, and Elements' through nodes.tsx).
// Nothing of Ory Elements here: the sign-in card does not load it.

/** Fields that hold an email address, whatever flow they are in. */
export const emailFields = new Set(["identifier", "traits.email", "email"]);

/** An address field on both cards: the phone's email keyboard, no capitals, no spelling fixes. */
export const addressField = {
  className: "hera-input",
  type: "email",
  inputMode: "email",
  autoComplete: "email username",
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
  placeholder: "123456",
} as const;
