/** Hera's message id for "wait before asking for another code" (outside Kratos's ranges). */
export const resendTooSoonId = 9_060_001;

/** The flow message for a resend inside the wait, in Kratos's UiText shape. */
export function resendTooSoon(seconds: number) {
  return { id: resendTooSoonId, type: "error" as const, text: `Please wait ${seconds} seconds before asking for another code.`, context: { seconds_left: seconds } };
}
