import type { Response } from "express";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { FlowCard, type FlowCardProps } from "../../flow-card/FlowCard";

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

/** Renders a flow card on the server; the browser hydrates it from the same props. */
export function renderFlowPage(res: Response, title: string, props: FlowCardProps, options: { submitCode?: boolean } = {}): void {
  const card = renderToString(createElement(FlowCard, props));
  res.render("flow", { title, card, props: jsonForScript(props), hydrate: true, submitCode: options.submitCode });
}
