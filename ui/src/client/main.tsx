import "@ory/elements-react/theme/styles.css";
import "../styles/hera.css";
import { hydrateRoot } from "react-dom/client";
import { FlowCard, type FlowCardProps } from "../flow-card/FlowCard";

// The server rendered the card from these props; hydrating with the same ones turns the
// plain form into the live one (inline validation, no full page reloads).
const host = document.getElementById("hera-card");
const data = document.getElementById("hera-flow");
if (host && data?.textContent) {
  const props = JSON.parse(data.textContent) as FlowCardProps;
  hydrateRoot(host, <FlowCard {...props} />);
}
