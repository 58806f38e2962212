import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { kratosMessageIds } from "../../ui/src/i18n/kratos-messages";

/** Kratos's message ids, read from the source `make build` compiled Kratos from (text/id.go). */
function kratosIds(): Map<number, string> {
  const modules = execFileSync("go", ["env", "GOMODCACHE"], { encoding: "utf8" }).trim();
  const source = readFileSync(path.join(modules, "github.com/ory/kratos@v1.3.1/text/id.go"), "utf8");
  const ids = new Map<number, string>();
  let next: number | undefined;
  for (const line of source.split("\n")) {
    const first = /^\s*(\w+)\s+ID = (\d+) \+ iota/.exec(line);
    if (first) {
      next = Number(first[2]);
      ids.set(next, first[1]!);
    } else if (/^\)/.test(line)) next = undefined;
    else if (next !== undefined && /^\s*\w+\s*(\/\/.*)?$/.test(line)) ids.set(++next, line.trim().split(/\s/)[0]!);
  }
  return ids;
}

describe("the Kratos messages Hera translates (ui/src/i18n/kratos-messages.ts)", () => {
  it("are every message of Kratos v1.3.1 but the roots, recovery, the verification token and the email second factor", () => {
    const ids = kratosIds();
    expect(ids.size).toBeGreaterThan(100);
    const expected = [...ids.keys()]
      .filter((id) => id % 10_000 !== 0)
      .filter((id) => !(id >= 1_060_000 && id < 1_070_000) && !(id >= 4_060_000 && id < 4_070_000))
      .filter((id) => id !== 4_070_004 && id !== 1_010_020)
      .sort((a, b) => a - b);
    expect([...kratosMessageIds].sort((a, b) => a - b)).toEqual(expected);
    expect(ids.get(1_010_020)).toBe("InfoSelfServiceLoginCodeMFAHint");
    expect(ids.get(4_070_004)).toBe("ErrorValidationVerificationMissingVerificationToken");
  });
});
