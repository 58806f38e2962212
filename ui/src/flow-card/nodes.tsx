import type { OryNodeButtonProps, OryNodeInputProps } from "@ory/elements-react";
import { useHydrated } from "./hydration";

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

export function HeraInput({ node, inputProps }: OryNodeInputProps) {
  const hydrated = useHydrated();
  const { onClick, ...props } = inputProps;
  const disabled = Boolean(node.attributes.disabled || (hydrated && inputProps.disabled));
  if (node.attributes.type === "hidden") {
    return <input {...props} type="hidden" disabled={disabled} />;
  }
  const email = emailFields.has(node.attributes.name);
  return (
    <input {...props} onClick={onClick} {...(email ? addressField : { className: "hera-input" })} disabled={disabled} required={node.attributes.required} />
  );
}

/** The one-time code in Elements' cards (the sign-in card's own is SignInCard.tsx). */
export function HeraCodeInput({ node, inputProps }: OryNodeInputProps) {
  const { onClick, ...props } = inputProps;
  return (
    <input
      {...props}
      onClick={onClick}
      {...codeField}
      disabled={Boolean(node.attributes.disabled)}
      maxLength={props.maxLength ?? 6}
      required={node.attributes.required}
    />
  );
}

export function HeraButton({ node, buttonProps, isSubmitting }: OryNodeButtonProps) {
  const hydrated = useHydrated();
  const disabled = Boolean(node.attributes.disabled || (hydrated && buttonProps.disabled));
  // The email code is the primary way in; resending and other methods are secondary.
  const secondary = node.attributes.name === "resend" || node.attributes.name === "screen" || node.group === "passkey" || node.group === "webauthn";
  return (
    <button
      {...buttonProps}
      disabled={disabled}
      className={secondary ? "hera-button hera-button-secondary" : "hera-button"}
      data-loading={isSubmitting ? "true" : undefined}
    >
      {node.meta.label?.text ?? "Continue"}
    </button>
  );
}
