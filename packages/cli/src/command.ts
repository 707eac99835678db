import type { OptionSpec, ParsedArgs } from './args.js';
import type { LedgerConfig, LEDGER_OPTIONS } from './config.js';
import type { CliIo, ExitCode } from './io.js';

/** What a command runs with: the outside world, and the ledger configuration resolved from flags and environment. */
export type CommandContext = {
  readonly io: CliIo;
  readonly config: LedgerConfig;
  /** The command's name, for messages. */
  readonly command: string;
};

/**
 * One `cairn` command. `main` parses its options strictly (plus the ledger options and `--help`), prints `usage`
 * for `--help`, and turns anything `run` throws into one line on stderr.
 *
 * @example
 * export const checkpoint = defineCommand({ name: 'checkpoint', summary: '…', usage: '…', options: {}, run: async (args, ctx) => EXIT.ok });
 */
export type Command<T extends OptionSpec = OptionSpec> = {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The help text: synopsis, what it does, options, examples. */
  readonly usage: string;
  readonly options: T;
  run(args: ParsedArgs<T & typeof LEDGER_OPTIONS>, ctx: CommandContext): Promise<ExitCode>;
};

/**
 * Declares a command with its option types inferred from `options`.
 *
 * @example export const demo = defineCommand({ name: 'demo', summary, usage, options: {}, run });
 */
export function defineCommand<const T extends OptionSpec>(command: Command<T>): Command {
  return Object.freeze(command);
}
