import { Command, CommanderError, Option } from "commander";
import type { Config } from "../server/config";
import { defaultLanguage, languages, type Language } from "../i18n/languages";
import { nobodyToAsk, type Admin } from "./admin";
import { exitCodes, failureOf, type ExitCode } from "./failures";
import { configFrom, settingsFrom, type OpenHera } from "./hera";
import type { Terminal } from "./terminal";
import { parseAddress, parseWho, type Who } from "./who";
import { find, show } from "./lookup";
import { disable, enable, signOut } from "./access";
import { removeSecondFactors } from "./second-factors";
import { changeAddress, clearLimits } from "./address";
import { deleteIdentity } from "./deletion";

/** What hera-admin runs with: the process's own (main.ts), or a test's. */
export type Runtime = {
  terminal: Terminal;
  env: NodeJS.ProcessEnv;
  /** The OS user, for the audit line when --operator is not given. */
  user: string;
  open(config: Config): Promise<OpenHera>;
};

type GlobalOptions = { yes?: boolean; json?: boolean; operator?: string; language: Language; envFile?: string };

/**
 * hera-admin's command line (commander): parses it, refuses a change nobody can confirm
 * before anything is opened, opens Hera's parts, runs the command, and turns every
 * outcome into a line for the operator and an exit code for a script.
 */
export async function runAdmin(argv: string[], runtime: Runtime): Promise<ExitCode> {
  const { terminal } = runtime;
  let exitCode: ExitCode = exitCodes.done;
  let config: Config | undefined;

  const program = new Command("hera-admin")
    .description("The operator's command line for Hera's accounts. Every change is asked about first (--yes skips the question) and writes an audit line.")
    .option("-y, --yes", "change without asking (for scripts)")
    .option("--json", "print results as JSON")
    .option("--operator <name>", "who is acting, for the audit line (default: your user name)")
    .addOption(new Option("--language <code>", "the language of the email the person gets").choices(languages).default(defaultLanguage))
    .option("--env-file <path>", "read Hera's settings from this file (make dev writes .data/dev/hera.env)")
    .exitOverride()
    .configureOutput({ writeOut: (s) => terminal.out(s.trimEnd()), writeErr: (s) => terminal.err(s.trimEnd()) })
    .showHelpAfterError("(hera-admin --help lists the commands)");

  /** A command's action: `changes` names a command that changes an account. */
  const action =
    <A extends unknown[]>(changes: string | undefined, act: (admin: Admin, ...args: A) => Promise<ExitCode>) =>
    async (...args: A) => {
      const options = program.opts<GlobalOptions>();
      if (changes && !options.yes && !terminal.interactive) throw nobodyToAsk(changes);
      config = configFrom(settingsFrom(options.envFile, runtime.env));
      const hera = await runtime.open(config);
      try {
        const settings = { yes: Boolean(options.yes), json: Boolean(options.json), operator: options.operator ?? runtime.user, language: options.language };
        exitCode = await act({ deps: hera.deps, terminal, options: settings }, ...args);
      } finally {
        await hera.close();
      }
    };

  const who = ["<who>", "the account's address or identity id", parseWho] as const;
  program
    .command("find")
    .description("the account that signs in with an address")
    .argument("<address>", "an email address", parseAddress)
    .action(action(undefined, (admin, address: string) => find(admin, address)));
  program
    .command("show")
    .description("an account: address, state, second factors, passkeys, sessions, last sign-ins")
    .argument(...who)
    .action(action(undefined, (admin, w: Who) => show(admin, w)));
  program
    .command("disable")
    .description("stop an account signing in, and sign it out everywhere")
    .argument(...who)
    .action(action("disable", (admin, w: Who) => disable(admin, w)));
  program
    .command("enable")
    .description("let a disabled account sign in again")
    .argument(...who)
    .action(action("enable", (admin, w: Who) => enable(admin, w)));
  program
    .command("sign-out")
    .description("end every session of an account")
    .argument(...who)
    .action(action("sign-out", (admin, w: Who) => signOut(admin, w)));
  program
    .command("remove-second-factors")
    .description("remove the authenticator app, backup codes and security keys (a lost phone), sign out everywhere, email the person")
    .argument(...who)
    .action(action("remove-second-factors", (admin, w: Who) => removeSecondFactors(admin, w)));
  program
    .command("change-address")
    .description("change the address an account signs in with; its sessions end and the old address is told")
    .argument(...who)
    .argument("<new-address>", "the address it signs in with from now on", parseAddress)
    .action(action("change-address", (admin, w: Who, address: string) => changeAddress(admin, w, address)));
  program
    .command("delete")
    .description("delete an account for good (you type its address to confirm) and email a goodbye")
    .argument(...who)
    .action(action("delete", (admin, w: Who) => deleteIdentity(admin, w)));
  program
    .command("clear-limits")
    .description("give an address its whole email allowance back (HERA_EMAILS_PER_ADDRESS)")
    .argument("<address>", "an email address", parseAddress)
    .action(action("clear-limits", (admin, address: string) => clearLimits(admin, address)));

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (err) {
    // Help and --version end with 0; every other complaint of commander's is a usage error, already printed.
    if (err instanceof CommanderError) return err.exitCode === 0 ? exitCodes.done : exitCodes.usage;
    const failure = await failureOf(err, { kratosAdminUrl: config?.kratosAdminUrl ?? "", redisUrl: config?.redisUrl });
    if (!failure) throw err;
    terminal.err(failure.message);
    return failure.exitCode;
  }
}
