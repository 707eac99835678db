import { CairnError, describeValue } from '@cairn/core';
import type { Decision } from '@cairn/core';
import { createRecorder } from '@cairn/sdk';
import type { AuditProblem, FailMode, Logger, Recorder, RecorderDefaults, Sink } from '@cairn/sdk';
import { logger as triggerLogger } from '@trigger.dev/sdk';
import { resolveCairnUrl, resolveTriggerOrigin } from './run-url.js';

/** Stable codes of what this package reports through `onProblem`, besides the recorder's own codes. */
export type TriggerProblemCode =
  /** The flush at the end of an attempt did not finish within `flushTimeoutMs`. */
  | 'flush_timeout'
  /** Entries of the attempt were refused or could not be stored durably. */
  | 'not_durable'
  /** A lifecycle hook of this package failed; the task went on. */
  | 'hook_failed'
  /** The run's metadata could not be updated with the Cairn links (e.g. outside a real run). */
  | 'metadata_failed';

/** One problem seen at the Trigger.dev seam. Never carries a payload. */
export type TriggerProblem = {
  readonly code: TriggerProblemCode;
  /** For people; names the run and the attempt. */
  readonly message: string;
  readonly runId: string;
  readonly attempt: number;
  readonly entryIds?: readonly string[];
  readonly cause?: unknown;
};

/** Either an existing recorder, or a sink (and the agent) to build one from. */
type RecorderSource<M extends FailMode> =
  | {
      /** A recorder from `createRecorder`; its views are bound to each run. */
      readonly recorder: Recorder<M>;
      readonly sink?: never;
    }
  | {
      readonly recorder?: never;
      /** Where entries go: `spooledSink({ sink: httpSink(…), dir })` keeps them through an outage of Cairn. */
      readonly sink: Sink;
      /** The agent whose decisions these are (`decision.agent` unless a call gives its own). */
      readonly agent: Decision['agent'];
      /** Defaults merged into every entry (model, prompt, policy, aiRole, retention, tags). */
      readonly defaults?: Omit<RecorderDefaults, 'run'>;
      /** Producer id of the recorder; default: the agent id and a fresh UUIDv7 per worker process. */
      readonly producerId?: string;
    };

/** Options of `registerCairn` and `cairnMiddleware`. */
export type CairnTriggerOptions<M extends FailMode = 'open'> = RecorderSource<M> & {
  /**
   * Dashboard origin run links point to. Default: Trigger.dev Cloud, or the origin of `TRIGGER_API_URL` when the
   * tasks talk to a self-hosted instance.
   */
  readonly triggerOrigin?: string;
  /** Origin of the Cairn server; when set, run metadata links to each sealed decision (`/v1/decisions/{id}`). */
  readonly cairnUrl?: string;
  /** Longest wait for the end-of-attempt flush, in milliseconds (default 3,000). */
  readonly flushTimeoutMs?: number;
  /**
   * `'open'` (default): an attempt ends normally even when its entries could not be stored in time; the problem
   * is reported. `'closed'`: such an attempt fails (Trigger.dev then retries it per the task's retry settings).
   */
  readonly failMode?: FailMode;
  /** Record the run lifecycle (attempt started, failed, run succeeded, failed, completed) as run events. Default true. */
  readonly lifecycle?: boolean;
  /** Called with every problem; exceptions it throws are swallowed. */
  readonly onProblem?: (problem: TriggerProblem | AuditProblem) => void;
  /** Default: Trigger.dev's `logger`, so problems show in the run's trace; `false` for none. */
  readonly logger?: Logger | false;
};

/** The options resolved once, at registration. */
export type CairnTriggerConfig = {
  readonly recorder: Recorder<FailMode>;
  /** The configured dashboard origin; undefined: resolved from `TRIGGER_API_URL` at each attempt. */
  readonly triggerOrigin: string | undefined;
  readonly cairnUrl: string | undefined;
  readonly flushTimeoutMs: number;
  readonly failMode: FailMode;
  readonly lifecycle: boolean;
  readonly report: (problem: TriggerProblem) => void;
};

