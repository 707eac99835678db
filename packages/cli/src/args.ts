import { parseArgs } from 'node:util';
import { UsageError } from './io.js';

/** The options a command declares, as node:util parseArgs takes them. */
export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

type ValueOf<S> = S extends { type: 'boolean' }
  ? S extends { multiple: true }
    ? boolean[]
    : boolean
  : S extends { multiple: true }
    ? string[]
    : string;

/** What {@link parseCommandArgs} returns: the values of the declared options (and `--help`), and the positionals. */
export type ParsedArgs<T extends OptionSpec> = {
  readonly values: { readonly [K in keyof T]?: ValueOf<T[K]> } & { readonly help?: boolean };
  readonly positionals: readonly string[];
};

/**
 * Parses a command's arguments strictly. Node's own errors ("Unknown option '--x'") become one-line usage
 * errors that point at `--help`, so bad input never shows a stack trace.
 *
 * @example const { values, positionals } = parseCommandArgs('prove', argv, { out: { type: 'string' } });
 */
export function parseCommandArgs<T extends OptionSpec>(
  command: string,
  argv: readonly string[],
  options: T,
): ParsedArgs<T> {
  try {
    return parseArgs({
      args: [...argv],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    const message =
      error instanceof Error
        ? error.message.replace(/\.? To specify a positional argument.*$/s, '')
        : String(error);
    throw new UsageError(`${message} (see 'cairn ${command} --help')`);
  }
}

/**
 * Reads a whole-number option, naming the flag when it is not one.
 *
 * @example const first = integerOption('from', values.from); // undefined when not given
 */
export function integerOption(
  name: string,
  value: string | undefined,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    const bound = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new UsageError(
      `--${name}: expected a whole number ${bound}, got ${JSON.stringify(value.slice(0, 20))}`,
    );
  }
  return Number(value);
}

/**
 * Checks the number of positional arguments, naming what is missing or unexpected.
 *
 * @example const [id] = expectPositionals('prove', positionals, ['RECORD_ID']);
 */
export function expectPositionals(
  command: string,
  positionals: readonly string[],
  names: readonly string[],
): string[] {
  if (positionals.length < names.length) {
    throw new UsageError(`missing ${names[positionals.length]} (see 'cairn ${command} --help')`);
  }
  if (positionals.length > names.length) {
    const extra = positionals[names.length]!;
    throw new UsageError(
      `unexpected argument ${JSON.stringify(extra.slice(0, 40))} (see 'cairn ${command} --help')`,
    );
  }
  return [...positionals];
}
