import { createInterface } from "node:readline/promises";

/**
 * Where hera-admin talks to the operator: results on stdout (the part a script reads,
 * JSON with --json), questions and messages on stderr, answers from the keyboard.
 */
export type Terminal = {
  out(text: string): void;
  err(text: string): void;
  /** Whether someone is there to answer a question (stdin is a terminal). */
  interactive: boolean;
  ask(question: string): Promise<string>;
};

export function processTerminal(): Terminal {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    interactive: Boolean(process.stdin.isTTY),
    async ask(question) {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
  };
}
