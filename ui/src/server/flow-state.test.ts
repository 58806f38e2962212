import { describe, expect, it } from "vitest";
import { ResendCooldown } from "./flow-state";

describe("ResendCooldown", () => {
  it("holds a flow's next code back for 60 seconds after one was sent", () => {
    let now = 1_000_000;
    const cooldown = new ResendCooldown(60, () => now);
    expect(cooldown.secondsLeft("f")).toBe(0);
    cooldown.sent("f");
    expect(cooldown.secondsLeft("f")).toBe(60);
    expect(cooldown.availableAt("f")).toBe(1_060_000);
    now += 59_001;
    expect(cooldown.secondsLeft("f")).toBe(1);
    now += 999;
    expect(cooldown.secondsLeft("f")).toBe(0);
    expect(cooldown.availableAt("f")).toBeUndefined();
    expect(cooldown.secondsLeft("other")).toBe(0);
  });
});
