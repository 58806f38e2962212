import { randomBytes } from "node:crypto";
import { request as playwrightRequest, expect, type APIRequestContext } from "@playwright/test";

/** What the suite needs of a flow as Kratos's JSON gives it. */
export type FlowJson = { id: string; state: string; ui: { nodes: { attributes: { name: string; value?: unknown } }[] } };

/** Creates an identity for `email` straight through Kratos's admin API (no email sent). */
export async function createIdentity(kratosAdmin: string, email: string): Promise<void> {
  const res = await fetch(`${kratosAdmin}/admin/identities`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ schema_id: "person", traits: { email } }),
  });
  expect(res.status, `creating ${email}: ${res.status === 201 ? "" : await res.text()}`).toBe(201);
}

/** Two addresses of the same length (so even Content-Length must match), one with an account. */
export async function addressPair(kratosAdmin: string): Promise<{ known: string; unknown: string }> {
  const tag = randomBytes(5).toString("hex");
  const known = `known-${tag}@example.test`;
  await createIdentity(kratosAdmin, known);
  return { known, unknown: `nokno-${tag}@example.test` };
}

/** The value of a flow's field, if it has one. */
export function valueOf(flow: FlowJson, name: string): string | undefined {
  const value = flow.ui.nodes.find((n) => n.attributes.name === name)?.attributes.value;
  return typeof value === "string" ? value : undefined;
}

/**
 * A client of its own (its own cookies, as a fresh browser has) with a new flow started
 * through the origin, as JSON: a browser flow (with its CSRF token) or an API flow.
 */
export async function startFlow(origin: string, kind: "login" | "registration", as: "browser" | "api" = "browser", ctx?: APIRequestContext) {
  const client = ctx ?? (await playwrightRequest.newContext());
  const flow = (await (await client.get(`${origin}/self-service/${kind}/${as}`, { headers: { Accept: "application/json" } })).json()) as FlowJson;
  return { ctx: client, flow, csrf: valueOf(flow, "csrf_token") ?? "" };
}
