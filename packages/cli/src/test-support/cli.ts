// Runs `cairn` in-process with captured streams, in a fresh working directory per test: the default ledger and key
// (.cairn/ledger.db, .cairn/signing.key) land there, and no variable of the real environment leaks in.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll } from 'vitest';
import { main } from '../main.js';
import type { CliIo, ExitCode } from '../io.js';

/** What one run printed and returned. */
export type CliRun = { readonly code: ExitCode; readonly stdout: string; readonly stderr: string };

/** Options of one run. */
export type RunOptions = {
  readonly stdin?: string | Uint8Array;
  readonly env?: Record<string, string>;
  readonly interactive?: boolean;
  /** Replaces the captured stdout writer, e.g. to make it fail. */
  readonly stdout?: (text: string) => void;
};

/** A scratch directory and a runner whose working directory it is. */
export type Workspace = {
  readonly dir: string;
  run(argv: readonly string[], options?: RunOptions): Promise<CliRun>;
  path(...parts: string[]): string;
};

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * A fresh workspace, removed after the test file.
 *
 * @example const ws = await workspace(); const { code, stdout } = await ws.run(['demo']);
 */
export async function workspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-cli-'));
  dirs.push(dir);
  return {
    dir,
    path: (...parts) => join(dir, ...parts),
    run: (argv, options = {}) => runIn(dir, argv, options),
  };
}

/**
 * Runs `cairn argv` with `cwd` as working directory.
 *
 * @example const { code } = await runIn('/tmp/x', ['--version']);
 */
export async function runIn(cwd: string, argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: options.stdout ?? ((text) => void (stdout += text)),
    stderr: (text) => void (stderr += text),
    stdin: Readable.from(
      options.stdin === undefined
        ? []
        : [typeof options.stdin === 'string' ? Buffer.from(options.stdin) : options.stdin],
    ),
    env: options.env ?? {},
    cwd,
    interactive: options.interactive ?? false,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** The lines of a text without the final empty one. @example lines('a\nb\n') // ['a', 'b'] */
export function lines(text: string): string[] {
  return text.split('\n').filter((line, i, all) => !(line === '' && i === all.length - 1));
}
