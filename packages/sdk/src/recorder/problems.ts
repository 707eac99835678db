import type { Problem } from '@cairn/core';

/** Stable codes of what the recorder and its sinks report through `onProblem` and the logger. */
export type AuditProblemCode =
  | 'invalid_entry'
  | 'queue_full'
  | 'dropped'
  | 'rejected'
  | 'lost'
  | 'sink_unavailable'
  | 'sink_recovered'
  | 'spool_full'
  | 'spool_torn_tail'
  | 'spool_corrupt'
  | 'spool_failed'
  | 'vault_failed'
  | 'closed'
  | 'callback_failed';

/**
 * One thing that went wrong (or right again, `sink_recovered`) while capturing. Under fail-open this is the only
 * way problems surface: the agent's task never sees an exception from auditing.
 */
export type AuditProblem = {
  readonly code: AuditProblemCode;
  /** For people; never carries a payload or a secret. */
  readonly message: string;
  /** The entries concerned, when known. */
  readonly entryIds?: readonly string[];
  /** Field-level problems, for `invalid_entry` and `rejected`. */
  readonly problems?: readonly Problem[];
  readonly cause?: unknown;
};

/** The few logger methods the recorder calls; `console` fits. */
export type Logger = {
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
};

/** Where sinks send what happens in their background work (retries, spooling, recovery). */
export type ProblemReporter = (problem: AuditProblem) => void;

const ERROR_CODES: ReadonlySet<AuditProblemCode> = new Set([
  'lost',
  'dropped',
  'spool_full',
  'spool_corrupt',
  'spool_failed',
  'vault_failed',
]);

/**
 * Builds the reporter every part of the recorder uses: it calls `onProblem`, then the logger, and swallows what
 * either throws, because a broken callback must not turn fail-open auditing into a crash of the task.
 */
export function createReporter(
  onProblem: ProblemReporter | undefined,
  logger: Logger | undefined,
): ProblemReporter {
  return (problem) => {
    try {
      onProblem?.(problem);
    } catch (cause) {
      safeLog(logger, 'error', { code: 'callback_failed', message: 'cairn: onProblem threw', cause });
    }
    safeLog(logger, ERROR_CODES.has(problem.code) ? 'error' : 'warn', problem);
  };
}

function safeLog(logger: Logger | undefined, level: 'warn' | 'error', problem: AuditProblem): void {
  if (logger === undefined) return;
  try {
    const details = problem.entryIds
      ? { code: problem.code, entryIds: problem.entryIds.slice(0, 10) }
      : { code: problem.code };
    logger[level](`cairn: ${problem.message}`, details);
  } catch {
    // A logger that throws has nowhere left to report to; auditing goes on.
  }
}
