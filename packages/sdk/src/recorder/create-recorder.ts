import { CairnError, describeValue, idSchema } from '@cairn/core';
import type { Decision, Result } from '@cairn/core';
import { createUuidV7 } from '../ids/uuid-v7.js';
import {
  aFunction,
  aSink,
  nonEmptyString,
  numberBetween,
  oneOf,
  rule,
  throwIfInvalid,
  wholeNumber,
} from '../options.js';
import { eraseSubject, purgeExpired } from '../privacy/erasure.js';
import type { EraseOptions, ErasureReport, PurgeReport } from '../privacy/erasure.js';
import { privacyEngine } from '../privacy/privacy.js';
import type { Privacy } from '../privacy/privacy.js';
import type { Sink } from '../sinks/sink.js';
import { otelTraceSource } from '../trace/otel.js';
import type { OtelTraceApi } from '../trace/otel.js';
import { RecorderCore } from './core.js';
import type { Layer, RecordedKind } from './envelope.js';
import { createReporter } from './problems.js';
import type { Logger, ProblemReporter } from './problems.js';
import type {
  ContestInput,
  CorrectionInput,
  DecisionInput,
  EntryIdMaker,
  FailMode,
  OverflowPolicy,
  OversightInput,
  RecorderDefaults,
  Recorded,
  RunEventInput,
} from './types.js';

/** Options of {@link createRecorder}. */
export type RecorderOptions<M extends FailMode = 'open'> = {
  /** Where entries go: `ledgerSink(ledger)`, `httpSink({...})`, or either wrapped in `spooledSink({...})`. */
  readonly sink: Sink;
  /** The agent whose decisions these are (`decision.agent` unless a call gives its own). */
  readonly agent: Decision['agent'];
  /**
   * Producer id in every envelope (`[A-Za-z0-9._:@/-]`, at most 128). Default: the agent id and a fresh UUIDv7,
   * so each recorder instance is its own producer and its sequence starts at 0 without gaps. Reusing an id
   * across restarts needs `startSeq` to continue the sequence.
   */
  readonly producerId?: string;
  /** First sequence number (default 0). */
  readonly startSeq?: number;
  readonly defaults?: RecorderDefaults;
  /** Default `'open'`. */
  readonly failMode?: M;
  /** Called with every problem; its exceptions are swallowed. */
  readonly onProblem?: ProblemReporter;
  /** Default `console`; `false` for none. */
  readonly logger?: Logger | false;
  /** Most entries waiting in memory (default 10,000). */
  readonly maxQueue?: number;
  /** See {@link OverflowPolicy}; the default depends on the sink and the fail mode. */
  readonly overflow?: OverflowPolicy;
  /** Most entries per sink write (default 256). */
  readonly batchSize?: number;
  /**
   * How long, in ms, an entry may wait in memory for others to join its sink write (default 5 under fail-open, 0
   * under fail-closed, where the caller waits for durability). The pump goes at once when `batchSize` entries are
   * queued, on `flush()` and on `close()`. Fewer, larger writes cost the caller's thread less: an in-process
   * ledger fsyncs and signs a checkpoint per write.
   */
  readonly lingerMs?: number;
  /** Redaction, sealing, erasure and retention (see `createPrivacy`). */
  readonly privacy?: Privacy;
  /** `@opentelemetry/api`'s `trace` to read the active span from; default: loaded if installed; `false`: off. */
  readonly otel?: OtelTraceApi | false;
  /** Milliseconds since the epoch (default `Date.now`). */
  readonly clock?: () => number;
  /**
   * Makes each entry's id (default: a UUIDv7 of the clock's time). Ids derived from the producer and sequence make a
   * replayed run record the same ids, which the ledger stores once. An id that is not `[A-Za-z0-9._:@/-]{1,128}`
   * refuses the entry, naming `id`.
   */
  readonly entryId?: EntryIdMaker;
};

/**
 * Records decisions and the entries linked to them. Calls return at once under fail-open and resolve once
 * durable under fail-closed; a background pump batches entries to the sink.
 */
export type Recorder<M extends FailMode = 'open'> = {
  readonly producerId: string;
  readonly failMode: M;
  decision(input: DecisionInput): Recorded<M>;
  oversight(input: OversightInput): Recorded<M>;
  contest(input: ContestInput): Recorded<M>;
  correct(input: CorrectionInput): Recorded<M>;
  runEvent(input: RunEventInput): Recorded<M>;
  /** A view with more defaults (a run, a model) sharing this recorder's producer, sequence and queue. */
  with(defaults: RecorderDefaults): Recorder<M>;
  /** Resolves once every entry recorded so far is durable (or has failed and been reported). */
  flush(): Promise<void>;
  /** Refuses new entries, flushes, closes the sink. */
  close(): Promise<void>;
  /** Crypto-shreds a data subject and appends a tombstone; refused (not thrown) under legal hold. */
  eraseSubject(subjectRef: string, options: EraseOptions): Promise<Result<ErasureReport>>;
  /** Erases every subject past the maximum of its retention classes. */
  purgeExpired(options?: { readonly now?: Date }): Promise<PurgeReport>;
};

const PRODUCER_CHARS = /[^A-Za-z0-9._:@/-]/g;

