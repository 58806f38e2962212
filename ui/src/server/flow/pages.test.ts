import { describe, expect, it } from "vitest";
import type { Request } from "express";
import { flowIdOf, startFlowUrl } from "./pages";
import type { Deps } from "../deps";
import { loadConfig } from "../config";

const deps = { config: loadConfig({}) } as Deps;
const request = (query: Record<string, unknown>) => ({ query }) as unknown as Request;

describe("starting a flow", () => {
  it("passes an integrator's return_to and aal to Kratos, which validates them", () => {
    const url = new URL(startFlowUrl(deps, "login", request({ return_to: "http://localhost:4455/app?x=1", aal: "aal2", evil: "1" })));
    expect(url.origin + url.pathname).toBe("http://localhost:4455/self-service/login/browser");
    expect(url.searchParams.get("return_to")).toBe("http://localhost:4455/app?x=1");
    expect(url.searchParams.get("aal")).toBe("aal2");
    expect(url.searchParams.has("evil")).toBe(false);
  });

  it("ignores repeated or oversized parameters instead of failing", () => {
    const url = new URL(startFlowUrl(deps, "registration", request({ return_to: ["a", "b"], refresh: "x".repeat(5000) })));
    expect([...url.searchParams.keys()]).toEqual([]);
  });

  it("only takes a flow id as Kratos writes it", () => {
    expect(flowIdOf(request({ flow: "5c808a01-29fc-4935-85e6-64777bd0f9dd" }))).toBe("5c808a01-29fc-4935-85e6-64777bd0f9dd");
    expect(flowIdOf(request({ flow: "5C808A01-29FC-4935-85E6-64777BD0F9DD" }))).toBeUndefined();
    expect(flowIdOf(request({ flow: "5c808a0129fc493585e664777bd0f9dd" }))).toBeUndefined();
    expect(flowIdOf(request({ flow: "../admin" }))).toBeUndefined();
    expect(flowIdOf(request({ flow: ["5c808a01-29fc-4935-85e6-64777bd0f9dd"] }))).toBeUndefined();
  });
});
