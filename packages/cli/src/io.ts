import type { Readable } from 'node:stream';

/**
 * What a command may touch of the outside world; tests pass their own.
 *
 * @example
 * const code = await main(['verify'], { ...nodeIo(), cwd: '/srv/audit' });
 */
export type CliIo = {
  /** Writes text to standard output as given (callers end lines with "\n"). */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdin: Readable;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** True when stderr is a terminal: progress lines are drawn only then. */
  readonly interactive: boolean;
  /**
   * Where a long-running command (`cairn serve`) hears that it should stop: the process's SIGINT and SIGTERM by
   * default; tests pass an EventEmitter and emit one.
   */
  readonly signals?: SignalSource;
};

/**
 * The stop signals a long-running command listens to: `process`, or any emitter.
 *
 * @example
 * const signals = new EventEmitter();
 * const exit = main(['serve'], { ...nodeIo(), signals });
 * signals.emit('SIGTERM'); // exit resolves once the server has stopped
 */
export type SignalSource = {
  once(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
  off(signal: 'SIGINT' | 'SIGTERM', listener: () => void): unknown;
};

/**
 * Exit codes of every command: 0 ok, 1 an integrity problem was found, 2 usage or I/O error.
 *
 * @example if (report.ok) return EXIT.ok;
 */
export const EXIT = { ok: 0, integrity: 1, usage: 2 } as const;

/** One of {@link EXIT}'s values. @example const code: ExitCode = EXIT.usage; */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A usage or I/O problem: printed as one line `cairn <command>: <message>` with exit code 2, never a stack.
 *
 * @example throw new UsageError(`--from: expected a whole number, got "x"`);
 */
export class UsageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/**
 * The real process's standard streams, environment and working directory.
 *
 * @example process.exitCode = await main(process.argv.slice(2), nodeIo());
 */
export function nodeIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
    interactive: process.stderr.isTTY === true,
    signals: process,
  };
}
