import { expect } from "@playwright/test";

/** What the suite reads of a message in the mail catcher (maildev's REST API). */
export type Mail = { id: string; subject: string; text: string; html: string; to: { address: string }[]; date: string };

/**
 * Which of an address's messages a test counts: the ones a person asks for (codes,
 * Hera's notices), or the sign-in alerts (and their digests) that follow sign-ins.
 */
export type MailKind = "asked" | "alert";

const isAlert = (m: Mail) => /^New sign-ins? to /.test(m.subject);

async function mailTo(mailWeb: string, to: string, kind: MailKind): Promise<Mail[]> {
  // The catcher may be restarting (an outage test): not answering is "no mail yet".
  const all = (await fetch(`${mailWeb}/email`)
    .then((r) => r.json())
    .catch(() => [])) as Mail[];
  return all.filter((m) => m.to.some((t) => t.address.toLowerCase() === to.toLowerCase()) && isAlert(m) === (kind === "alert"));
}

/** Waits for the `nth` message (1-based) of `kind` sent to `to` and returns it. */
export async function waitForMail(mailWeb: string, to: string, nth = 1, timeoutMs = 15_000, kind: MailKind = "asked"): Promise<Mail> {
  let found: Mail | undefined;
  await expect
    .poll(
      async () => {
        const mine = await mailTo(mailWeb, to, kind);
        found = mine[nth - 1];
        return mine.length;
      },
      { timeout: timeoutMs, intervals: [100, 200, 300], message: `waiting for ${kind === "alert" ? "sign-in alert" : "email"} #${nth} to ${to}` },
    )
    .toBeGreaterThanOrEqual(nth);
  return found!;
}

/** How many messages of `kind` went to `to` so far. */
export async function mailCount(mailWeb: string, to: string, kind: MailKind = "asked"): Promise<number> {
  return (await mailTo(mailWeb, to, kind)).length;
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
