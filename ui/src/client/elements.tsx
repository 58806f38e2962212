import "@ory/elements-react/theme/styles.css";
import "../styles/hera.css";
import { useEffect, type ReactNode } from "react";
import { hydrateRoot } from "react-dom/client";
import { FlowCard, type FlowCardProps } from "../flow-card/FlowCard";

// The account page and the second-factor step: the server rendered the card from these
// props; hydrating with the same ones turns the plain forms into Ory Elements' live ones
// (the choice between second factors, authenticator setup, passkeys). The first page, the
// email and its code, stays a plain form with a small script (sign-in.ts).
const host = document.getElementById("hera-card");
const data = document.getElementById("hera-flow");
if (host && data?.textContent) {
  const props = JSON.parse(data.textContent) as FlowCardProps;
  // Marks the card live once React runs it: from then on a submit goes through JavaScript.
  const onLive = () => host.setAttribute("data-live", "true");
  hydrateRoot(
    host,
    <Live onLive={onLive}>
      <FlowCard {...props} />
    </Live>,
  );
}

/** Calls onLive once React has taken over the server's HTML (after the card's own effects). */
function Live({ children, onLive }: { children: ReactNode; onLive: () => void }) {
  useEffect(() => onLive(), [onLive]);
  return children;
}
