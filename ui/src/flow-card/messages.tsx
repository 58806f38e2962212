import { useOryFlow, type OryMessageContentProps } from "@ory/elements-react";
import { DefaultMessage } from "@ory/elements-react/theme";
import type { UiText } from "@ory/client-fetch";

/**
 * Kratos's "submitted too often" (a generic 4000001), which Hera also gives a flow after
 * its third wrong code, says "request another code", but a resend in the same flow does
 * not help: the flow stays spent. Only a new flow does, so Hera opens one with the
 * address filled in.
 */
export function isTooManyAttempts(message: Pick<UiText, "id" | "text">): boolean {
  return message.id === 4000001 && /submitted too often/i.test(message.text);
}

/** The flow (and so its code) outlived its lifespan; Kratos has already started a new one. */
export function isExpired(message: Pick<UiText, "id">): boolean {
  return message.id === 4010001 || message.id === 4040001;
}

export function HeraMessage({ message }: OryMessageContentProps) {
  const { flowType, flow } = useOryFlow();
  if (isTooManyAttempts(message)) {
    const restart = `${flowType === "registration" ? "/registration" : "/login"}?prefill=${encodeURIComponent(flow.id)}`;
    return (
      <div className="hera-message" role="alert" data-testid="hera/message/too-many-attempts">
        <p className="hera-message-error">
          Too many wrong codes for this sign-in, so this code no longer works. Ask for a new code: we will send a new
          email.
        </p>
        <a className="hera-button" href={restart}>
          Send a new code
        </a>
      </div>
    );
  }
  if (isExpired(message)) {
    return (
      <p className="hera-message hera-message-error" role="alert" data-testid="hera/message/expired">
        That code has expired. Enter your email again and we will send you a new one.
      </p>
    );
  }
  return <DefaultMessage message={message} />;
}
