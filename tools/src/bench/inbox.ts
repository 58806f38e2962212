import { SMTPServer } from "smtp-server";
import { simpleParser } from "mailparser";

/** One message as it arrived: when, to whom, and the code it carries. */
export type Arrival = { at: number; to: string; subject: string; code?: string };

/**
 * The benchmark's own SMTP server (nodemailer's smtp-server, as maildev uses): it notes the
 * moment each message arrives, which the mail catcher's web API cannot tell, and answers
 * "who got what" without listing every message so far. It can go away and come back, for
 * the soak's SMTP outage.
 */
export class Inbox {
  private readonly byAddress = new Map<string, Arrival[]>();
  private readonly waiting = new Map<string, Array<() => void>>();
  private server?: SMTPServer;
  received = 0;

  constructor(readonly port: number) {}

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onData: (stream, session, done) => {
        simpleParser(stream)
          .then((mail) => {
            const at = performance.now();
            const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
            const code = mail.text?.match(/^[ \t]*(\d{6})[ \t]*$/m)?.[1];
            for (const address of to) {
              const list = this.byAddress.get(address) ?? [];
              list.push({ at, to: address, subject: mail.subject ?? "", code });
              this.byAddress.set(address, list);
              for (const wake of this.waiting.get(address) ?? []) wake();
              this.waiting.delete(address);
            }
            this.received++;
            done();
          })
          .catch((err: Error) => done(err));
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(this.port, "127.0.0.1", () => resolve());
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Every message that reached an address so far. */
  to(address: string): Arrival[] {
    return this.byAddress.get(address.toLowerCase()) ?? [];
  }

  /** All addresses and their messages. */
  all(): Map<string, Arrival[]> {
    return this.byAddress;
  }

  /** Waits for an address's `nth` message (1-based). */
  async waitFor(address: string, nth = 1, timeoutMs = 30_000): Promise<Arrival> {
    const key = address.toLowerCase();
    const deadline = Date.now() + timeoutMs;
    while (this.to(key).length < nth) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no email #${nth} to ${address} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting.set(key, [...(this.waiting.get(key) ?? []), () => (clearTimeout(timer), resolve())]);
      });
    }
    return this.to(key)[nth - 1]!;
  }
}
