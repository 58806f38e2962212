import { useComponents, useOryFlow, useResendCode, type OryNodeLabelProps } from "@ory/elements-react";
import type { UiText } from "@ory/client-fetch";
import { DifferentEmail, ResendButton } from "./parts";
import { ElementsWords, useKratosText } from "./elements-words";

/** A field's label, its messages, and, on the code field, the resend button. */
export function HeraLabel({ node, attributes, children, fieldError }: OryNodeLabelProps) {
  const { Message } = useComponents();
  const { flowType } = useOryFlow();
  const { resendCodeNode } = useResendCode();
  const label = node.meta.label;
  const say = useKratosText();
  const resend = resendCodeNode?.attributes.node_type === "input" && attributes.name === "code";
  return (
    <ElementsWords>
      <div className="hera-field">
        {label && (
          <span className="hera-label-row">
            <label htmlFor={attributes.name} data-testid={`ory/form/node/input/label/${attributes.name}`}>
              {say(label)}
            </label>
            {resend && <ResendButton />}
          </span>
        )}
        {children}
        {resend && <DifferentEmail flowType={flowType} />}
        {node.messages.map((message) => (
          <Message.Content key={message.id} message={message} />
        ))}
        {isUiText(fieldError) && <Message.Content message={fieldError} />}
      </div>
    </ElementsWords>
  );
}

function isUiText(value: unknown): value is UiText {
  return typeof value === "object" && value !== null && "id" in value && "text" in value;
}
