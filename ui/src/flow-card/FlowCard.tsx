import type { OryClientConfiguration, OryFlowComponentOverrides } from "@ory/elements-react";
import { Login, Registration, Settings } from "@ory/elements-react/theme";
import type { LoginFlow, RegistrationFlow, SettingsFlow } from "@ory/client-fetch";
import { HeraButton, HeraCodeInput, HeraInput } from "./nodes";
import { HeraMessage } from "./messages";
import { HeraLabel } from "./label";
import { HeraText } from "./text";

/** What the server renders and the page's script reads: the same props on both sides. */
export type FlowCardProps =
  | { flowType: "login"; flow: LoginFlow; config: OryClientConfiguration }
  | { flowType: "registration"; flow: RegistrationFlow; config: OryClientConfiguration }
  | { flowType: "settings"; flow: SettingsFlow; config: OryClientConfiguration };

const components: OryFlowComponentOverrides = {
  Node: { Input: HeraInput, CodeInput: HeraCodeInput, Button: HeraButton, Label: HeraLabel, Text: HeraText },
  Message: { Content: HeraMessage },
  // Elements' settings header (logo, account menu, "Back") repeated Hera's own account
  // panel above it, which names the product and the address and leads back.
  Page: { Header: () => null },
};

export function FlowCard(props: FlowCardProps) {
  switch (props.flowType) {
    case "login":
      return <Login flow={props.flow} config={props.config} components={components} />;
    case "registration":
      return <Registration flow={props.flow} config={props.config} components={components} />;
    case "settings":
      return <Settings flow={props.flow} config={props.config} components={components} />;
  }
}
