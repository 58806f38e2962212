import { expect } from "@playwright/test";

/** What the suite reads of a message in the mail catcher (maildev's REST API). */
export type Mail = { id: string; subject: string; text: string; html: string; to: { address: string }[]; date: string };

/** Waits for the `nth` message (1-based) sent to `to` and returns it. */
export async function waitForMail(mailWeb: string, to: string, nth = 1, timeoutMs = 15_000): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        // The catcher may be restarting (an outage test): not answering is "no mail yet".
        const all = (await fetch(`${mailWeb}/email`).then((r) => r.json()).catch(() => [])) as Mail[];
        const mine = all.filter((m) => m.to.some((t) => t.address.toLowerCase() === to.toLowerCase()));
        found = mine[nth - 1];
        return mine.length;
      },
      { timeout: timeoutMs, intervals: [100, 200, 300], message: `waiting for email #${nth} to ${to}` },
    )
    .toBeGreaterThanOrEqual(nth);
  return found!;
}

/** How many messages went to `to` so far. */
export async function mailCount(mailWeb: string, to: string): Promise<number> {
  const all = (await (await fetch(`${mailWeb}/email`)).json()) as Mail[];
  return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === to.toLowerCase())).length;
}

/** The six-digit code in a message's plain text: the line that holds nothing else. */
export function codeIn(mail: Mail): string {
  const match = mail.text.match(/^[ \t]*(\d{6})[ \t]*$/m);
  if (!match) throw new Error(`no six-digit code in the email "${mail.subject}"`);
  return match[1]!;
}

/** The sign-in link in a message's plain text. */
export function linkIn(mail: Mail): string {
  const match = mail.text.match(/https?:\/\/\S+[?&]code=\d{6}/);
  if (!match) throw new Error(`no sign-in link in the email "${mail.subject}"`);
  return match[0];
}
