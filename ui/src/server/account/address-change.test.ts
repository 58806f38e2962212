import { describe, expect, it } from "vitest";
import { maskedAddress } from "./address-change";

describe("maskedAddress", () => {
  it("shows enough of an address to recognise it and not enough to write to it", () => {
    expect(maskedAddress("grace.hopper@navy.example.org")).toBe("gr…@na….org");
    expect(maskedAddress("ada@lovelace.io")).toBe("ad…@lo….io");
    expect(maskedAddress("a@b.c")).toBe("a…@b….c");
    expect(maskedAddress("jo@localhost")).toBe("j…@lo…");
  });
});
