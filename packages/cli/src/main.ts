import { readFileSync } from 'node:fs';
import { isCairnError } from '@cairn/core';
import { parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import { append } from './commands/append.js';
import { checkpoint } from './commands/checkpoint.js';
import { demo } from './commands/demo.js';
import { drift } from './commands/drift.js';
import { exportCommand } from './commands/export.js';
import { keygen } from './commands/keygen.js';
import { prove } from './commands/prove.js';
import { report } from './commands/report.js';
import { serve } from './commands/serve.js';
import { verifyReceiptCommand } from './commands/verify-receipt.js';
import { verify } from './commands/verify.js';
import { CONFIG_HELP, LEDGER_OPTIONS, resolveConfig } from './config.js';
import { oneLine } from './files.js';
import { EXIT, UsageError } from './io.js';
import type { CliIo, ExitCode } from './io.js';

/**
 * Every command, in the order `cairn --help` lists them.
 *
 * @example COMMANDS.map((c) => c.name) // ['keygen', 'append', …]
 */
export const COMMANDS: readonly Command[] = [
  keygen,
  append,
  checkpoint,
  verify,
  prove,
  verifyReceiptCommand,
  exportCommand,
  report,
  serve,
  drift,
  demo,
];

const OVERVIEW = `Usage: cairn <command> [options]

A tamper-evident audit trail for AI decisions: an append-only RFC 9162 Merkle log with C2SP signed
checkpoints, on SQLite or PostgreSQL.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(16)}${c.summary}`).join('\n')}

Run 'cairn help <command>' or 'cairn <command> --help' for a command's options and examples.

${CONFIG_HELP}

Exit codes: 0 ok, 1 an integrity problem was found, 2 usage or I/O error.
Set CAIRN_DEBUG=1 to see the stack of an unexpected error.`;

function version(): string {
  // The same relative path from src/ (tests) and dist/ (the installed bin).
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/**
 * Runs the `cairn` command line and returns its exit code. Never throws: every error becomes one line on
 * stderr, `cairn <command>: <message>`, with exit code 2 (1 for an integrity problem). For `cairn serve` it
 * resolves once the server has stopped, after SIGINT or SIGTERM of `io.signals`.
 *
 * @example process.exitCode = await main(process.argv.slice(2), nodeIo());
 */
export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined) return fail(io, 'cairn', "missing command (see 'cairn --help')");
  if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    io.stdout(`${OVERVIEW}\n`);
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout(`cairn ${version()}\n`);
    return EXIT.ok;
  }
  if (name === 'help') return help(rest, io);
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined)
    return fail(io, 'cairn', `unknown command ${JSON.stringify(name.slice(0, 40))} (see 'cairn --help')`);
  return runCommand(command, rest, io);
}

function help(rest: readonly string[], io: CliIo): ExitCode {
  const command = COMMANDS.find((c) => c.name === rest[0]);
  if (command === undefined || rest.length > 1) {
    return fail(
      io,
      'cairn help',
      `unknown command ${JSON.stringify((rest[0] ?? '').slice(0, 40))} (see 'cairn --help')`,
    );
  }
  io.stdout(usageOf(command));
  return EXIT.ok;
}

function usageOf(command: Command): string {
  return `${command.usage}\n\n${CONFIG_HELP}\n`;
}

async function runCommand(command: Command, argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    const args = parseCommandArgs(command.name, argv, { ...LEDGER_OPTIONS, ...command.options });
    if (args.values.help === true) {
      io.stdout(usageOf(command));
      return EXIT.ok;
    }
    const config = resolveConfig(args.values, io);
    return await command.run(args, { io, config, command: command.name });
  } catch (error) {
    return reportError(error, `cairn ${command.name}`, io);
  }
}

function reportError(error: unknown, prefix: string, io: CliIo): ExitCode {
  if (error instanceof UsageError) return fail(io, prefix, error.message);
  if (isCairnError(error)) {
    // Library messages may name the operation already (`export: …`); the prefix says it once.
    const message = error.message.replace(new RegExp(`^${prefix.slice('cairn '.length)}: `), '');
    return fail(io, prefix, message, error.code === 'integrity' ? EXIT.integrity : EXIT.usage);
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = fail(io, prefix, `unexpected error: ${message}`);
  if (io.env.CAIRN_DEBUG === '1' && error instanceof Error && error.stack !== undefined)
    io.stderr(`${error.stack}\n`);
  return code;
}

function fail(io: CliIo, prefix: string, message: string, code: ExitCode = EXIT.usage): ExitCode {
  io.stderr(`${prefix}: ${oneLine(message)}\n`);
  return code;
}
