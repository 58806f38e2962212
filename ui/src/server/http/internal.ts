import type { RequestHandler } from "express";
import { timingSafeEqual } from "node:crypto";

/**
 * Guards an endpoint only Kratos calls (the courier, the after-login hook): the request
 * must carry `Authorization: Bearer <secret>`, compared in constant time. Caddy never
 * routes /internal/ from the origin; this is the second lock.
 */
export function requireBearer(secret: string, what: string): RequestHandler {
  const expected = Buffer.from(`Bearer ${secret}`);
  return (req, res, next) => {
    const given = Buffer.from(req.header("authorization") ?? "");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(401).json({ error: "unauthorized", message: `A valid ${what} secret is required.` });
      return;
    }
    next();
  };
}
