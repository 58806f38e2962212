import type { Deps } from "../server/deps";
import type { Language } from "../i18n/languages";
import { canonicalAddress } from "../server/gate/address";
import { AdminFailure, exitCodes, type ExitCode } from "./failures";
import type { Terminal } from "./terminal";

export type AdminOptions = {
  /** Change without asking (scripts). */
  yes: boolean;
  json: boolean;
  /** Who is acting, for the audit line: --operator, or the OS user. */
  operator: string;
  /** The language of the emails a command sends the person. */
  language: Language;
};

/** What every command is given: Hera's parts, the operator's terminal and the global options. */
export type Admin = { deps: Deps; terminal: Terminal; options: AdminOptions };

/** The refusal of a change with nobody to confirm it: never a silent change. */
export const nobodyToAsk = (command: string) =>
  new AdminFailure(exitCodes.usage, `${command} changes an account, and there is no terminal to ask on: add --yes to change it without asking.`);

/** Which Hera a question is about: the settings (--env-file, the environment) decide it, and a wrong one is costly. */
const where = (admin: Admin) => `On ${admin.deps.config.origin.origin}: `;

/** Asks before a change (`[y/N]`); anything but yes leaves everything as it was. */
export async function confirm(admin: Admin, command: string, question: string): Promise<void> {
  if (admin.options.yes) return;
  if (!admin.terminal.interactive) throw nobodyToAsk(command);
  const answer = await admin.terminal.ask(`${where(admin)}${question} [y/N] `);
  if (!/^\s*y(es)?\s*$/i.test(answer)) throw new AdminFailure(exitCodes.nothingDone, "Nothing changed.");
}

/** Asks the operator to type the address itself: for what cannot be undone. */
export async function confirmTyped(admin: Admin, command: string, question: string, address: string): Promise<void> {
  if (admin.options.yes) return;
  if (!admin.terminal.interactive) throw nobodyToAsk(command);
  const typed = await admin.terminal.ask(`${where(admin)}${question}\nType the address to confirm: `);
  if (canonicalAddress(typed) !== address) throw new AdminFailure(exitCodes.nothingDone, "The address typed is not the account's: nothing changed.");
}

/**
 * The audit line of a change, on stderr with Hera's other log lines: what was done, to
 * which identity, by whom. Never an address (logs must hold none: e2e/tests/logs.spec.ts);
 * the id finds the account. Written whatever LOG_LEVEL says.
 */
export function audit(admin: Admin, command: string, fields: { identity_id?: string } & Record<string, unknown>): void {
  admin.deps.log.child({}, { level: "info" }).info({ event: `admin.${command}`, operator: admin.options.operator, ...fields }, `hera-admin ${command}`);
}

/** A command's result: a sentence for the operator, or with --json the facts for a script. */
export function report(admin: Admin, sentence: string, facts: object): ExitCode {
  admin.terminal.out(admin.options.json ? JSON.stringify(facts) : sentence);
  return exitCodes.done;
}

/** Nothing to change (already disabled, no second factors): said, and exit code 1. */
export function nothingToDo(sentence: string): never {
  throw new AdminFailure(exitCodes.nothingDone, sentence);
}

/** Waits for the email a change sends the person, and says whether SMTP took it. */
export async function emailed(notified: Promise<boolean>, address: string): Promise<{ sentence: string; emailed: boolean }> {
  return (await notified)
    ? { sentence: `${address} was emailed about it.`, emailed: true }
    : { sentence: `The email to ${address} could not be sent: SMTP did not take it (the log lines above say why).`, emailed: false };
}
