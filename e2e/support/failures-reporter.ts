import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";

/**
 * The last thing a run prints: each failed test with the first lines of its error. CI keeps
 * only the tail of a run's output, where the list reporter's attachments would bury the
 * error itself.
 */
export default class FailuresReporter implements Reporter {
  private readonly failures: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status === "passed" || result.status === "skipped") return;
    const message = (result.error?.message ?? result.status)
      // eslint-disable-next-line no-control-regex -- terminal colours are what is stripped
      .replace(/\u001b\[[0-9;]*m/g, "")
      .split("\n")
      .slice(0, 12)
      .join("\n    ");
    // Each log's tail in short lines: the stack's side of the failure (stacks.ts attachLogTails).
    const tails = result.attachments
      .filter((a) => a.name.startsWith("log tail: ") && a.body)
      .map(
        (a) =>
          `  ${a.name}\n${a
            .body!.toString()
            .split("\n")
            .map((l) => `      ${l.slice(0, 240)}`)
            .join("\n")}`,
      );
    this.failures.push(
      `  ${test.titlePath().slice(1).join(" › ")} (attempt ${result.retry + 1}, ${result.duration} ms)\n    ${message}${tails.length ? `\n${tails.join("\n")}` : ""}`,
    );
  }

  onEnd(result: FullResult): void {
    if (!this.failures.length) return;
    process.stdout.write(`\nFailed (${result.status}):\n${this.failures.join("\n")}\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
