/** Hera's message id for "wait before asking for another code" (outside Kratos's ranges). */
export const resendTooSoonId = 9_060_001;

/** The flow message for a resend inside the wait, in Kratos's UiText shape. */
export function resendTooSoon(seconds: number) {
  return { id: resendTooSoonId, type: "error" as const, text: `Please wait ${seconds} seconds before asking for another code.`, context: { seconds_left: seconds } };
}

/** Hera's message id for "that is not an email address". */
export const invalidAddressId = 9_060_002;

/** The flow message for an address Hera refuses before anything is looked up or sent. */
export function invalidAddress() {
  return { id: invalidAddressId, type: "error" as const, text: "Enter a valid email address, like name@example.com.", context: {} };
}

/**
 * A flow's code is spent: Kratos's own message for it (id and text), which the flow card
 * turns into "too many wrong codes" with a button for a new code.
 */
export const tooManyWrongCodes = { id: 4_000_001, type: "error" as const, text: "The request was submitted too often. Please request another code.", context: {} };
