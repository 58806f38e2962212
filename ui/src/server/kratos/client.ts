import { Configuration, FrontendApi, IdentityApi, ResponseError } from "@ory/client-fetch";
import type { Request } from "express";
import { parse as parseCookies } from "cookie";
import { Agent, request } from "undici";
import type { FlowKind } from "../gate/parse";
import type { KratosRequest } from "../gate/request";
import { unavailable } from "./refusals";

/**
 * Every call Hera makes to Kratos starts here: one SDK (@ory/client-fetch, the one Ory
 * Elements uses) for the public API with the browser's cookies and for the admin API, and
 * the gate's submission, which Hera writes itself (act.ts) because it must choose every
 * byte Kratos reads.
 */
export type Kratos = {
  frontend: FrontendApi;
  identities: IdentityApi;
  publicUrl: string;
  /** A sign-in or sign-up flow as Kratos's JSON, with the status Kratos answered. */
  readFlow(kind: FlowKind, id: string, forwarded: Forwarded): Promise<KratosAnswer>;
  /** A submission Hera wrote (gate/request.ts); redirects are returned, not followed. */
  submitFlow(request: KratosRequest, forwarded: Forwarded): Promise<KratosAnswer>;
};

/** What of the caller Hera passes to Kratos: its Kratos cookies, its address and its browser. */
export type Forwarded = { cookie?: string; clientIp?: string; userAgent?: string };

/** Kratos's answer as the gate hands it on: status, the headers that matter, the body. */
export type KratosAnswer = { status: number; location?: string; setCookie: string[]; contentType?: string; text: string };

export function createKratos(publicUrl: string, adminUrl: string): Kratos {
  // Kratos answers a browser flow's creation with a redirect unless JSON is asked for, and
  // the SDK does not ask by itself.
  const json = { Accept: "application/json" };
  const frontend = new FrontendApi(new Configuration({ basePath: publicUrl, headers: json }));
  return {
    frontend,
    identities: new IdentityApi(new Configuration({ basePath: adminUrl, headers: json })),
    publicUrl,
    async readFlow(kind, id, forwarded) {
      const url = new URL(`/self-service/${kind}/flows`, publicUrl);
      url.searchParams.set("id", id);
      return reach(url, { method: "GET", headers: { accept: "application/json", ...headersOf(forwarded) } });
    },
    async submitFlow(request, forwarded) {
      const url = new URL(`${request.path}?${request.query}`, publicUrl);
      const headers = { "content-type": request.contentType, accept: request.accept, ...headersOf(forwarded) };
      return reach(url, { method: "POST", headers, body: request.body });
    },
  };
}

/**
 * Hera's own calls to Kratos (a flow read for every page, two of the three calls of a
 * sign-up) go through undici's request API on kept-alive connections: Node's fetch is the
 * same undici behind web streams and WHATWG objects, which cost Hera more CPU per call than
 * the rest of a page (make bench --profile). Redirects are returned, never followed.
 */
const connections = new Agent({ keepAliveTimeout: 30_000 });

/** A Kratos that does not answer (restarting, say) is "try again shortly" (503), not Hera's fault. */
async function reach(url: URL, init: { method: "GET" | "POST"; headers: Record<string, string>; body?: string }): Promise<KratosAnswer> {
  try {
    const res = await request(url, { ...init, dispatcher: connections });
    const header = (name: string) => {
      const value = res.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const setCookie = res.headers["set-cookie"];
    return {
      status: res.statusCode,
      location: header("location"),
      setCookie: setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie],
      contentType: header("content-type"),
      text: await res.body.text(),
    };
  } catch (err) {
    throw unavailable(err);
  }
}

/**
 * Kratos's cookies are its CSRF cookie (`csrf_token…`) and its session; Hera's own and
 * any other cookie of the site stay out of Kratos's requests. The session cookie's name is
 * Kratos's default; kratos.yml does not change it.
 */
const sessionCookie = "ory_kratos_session";
const isKratosCookie = (name: string) => name === sessionCookie || name.startsWith("csrf_token");

/** RFC 6265's cookie-octet: what a cookie value may hold without quoting. */
const cookieOctets = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

/**
 * The browser's Kratos cookies, re-written as Hera read them: values as sent (not
 * decoded), of a name given twice the first (as Go reads it), and nothing malformed.
 */
export function kratosCookies(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const cookies = parseCookies(header, { decode: (v) => v });
  const kept = Object.entries(cookies)
    .filter(([name, value]) => isKratosCookie(name) && value !== undefined && cookieOctets.test(value))
    .map(([name, value]) => `${name}=${value}`);
  return kept.length ? kept.join("; ") : undefined;
}

/**
 * Kratos records a session's IP address from True-Client-IP and its device from the
 * User-Agent (sign-in alerts, the sessions list). Caddy sets True-Client-IP to the client
 * it sees; Hera passes that one value on.
 */
function headersOf(forwarded: Forwarded): Record<string, string> {
  const out: Record<string, string> = {};
  if (forwarded.cookie) out.cookie = forwarded.cookie;
  if (forwarded.clientIp) out["true-client-ip"] = forwarded.clientIp;
  if (forwarded.userAgent) out["user-agent"] = forwarded.userAgent.slice(0, 512);
  return out;
}

/** The caller as Kratos should see it: Kratos's cookies, the client's address, its browser. */
export function forwardedFrom(req: Request): Forwarded {
  return { cookie: kratosCookies(req.header("cookie")), clientIp: req.header("true-client-ip") ?? req.ip, userAgent: req.header("user-agent") };
}

/** The browser's Kratos cookies for an SDK call. */
export function cookiesOf(req: Request): string | undefined {
  return kratosCookies(req.header("cookie"));
}

export { ResponseError };