/** The linger of a fail-open recorder unless told otherwise: enough for a burst of decisions to share a write. */
const DEFAULT_LINGER_MS = 5;

const FAIL_MODES = ['open', 'closed'] as const satisfies readonly FailMode[];
const OVERFLOW_POLICIES = [
  'spool',
  'block',
  'drop-oldest-and-report',
  'reject',
] as const satisfies readonly OverflowPolicy[];

function checkOptions(options: RecorderOptions<FailMode>): void {
  const { agent, sink, producerId } = options as Partial<RecorderOptions<FailMode>>;
  throwIfInvalid('createRecorder', [
    aSink('sink', sink, 'ledgerSink(…), httpSink(…) or spooledSink(…)'),
    nonEmptyString('agent.id', agent?.id),
    rule(
      'producerId',
      // The envelope's id rule, checked now so that a bad producer id fails here and not on every entry later.
      producerId === undefined || idSchema.safeParse(producerId).success,
      '1 to 128 characters of [A-Za-z0-9._:@/-]',
      describeValue(producerId),
    ),
    wholeNumber('startSeq', options.startSeq, 0),
    oneOf('failMode', options.failMode, FAIL_MODES),
    oneOf('overflow', options.overflow, OVERFLOW_POLICIES),
    wholeNumber('maxQueue', options.maxQueue, 1),
    wholeNumber('batchSize', options.batchSize, 1),
    numberBetween('lingerMs', options.lingerMs, 0, 60_000),
    aFunction('onProblem', options.onProblem),
    aFunction('clock', options.clock),
    aFunction('entryId', options.entryId),
  ]);
}

/**
 * Creates a recorder.
 *
 * @example
 * const recorder = createRecorder({
 *   sink: spooledSink({ sink: httpSink({ url: 'http://cairn:8080', token }), dir: '.cairn/spool' }),
 *   agent: { id: 'underwriter', version: '3.2.0' },
 *   defaults: { run: { orchestrator: 'trigger.dev', id: ctx.run.id }, aiRole: 'advisory' },
 * });
 * const { id } = recorder.decision({ type: 'loan.underwriting', context, alternatives, chosen: { label: 'approve' } });
 */
export function createRecorder<M extends FailMode = 'open'>(options: RecorderOptions<M>): Recorder<M> {
  checkOptions(options);
  const failMode = (options.failMode ?? 'open') as M;
  const overflow =
    options.overflow ??
    (options.sink.journalsSynchronously ? 'spool' : failMode === 'closed' ? 'block' : 'reject');
  if (overflow === 'block' && failMode !== 'closed')
    throw new CairnError('config', "overflow 'block' needs failMode 'closed': fail-open calls cannot wait");
  if (overflow === 'spool' && !options.sink.journalsSynchronously)
    throw new CairnError('config', "overflow 'spool' needs a spooledSink");
  const nextId = createUuidV7();
  const report = createReporter(
    options.onProblem,
    options.logger === false ? undefined : (options.logger ?? console),
  );
  options.sink.bind?.(report);
  const core = new RecorderCore({
    sink: options.sink,
    producerId:
      options.producerId ?? `${options.agent.id.replace(PRODUCER_CHARS, '-').slice(0, 86)}:${nextId()}`,
    startSeq: options.startSeq ?? 0,
    failMode,
    maxQueue: options.maxQueue ?? 10_000,
    overflow,
    batchSize: options.batchSize ?? 256,
    lingerMs: options.lingerMs ?? (failMode === 'open' ? DEFAULT_LINGER_MS : 0),
    privacy: options.privacy ? privacyEngine(options.privacy) : undefined,
    traceSource: otelTraceSource(options.otel),
    clock: options.clock ?? Date.now,
    entryId: options.entryId ?? ((made) => nextId(made.nowMs)),
    report,
  });
  return view(core, { ...options.defaults, agent: options.agent });
}

function view<M extends FailMode>(core: RecorderCore, layer: Layer): Recorder<M> {
  const closed = core.settings.failMode === 'closed';
  const record =
    (kind: RecordedKind) =>
    (input: unknown): Recorded<M> =>
      (closed ? core.recordClosed(kind, input, layer) : core.recordOpen(kind, input, layer)) as Recorded<M>;
  return Object.freeze({
    producerId: core.settings.producerId,
    failMode: core.settings.failMode as M,
    decision: record('decision'),
    oversight: record('oversight'),
    contest: record('contest'),
    correct: record('correction'),
    runEvent: record('run_event'),
    with: (defaults: RecorderDefaults) => view<M>(core, mergeLayer(layer, defaults)),
    flush: () => core.flush(),
    close: () => core.close(),
    eraseSubject: (subjectRef: string, erase: EraseOptions) => eraseSubject(core, layer, subjectRef, erase),
    purgeExpired: (purge?: { readonly now?: Date }) => purgeExpired(core, layer, purge),
  });
}

function mergeLayer(layer: Layer, defaults: RecorderDefaults): Layer {
  const run = layer.run && defaults.run ? { ...layer.run, ...defaults.run } : (defaults.run ?? layer.run);
  const tags =
    layer.tags && defaults.tags
      ? [...new Set([...layer.tags, ...defaults.tags])]
      : (defaults.tags ?? layer.tags);
  return { ...layer, ...defaults, run, tags };
}
