import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { parse as parseCookies } from "cookie";
import type { Request, Response } from "express";
import { addressKey } from "./addresses";

/**
 * A browser that has signed in to an account before carries this signed cookie naming
 * that account's address (as a hash) and a random device id. Its code requests for that
 * address draw on an allowance of their own (limits/addresses.ts), so a stranger who
 * spends the address's allowance cannot keep the owner out. It is a soft signal: it
 * grants nothing but that allowance, and only a sign-in in this browser can earn it.
 */
export const deviceCookie = "hera_device";

/** Chrome keeps a cookie at most 400 days. */
const maxAgeMs = 400 * 24 * 3600 * 1000;
/** The accounts one browser is remembered for. */
const maxAddresses = 5;

type Payload = { d: string; a: string[] };

export class DeviceCookies {
  constructor(
    private readonly secret: string,
    private readonly secure: boolean,
  ) {}

  private mac(payload: string): Buffer {
    return createHmac("sha256", this.secret).update(`hera-device-v1.${payload}`).digest();
  }

  private read(req: Request): Payload | undefined {
    const value = parseCookies(req.header("cookie") ?? "")[deviceCookie];
    const [payload, mac] = (value ?? "").split(".");
    if (!payload || !mac) return undefined;
    const given = Buffer.from(mac, "base64url");
    const expected = this.mac(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Payload;
      return typeof parsed.d === "string" && Array.isArray(parsed.a) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  /** This browser's device id, if it has signed in to the account of this address before. */
  deviceFor(req: Request, address: string): string | undefined {
    const payload = this.read(req);
    return payload?.a.includes(addressKey(address)) ? payload.d : undefined;
  }

  /** After a sign-in with this address: the browser is remembered for it (newest first). */
  remember(req: Request, res: Response, address: string): void {
    const previous = this.read(req);
    const key = addressKey(address);
    const payload: Payload = {
      d: previous?.d ?? randomBytes(16).toString("base64url"),
      a: [key, ...(previous?.a ?? []).filter((a) => a !== key)].slice(0, maxAddresses),
    };
    const encoded = Buffer.from(JSON.stringify(payload)).toString("base64url");
    res.cookie(deviceCookie, `${encoded}.${this.mac(encoded).toString("base64url")}`, {
      httpOnly: true,
      sameSite: "lax",
      secure: this.secure,
      maxAge: maxAgeMs,
      path: "/",
    });
  }
}
