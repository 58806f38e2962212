import { describe, expect, it } from "vitest";
import { jsonForScript } from "./render";

describe("jsonForScript", () => {
  it("cannot close the script element it is embedded in", () => {
    const out = jsonForScript({ email: "</script><script>alert(1)</script>" });
    expect(out).not.toContain("</script>");
    expect(JSON.parse(out)).toEqual({ email: "</script><script>alert(1)</script>" });
  });
  it("escapes the line separators that end a JavaScript string", () => {
    expect(jsonForScript("a\u2028b\u2029c")).toBe('"a\\u2028b\\u2029c"');
  });
});
