import type { Response } from "express";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { FlowCard, type FlowCardProps } from "../../flow-card/FlowCard";
import type { PageScript } from "../assets";

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
 * Renders a sign-in or sign-up card on the server. The email and code steps work as plain
 * forms with a small script; the second-factor step hydrates Elements, whose choice between
 * an authenticator app, a backup code and a security key happens in the browser.
 */
export function renderFlowPage(res: Response, title: string, props: FlowCardProps, options: { submitCode?: boolean } = {}): void {
  const card = renderToString(createElement(FlowCard, props));
  const script: PageScript = props.flowType === "login" && props.flow.requested_aal === "aal2" ? "elements" : "signIn";
  res.render("flow", { title, card, props: jsonForScript(props), script, submitCode: options.submitCode });
}
