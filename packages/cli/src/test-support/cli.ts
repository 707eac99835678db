// Runs `cairn` in-process with captured streams, in a fresh working directory per test: the default ledger and key
// (.cairn/ledger.db, .cairn/signing.key) land there, and no variable of the real environment leaks in.
import { EventEmitter } from 'node:events';
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
  return startIn(cwd, argv, options).exit;
}

/** A command still running (`cairn serve`): its output so far, and the means to stop it. */
export type RunningCli = {
  readonly output: () => { readonly stdout: string; readonly stderr: string };
  /**
   * Resolves with the first match of `pattern` in stdout (or in either stream for `any`); rejects if the command
   * exits before printing one.
   */
  waitFor(pattern: RegExp, where?: 'stdout' | 'any'): Promise<RegExpMatchArray>;
  /** Sends a stop signal, as Ctrl-C (SIGINT) or a supervisor (SIGTERM) would. */
  signal(name: 'SIGINT' | 'SIGTERM'): void;
  readonly exit: Promise<CliRun>;
};

/**
 * Starts `cairn argv` in `cwd` without waiting for it to finish: for commands that run until signalled.
 *
 * @example const cli = startIn(dir, ['serve', '--port', '0']); await cli.waitFor(/open (\S+)/); cli.signal('SIGTERM');
 */
export function startIn(cwd: string, argv: readonly string[], options: RunOptions = {}): RunningCli {
  let stdout = '';
  let stderr = '';
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  const signals = new EventEmitter();
  const io: CliIo = {
    stdout:
      options.stdout ??
      ((text) => {
        stdout += text;
        wake();
      }),
    stderr: (text) => {
      stderr += text;
      wake();
    },
    stdin: Readable.from(
      options.stdin === undefined
        ? []
        : [typeof options.stdin === 'string' ? Buffer.from(options.stdin) : options.stdin],
    ),
    env: options.env ?? {},
    cwd,
    interactive: options.interactive ?? false,
    signals,
  };
  const exit = main(argv, io).then((code) => ({ code, stdout, stderr }));
  let exited = false;
  void exit.finally(() => {
    exited = true;
    wake();
  });
  const waitFor = (pattern: RegExp, where: 'stdout' | 'any' = 'stdout') =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = (where === 'stdout' ? stdout : `${stdout}\n${stderr}`).match(pattern);
        if (match === null && !exited) return;
        waiters.delete(check);
        if (match !== null) resolve(match);
        else reject(new Error(`exited before printing ${pattern}; stdout:\n${stdout}\nstderr:\n${stderr}`));
      };
      waiters.add(check);
      check();
    });
  return {
    output: () => ({ stdout, stderr }),
    waitFor,
    signal: (name) => void signals.emit(name),
    exit,
  };
}

/** The lines of a text without the final empty one. @example lines('a\nb\n') // ['a', 'b'] */
export function lines(text: string): string[] {
  return text.split('\n').filter((line, i, all) => !(line === '' && i === all.length - 1));
}
