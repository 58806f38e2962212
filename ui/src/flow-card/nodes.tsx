import type { OryNodeButtonProps, OryNodeInputProps } from "@ory/elements-react";
import { useHydrated } from "./hydration";
import { useKratosText } from "./elements-words";
import { addressAutocomplete, addressField, codeField, emailFields } from "./fields";

export function HeraInput({ node, inputProps }: OryNodeInputProps) {
  const hydrated = useHydrated();
  const { onClick, ...props } = inputProps;
  const disabled = Boolean(node.attributes.disabled || (hydrated && inputProps.disabled));
  if (node.attributes.type === "hidden") {
    return <input {...props} type="hidden" disabled={disabled} />;
  }
  const email = emailFields.has(node.attributes.name);
  return (
    <input
      {...props}
      onClick={onClick}
      {...(email ? { ...addressField, autoComplete: addressAutocomplete(node.attributes.autocomplete) } : { className: "hera-input" })}
      disabled={disabled}
      required={node.attributes.required}
    />
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
  const say = useKratosText();
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
      {node.meta.label ? say(node.meta.label) : say({ id: 1070009, text: "Continue", type: "info" })}
    </button>
  );
}
