/** Hera's message id for "wait before asking for another code" (outside Kratos's ranges). */
export const resendTooSoonId = 9_060_001;

/** The flow message for a resend inside the wait, in Kratos's UiText shape. */
export function resendTooSoon(seconds: number) {
  return {
    id: resendTooSoonId,
    type: "error" as const,
    text: `Please wait ${seconds} seconds before asking for another code.`,
    context: { seconds_left: seconds },
  };
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
export const tooManyWrongCodes = {
  id: 4_000_001,
  type: "error" as const,
  text: "The request was submitted too often. Please request another code.",
  context: {},
};

/** Hera's message for a code from an older email: only the newest email's code works. */
export const superseded = {
  id: 9_060_003,
  type: "error" as const,
  text: "We sent a newer email since then, and only its code works. Use the code in the newest email.",
  context: {},
};

/** A step the flow does not offer in its state (a code before any was sent, a second address). */
export const notOfferedNow = {
  id: 9_060_004,
  type: "error" as const,
  text: "That step is not open for this sign-in right now. Follow the form as it is shown.",
  context: {},
};

/** A flow that has already signed someone in. */
export const flowFinished = { id: 9_060_005, type: "error" as const, text: "This sign-in is already complete. Start again to sign in once more.", context: {} };

/**
 * What the person reads when the gate refused a submission, by its reason: in the flow a
 * JSON client gets back, and on the page a plain form is sent back to (`?refused=`).
 */
export function refusalMessage(refused: string, waitSeconds: number) {
  switch (refused) {
    case "resend_wait":
      return waitSeconds > 0 ? resendTooSoon(waitSeconds) : undefined;
    case "invalid_address":
      return invalidAddress();
    case "spent":
      return tooManyWrongCodes;
    case "superseded":
      return superseded;
    case "not_offered_now":
    case "no_code_sent":
      return notOfferedNow;
    case "flow_finished":
      return flowFinished;
  }
  return undefined;
}
