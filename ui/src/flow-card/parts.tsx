import type { UiNode, UiText } from "@ory/client-fetch";
import type { ReactNode } from "react";
import { useSay } from "./words";

// What both cards show the same way (SignInCard, and FlowCard's Elements through
// messages.tsx and label.tsx): Hera's words where Kratos's would mislead, and the code
// field's companions. No Ory Elements here: the sign-in card does not load it.

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

/** Hera's own notice for a flow message whose Kratos words would mislead, if it is one; both cards ask here first. */
export function noticeFor(message: UiText, flowType: "login" | "registration", flow: { id: string; ui: { nodes: UiNode[] } }): ReactNode | undefined {
  if (isTooManyAttempts(message)) return <TooManyAttempts flowType={flowType} flow={flow} />;
  if (isExpired(message)) return <Expired />;
  return undefined;
}

export function Expired() {
  const say = useSay();
  return (
    <p className="hera-message hera-message-error" role="alert" data-testid="hera/message/expired">
      {say("card.expired")}
    </p>
  );
}

/** A spent flow's way on: a new flow and a new code for the same address, in one press. */
export function TooManyAttempts({ flowType: kind, flow }: { flowType: "login" | "registration"; flow: { id: string; ui: { nodes: UiNode[] } } }) {
  const valueOf = (name: string) => {
    const node = flow.ui.nodes.find((n) => "name" in n.attributes && n.attributes.name === name);
    return node && "value" in node.attributes && typeof node.attributes.value === "string" ? node.attributes.value : undefined;
  };
  const addressField = kind === "login" ? "identifier" : "traits.email";
  const address = valueOf(addressField);
  const say = useSay();
  return (
    <div className="hera-message" role="alert" data-testid="hera/message/too-many-attempts">
      <p className="hera-message-error">{say("card.too_many")}</p>
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
            {say("card.new_code")}
          </button>
        </form>
      ) : (
        <a className="hera-button" href={`/${kind}`}>
          {say("card.start_again")}
        </a>
      )}
    </div>
  );
}

/** Back to the first step with a fresh flow, for a mistyped or wrong address. */
export function DifferentEmail({ flowType }: { flowType: string }) {
  const say = useSay();
  return (
    <a className="hera-small-link" href={flowType === "registration" ? "/registration" : "/login"} data-testid="hera/different-email">
      {say("card.different_email")}
    </a>
  );
}

/**
 * "Resend code": a real submit button, so it works without scripts. The sign-in page's
 * script (client/sign-in.ts) holds it back with a countdown while the server would refuse.
 */
export function ResendButton() {
  const say = useSay();
  return (
    <>
      <input type="hidden" name="method" value="code" />
      <button type="submit" name="resend" value="code" className="hera-link-button" data-testid="hera/resend">
        {say("card.resend")}
        {/* The countdown, outside the button's accessible name: a screen reader is not told every second. */}
        <span className="hera-countdown" aria-hidden="true" data-testid="hera/resend/countdown" />
      </button>
    </>
  );
}