/** The default bound of the end-of-attempt flush. @example registerCairn({ sink, agent, flushTimeoutMs: 2 * DEFAULT_FLUSH_TIMEOUT_MS }) */
export const DEFAULT_FLUSH_TIMEOUT_MS = 3_000;

// Trigger.dev kills a run at its maxDuration; a flush bound beyond ten minutes would only hide a mistake.
const MAX_FLUSH_TIMEOUT_MS = 600_000;

// The recorder's logger shape over Trigger.dev's structured logger (outside a worker it is a silent no-op).
const TRIGGER_LOGGER: Logger = {
  warn: (message: string, details?: unknown) => triggerLogger.warn(message, toLogAttributes(details)),
  error: (message: string, details?: unknown) => triggerLogger.error(message, toLogAttributes(details)),
};

function toLogAttributes(details: unknown): Record<string, unknown> | undefined {
  return typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : undefined;
}

function checkFlushTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_FLUSH_TIMEOUT_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_FLUSH_TIMEOUT_MS) {
    throw new CairnError(
      'config',
      `flushTimeoutMs: expected a number of milliseconds between 0 and ${MAX_FLUSH_TIMEOUT_MS}, got ${describeValue(value)}`,
    );
  }
  return value;
}

function checkFailMode(value: unknown): FailMode {
  if (value === undefined || value === 'open' || value === 'closed') return value ?? 'open';
  throw new CairnError('config', `failMode: expected 'open' or 'closed', got ${describeValue(value)}`);
}

function buildReporter(
  onProblem: CairnTriggerOptions['onProblem'],
  logger: Logger | false | undefined,
): (problem: TriggerProblem | AuditProblem) => void {
  const log = logger === false ? undefined : (logger ?? TRIGGER_LOGGER);
  return (problem) => {
    try {
      onProblem?.(problem);
    } catch {
      // A callback that throws must not turn fail-open auditing into a failed task.
    }
    try {
      const details = { code: problem.code, entryIds: problem.entryIds?.slice(0, 10) };
      log?.warn(`cairn: ${problem.message}`, details);
    } catch {
      // Nowhere left to report to; the task goes on.
    }
  };
}

/** The recorder-building fields of either option shape, read without narrowing the union. */
type SourceFields = {
  readonly recorder?: Recorder<FailMode>;
  readonly sink?: Sink;
  readonly agent?: Decision['agent'];
  readonly defaults?: Omit<RecorderDefaults, 'run'>;
  readonly producerId?: string;
};

function recorderOf(source: SourceFields, report: (p: AuditProblem) => void): Recorder<FailMode> {
  if (source.recorder !== undefined) return source.recorder;
  if (source.sink === undefined)
    throw new CairnError('config', 'registerCairn: expected a recorder or a sink, got neither');
  if (source.agent === undefined)
    throw new CairnError('config', 'agent: expected the agent whose decisions a sink records, got nothing');
  return createRecorder({
    sink: source.sink,
    agent: source.agent,
    defaults: source.defaults,
    producerId: source.producerId,
    onProblem: report,
    // The reporter above already logs; the recorder must not log the same problem twice.
    logger: false,
  });
}

/**
 * Checks the options and builds the recorder once, so a mistake fails at registration (when the worker loads
 * `trigger/init.ts`), not in the middle of a run.
 *
 * @example
 * const config = resolveConfig({ sink: ledgerSink(ledger), agent: { id: 'underwriter' } });
 */
export function resolveConfig<M extends FailMode>(options: CairnTriggerOptions<M>): CairnTriggerConfig {
  const report = buildReporter(options.onProblem, options.logger);
  return Object.freeze({
    recorder: recorderOf(options as SourceFields, report),
    triggerOrigin:
      options.triggerOrigin === undefined ? undefined : resolveTriggerOrigin(options.triggerOrigin),
    cairnUrl: resolveCairnUrl(options.cairnUrl),
    flushTimeoutMs: checkFlushTimeout(options.flushTimeoutMs),
    failMode: checkFailMode(options.failMode),
    lifecycle: options.lifecycle ?? true,
    report,
  });
}
