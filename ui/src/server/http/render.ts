import type { Response } from "express";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import type { FlowCardProps } from "../../flow-card/FlowCard";
import { SignInCard, signInPageData } from "../../flow-card/SignInCard";
import type { PageScript } from "../assets";
import { textOf } from "./language";

/**
 * Serialises props for the page's JSON data block; `<` is escaped so no value (a trait,
 * a message) can close the script element.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * Ory Elements' card, server-rendered for hydration (the account page, the second-factor
 * step). Loaded on the first such page: a Hera that only signs people in never holds
 * Elements, its forms and its message catalogue in memory.
 */
export async function renderElementsCard(props: FlowCardProps): Promise<string> {
  const { FlowCard } = await import("../../flow-card/FlowCard");
  return renderToString(createElement(FlowCard, props));
}

/**
 * Renders a sign-in or sign-up card on the server. The email and code steps are Hera's own
 * plain form with a small script (SignInCard); the second-factor step hydrates Elements,
 * whose choice between an authenticator app, a backup code and a security key happens in
 * the browser.
 */
export async function renderFlowPage(
  res: Response,
  title: string,
  props: FlowCardProps,
  options: { submitCode?: boolean; /** When the flow may ask for another code (epoch ms). */ resendAvailableAt?: number } = {},
): Promise<void> {
  if (props.flowType === "settings" || (props.flowType === "login" && props.flow.requested_aal === "aal2")) {
    const card = await renderElementsCard(props);
    res.render("flow", { title, card, data: jsonForScript(props), script: "elements" satisfies PageScript });
    return;
  }
  const card = renderToString(
    createElement(SignInCard, { flowType: props.flowType, flow: props.flow, productName: props.config.project.name, text: textOf(res) }),
  );
  const data = jsonForScript(signInPageData(props.flow, options.resendAvailableAt));
  res.render("flow", { title, card, data, script: "signIn" satisfies PageScript, submitCode: options.submitCode });
}
