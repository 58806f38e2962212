import "@ory/elements-react/theme/styles.css";
import "../styles/hera.css";
import { useEffect, type ReactNode } from "react";
import { hydrateRoot } from "react-dom/client";
import { FlowCard, type FlowCardProps } from "../flow-card/FlowCard";

// The server rendered the card from these props; hydrating with the same ones turns the
// plain form into the live one (inline validation, no full page reloads).
const host = document.getElementById("hera-card");
const data = document.getElementById("hera-flow");
if (host && data?.textContent) {
  const props = JSON.parse(data.textContent) as FlowCardProps;
  const onLive = host.dataset.submitCode === "true" ? () => submitWhenReady(host) : undefined;
  hydrateRoot(
    host,
    <Live onLive={onLive}>
      <FlowCard {...props} />
    </Live>,
  );
}

/** Calls onLive once React has taken over the server's HTML (after the card's own effects). */
function Live({ children, onLive }: { children: ReactNode; onLive?: () => void }) {
  useEffect(() => onLive?.(), [onLive]);
  return children;
}

/**
 * A sign-in link opened in the browser that asked for it: the code is already in the
 * field, so press Continue for the person as soon as the form is live.
 */
function submitWhenReady(host: HTMLElement, triesLeft = 100) {
  const button = host.querySelector<HTMLButtonElement>('button[name="method"][value="code"]');
  if (button && !button.disabled && host.querySelector("form")) {
    button.click();
    return;
  }
  if (triesLeft > 0) setTimeout(() => submitWhenReady(host, triesLeft - 1), 50);
}
