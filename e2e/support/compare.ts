import type { APIResponse } from "@playwright/test";

/**
 * What an outsider learns from a response, with the values every request has its own of
 * masked (ids, tokens, times, the address itself), so two responses can be compared whole:
 * the enumeration tests require them equal for an address with an account and one without.
 */
export type Seen = { status: number; headers: string[]; body: string };

/** Masks one probe's own values: its flow id, CSRF token and address, and any time. */
export function masker(values: { flowId?: string; csrf?: string; email: string }): (s: string) => string {
  return (s) => {
    let out = s;
    for (const [value, name] of [
      [values.flowId, "<flow>"],
      [values.csrf, "<csrf>"],
      [values.email, "<email>"],
      [values.email.toLowerCase(), "<email>"],
      [encodeURIComponent(values.email), "<email>"],
    ] as const) {
      if (value) out = out.split(value).join(name);
    }
    return out
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)/g, "<time>")
      .replace(/("name":"csrf_token","type":"hidden","value":")[^"]*"/g, '$1<csrf>"')
      .replace(/(name="csrf_token"[^>]*value=")[^"]*"/g, '$1<csrf>"')
      .replace(/"resendAvailableAt":\d+/g, '"resendAvailableAt":<time>')
      .replace(/nonce="[^"]+"/g, 'nonce="<nonce>"')
      .replace(/'nonce-[^']+'/g, "'nonce-<nonce>'");
  };
}

/** Set-Cookie lines (Playwright joins them with newlines) with their values and expiry masked. */
const cookieNames = (value: string) =>
  value
    .split("\n")
    .map((line) => line.replace(/=[^;]+/, "=<value>").replace(/Expires=[^;]+/gi, "Expires=<time>"))
    .join("\n");

/** Status, headers (but Date, Content-Length and ETag, which differ between any two) and body. */
export async function seen(res: Pick<APIResponse, "status" | "headers" | "text">, mask: (s: string) => string): Promise<Seen> {
  const headers = Object.entries(res.headers())
    .filter(([name]) => name !== "date" && name !== "content-length" && name !== "etag")
    .map(([name, value]) => `${name}: ${mask(name === "set-cookie" ? cookieNames(value) : value)}`)
    .sort();
  return { status: res.status(), headers, body: mask(await res.text()) };
}

/** Kratos's own words for "no such account" and "exists already", and Hera's decoy. */
export const tellTales = /4000035|4000007|account does not exist|exists already|decoy|hera\.invalid/;
