import type { Request, RequestHandler, Response } from "express";
import type { z } from "zod";
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

/**
 * What Kratos posted, as `schema` reads it; otherwise undefined, once a 400 naming each
 * problem has answered (Kratos logs it, and the courier keeps the message).
 */
export function bodyOf<S extends z.ZodType>(schema: S, req: Request, res: Response, error: string): z.output<S> | undefined {
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  res.status(400).json({ error, problems: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`) });
  return undefined;
}
