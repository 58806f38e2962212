import type { OryClientConfiguration } from "@ory/elements-react";

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
