import { useComponents, useOryFlow, useResendCode, type OryNodeLabelProps } from "@ory/elements-react";
import type { UiText } from "@ory/client-fetch";

/** A field's label, its messages, and, on the code field, the resend button. */
export function HeraLabel({ node, attributes, children, fieldError }: OryNodeLabelProps) {
  const { Message } = useComponents();
  const { resendCodeNode } = useResendCode();
  const label = node.meta.label;
  const resend = resendCodeNode?.attributes.node_type === "input" && attributes.name === "code";
  return (
    <div className="hera-field">
      {label && (
        <span className="hera-label-row">
          <label htmlFor={attributes.name} data-testid={`ory/form/node/input/label/${attributes.name}`}>
            {label.text}
          </label>
          {resend && <ResendButton />}
        </span>
      )}
      {children}
      {resend && <DifferentEmail />}
      {node.messages.map((message) => (
        <Message.Content key={message.id} message={message} />
      ))}
      {isUiText(fieldError) && <Message.Content message={fieldError} />}
    </div>
  );
}

/** Back to the first step with a fresh flow, for a mistyped or wrong address. */
function DifferentEmail() {
  const { flowType } = useOryFlow();
  return (
    <a className="hera-small-link" href={flowType === "registration" ? "/registration" : "/login"} data-testid="hera/different-email">
      Use a different email
    </a>
  );
}

function isUiText(value: unknown): value is UiText {
  return typeof value === "object" && value !== null && "id" in value && "text" in value;
}

/**
 * "Resend code": a real submit button, so it works without scripts. The sign-in pages'
 * script (client/sign-in.ts) holds it back with a countdown while the server would refuse.
 */
function ResendButton() {
  return (
    <>
      <input type="hidden" name="method" value="code" />
      <button type="submit" name="resend" value="code" className="hera-link-button" data-testid="hera/resend">
        Resend code
      </button>
    </>
  );
}
