// @vitest-environment node
import express from "express";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Deps } from "../deps";
import type { EventData, EventType } from "../events/webhooks";
import { registerSignUp } from "./sign-up";
import { signedInData, type SignInEvent } from "./sign-in";

const hookSecret = "a-hook-secret-for-this-test";
const emitted: { type: EventType; data: EventData[EventType] }[] = [];
const logged: Record<string, unknown>[] = [];
let base: string;
let close: () => void;

beforeAll(async () => {
  const app = express();
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const deps = {
    config: { hookSecret },
    log: pino({ level: "info" }, stream),
    webhooks: { emit: (type: EventType, data: EventData[EventType]) => emitted.push({ type, data }) },
  } as unknown as Deps;
  registerSignUp(app, deps);
  const server = app.listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close?.());

// What kratos/sign-up-hook.jsonnet posts.
const signUp = { flow_id: "5a0c7f0e-2f4e-4a43-9a52-0f3b1d1e6c11", identity_id: "3139e0cf-996b-4f70-b4e3-5a47f6837c16", email: "ada@example.test" };

const post = (body: unknown, authorization = `Bearer ${hookSecret}`) =>
  fetch(`${base}/internal/sign-up`, { method: "POST", headers: { authorization, "content-type": "application/json" }, body: JSON.stringify(body) });

describe("the sign-up hook", () => {
  it("answers 202, writes the audit line without the address, and tells the operator's app", async () => {
    const res = await post(signUp);
    expect(res.status).toBe(202);
    expect(emitted).toEqual([{ type: "identity.signed_up", data: { identity_id: signUp.identity_id, email: signUp.email } }]);
    const line = logged.find((l) => l.event === "sign_up");
    expect(line).toMatchObject({ event: "sign_up", identity_id: signUp.identity_id, flow_id: signUp.flow_id });
    expect(JSON.stringify(logged)).not.toContain("example.test");
  });

  it("refuses a caller without the hook's secret, and a body that is not the template's, saying what is wrong", async () => {
    emitted.length = 0;
    expect((await post(signUp, "Bearer not-the-secret")).status).toBe(401);
    const res = await post({ ...signUp, identity_id: "not-an-id", email: undefined });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; problems: string[] };
    expect(body.error).toBe("malformed_event");
    expect(body.problems).toEqual([expect.stringMatching(/^identity_id: /), expect.stringMatching(/^email: /)]);
    expect(emitted).toEqual([]);
  });
});

describe("the sign-in hook's event for the operator's app", () => {
  const firstStep: SignInEvent = {
    flow_id: signUp.flow_id,
    identity_id: signUp.identity_id,
    session_id: "00000000-0000-0000-0000-000000000000",
    email: signUp.email,
    method: "code",
    aal: "aal1",
    ip: "203.0.113.9",
    user_agent: "Firefox",
    accept_language: "en",
  };

  it("names the identity, how and from where, never the address; a session id only when Kratos has stored one", () => {
    expect(signedInData(firstStep)).toEqual({ identity_id: signUp.identity_id, method: "code", aal: "aal1", ip: "203.0.113.9", user_agent: "Firefox" });
    const stored = "8a1b2c3d-0000-4000-8000-00000000000a";
    expect(signedInData({ ...firstStep, session_id: stored }).session_id).toBe(stored);
  });
});
