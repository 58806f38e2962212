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
    const kind = flowType === "registration" ? "registration" : "login";
    const valueOf = (name: string) => {
      const node = flow.ui.nodes.find((n) => "name" in n.attributes && n.attributes.name === name);
      return node && "value" in node.attributes && typeof node.attributes.value === "string" ? node.attributes.value : undefined;
    };
    const addressField = kind === "login" ? "identifier" : "traits.email";
    const address = valueOf(addressField);
    return (
      <div className="hera-message" role="alert" data-testid="hera/message/too-many-attempts">
        <p className="hera-message-error">Too many wrong codes for this sign-in, so this code no longer works. Ask for a new code: we will send a new email.</p>
        {address ? (
          // A form of its own (outside the flow's form), posted even with scripts off:
          // Hera starts a new flow and sends this address a new code (routes/new-code.ts).
          // The old flow is named in the URL: the body is re-posted to the new flow as it is,
          // and the gate accepts no field it does not know.
          <form className="hera-new-code" method="post" action={`/${kind}/new-code?flow=${flow.id}`}>
            <input type="hidden" name="csrf_token" value={valueOf("csrf_token") ?? ""} />
            <input type="hidden" name={addressField} value={address} />
            <input type="hidden" name="method" value="code" />
            <button type="submit" className="hera-button">
              Send a new code
            </button>
          </form>
        ) : (
          <a className="hera-button" href={`/${kind}`}>
            Start again
          </a>
        )}
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
