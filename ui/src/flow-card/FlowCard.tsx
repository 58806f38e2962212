import type { OryClientConfiguration, OryFlowComponentOverrides } from "@ory/elements-react";
import { Login, Registration, Settings } from "@ory/elements-react/theme";
import type { LoginFlow, RegistrationFlow, SettingsFlow } from "@ory/client-fetch";
import { HeraButton, HeraCodeInput, HeraInput } from "./nodes";
import { HeraMessage } from "./messages";
import { HeraLabel } from "./label";
import { HeraText } from "./text";

/** What Hera's server knows about a flow beyond Kratos's flow object (for the page's script). */
export type HeraFlowState = {
  /** When the flow may ask for another code (epoch ms); unset when it may now. */
  resendAvailableAt?: number;
};

/** What the server renders and the page's script reads: the same props on both sides. */
export type FlowCardProps = (
  | { flowType: "login"; flow: LoginFlow; config: OryClientConfiguration }
  | { flowType: "registration"; flow: RegistrationFlow; config: OryClientConfiguration }
  | { flowType: "settings"; flow: SettingsFlow; config: OryClientConfiguration }
) & { hera?: HeraFlowState };

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

/** Elements' configuration for Hera: every URL on the one origin. */
export function elementsConfig(origin: string, productName: string): OryClientConfiguration {
  const at = (path: string) => new URL(path, origin).toString();
  return {
    sdk: { url: origin.replace(/\/$/, "") },
    project: {
      name: productName,
      default_redirect_url: at("/welcome"),
      error_ui_url: at("/error"),
      login_ui_url: at("/login"),
      registration_enabled: true,
      registration_ui_url: at("/registration"),
      recovery_enabled: false,
      recovery_ui_url: at("/recovery"),
      verification_enabled: false,
      verification_ui_url: at("/verification"),
      settings_ui_url: at("/settings"),
      hide_ory_branding: true,
    },
  };
}
