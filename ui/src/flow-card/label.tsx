import { useComponents, useOryFlow, useResendCode, type OryNodeLabelProps } from "@ory/elements-react";
import type { UiText } from "@ory/client-fetch";
import { useEffect, useState } from "react";
import { useHeraFlow } from "./context";
import { useHydrated } from "./hydration";

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
 * "Resend code", held back with a visible countdown until the flow may ask again (Hera's
 * server enforces the same wait). A real submit button, so it works without scripts.
 */
function ResendButton() {
  const { resendCode } = useResendCode();
  const { resendAvailableAt, resendCooldownSeconds = 60 } = useHeraFlow();
  const hydrated = useHydrated();
  // Mounted by the server's HTML, the server says when; mounted later, in the browser,
  // it appears because a code was just sent, so the wait starts now.
  const [until, setUntil] = useState(() => resendAvailableAt ?? (hydrated ? Date.now() + resendCooldownSeconds * 1000 : undefined));
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [until]);
  // The server's HTML shows the plain button; the countdown starts once scripts run.
  const left = hydrated && until ? Math.max(0, Math.ceil((until - now) / 1000)) : 0;
  return (
    <>
      <input type="hidden" name="method" value="code" />
      <button
        type="submit"
        name="resend"
        value="code"
        className="hera-link-button"
        data-testid="hera/resend"
        disabled={left > 0}
        onClick={(event) => {
          if (!hydrated) return;
          event.preventDefault();
          setUntil(Date.now() + resendCooldownSeconds * 1000);
          setNow(Date.now());
          resendCode();
        }}
      >
        {left > 0 ? `Resend code in ${left} s` : "Resend code"}
      </button>
    </>
  );
}
