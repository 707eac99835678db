// The public surface of @cairn/cli, listed by name: the `cairn` command as a function, for embedding and tests.
export { main, COMMANDS } from './main.js';
export type { Command, CommandContext } from './command.js';
export { EXIT, UsageError, nodeIo } from './io.js';
export type { CliIo, ExitCode, SignalSource } from './io.js';
export { resolveConfig, LEDGER_OPTIONS, DEFAULT_ORIGIN } from './config.js';
export type { LedgerConfig } from './config.js';
export { demoEntries } from './demo-entries.js';
