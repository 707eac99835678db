import { CairnError, describeValue, fail, problem, validateEntry } from '@cairn/core';
import type { Problem } from '@cairn/core';
import type { PrivacyEngine } from '../privacy/privacy.js';
import type { Sink } from '../sinks/sink.js';
import type { TraceSource } from '../trace/otel.js';
import { Capture } from './capture.js';
import { dispatch } from './dispatch.js';
import type { DispatchContext } from './dispatch.js';
import { BODY_KEY, buildEnvelope, describeInvalid, splitInput, withDecisionDefaults } from './envelope.js';
import type { Layer, RecordedKind } from './envelope.js';
import { Fifo } from './fifo.js';
import type { ProblemReporter } from './problems.js';
import type { Captured, EntryIdMaker, FailMode, OverflowPolicy, Refused } from './types.js';

/** Settings of the shared recorder machinery, resolved by `createRecorder`. */
export type CoreSettings = {
  readonly sink: Sink;
  readonly producerId: string;
  readonly startSeq: number;
  readonly failMode: FailMode;
  readonly maxQueue: number;
  readonly overflow: OverflowPolicy;
  readonly batchSize: number;
  /** How long a lone entry waits for others to join its batch (see RecorderOptions.lingerMs). */
  readonly lingerMs: number;
  readonly privacy: PrivacyEngine | undefined;
  readonly traceSource: TraceSource | undefined;
  readonly clock: () => number;
  readonly entryId: EntryIdMaker;
  readonly report: ProblemReporter;
};

/**
 * The state every view of one recorder shares (`recorder.with(...)` makes views): the per-producer sequence, the
 * bounded queue and the pump that moves batches to the sink.
 */
export class RecorderCore {
  readonly settings: CoreSettings;
  #seq: number;
  #queue = new Fifo<Capture>();
  #ctx: DispatchContext;
  #scheduled = false;
  #lingering: ReturnType<typeof setTimeout> | undefined;
  #pumping = false;
  #inFlight = 0;
  #idleWaiters: (() => void)[] = [];
  #roomWaiters: (() => void)[] = [];
  #closing: Promise<void> | undefined;

  constructor(settings: CoreSettings) {
    this.settings = settings;
    this.#seq = settings.startSeq;
    this.#ctx = { sink: settings.sink, privacy: settings.privacy, report: settings.report };
  }

  /** Fail-open capture: returns at once and never throws. */
  recordOpen(kind: RecordedKind, input: unknown, layer: Layer): Captured | Refused {
    try {
      if (this.#closing)
        return this.#refuse(kind, [problem('', 'closed', 'the recorder is closed')], 'closed');
      if (this.#queue.length >= this.settings.maxQueue && this.settings.overflow === 'reject') {
        return this.#refuse(
          kind,
          [problem('', 'queue_full', `the queue holds ${this.settings.maxQueue} entries (maxQueue)`)],
          'queue_full',
        );
      }
      const made = this.capture(kind, input, layer);
      if ('problems' in made) return this.#refuse(kind, made.problems, 'invalid_entry');
      this.admit(made.capture);
      return made.capture;
    } catch (error) {
      return this.#refuse(
        kind,
        [problem('', 'internal', `capture failed: ${(error as Error).message}`)],
        'lost',
      );
    }
  }

  /** Fail-closed capture: resolves once the entry is durable, rejects when it is invalid or cannot be stored. */
  async recordClosed(kind: RecordedKind, input: unknown, layer: Layer): Promise<Captured> {
    if (this.#closing) throw new CairnError('closed', 'the recorder is closed');
    if (this.#queue.length >= this.settings.maxQueue || this.#roomWaiters.length > 0) {
      if (this.settings.overflow === 'reject')
        throw new CairnError('unavailable', `the queue holds ${this.settings.maxQueue} entries (maxQueue)`);
      if (this.settings.overflow === 'block')
        await new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
    }
    const made = this.capture(kind, input, layer);
    this.#releaseRoom();
    if ('problems' in made) {
      throw new CairnError('invalid_entry', describeInvalid(kind, made.problems), {
        cause: { problems: made.problems },
      });
    }
    const durable = made.capture.whenDurable();
    this.admit(made.capture);
    return durable;
  }

  /** Validates and builds an entry; assigns the next sequence number only when it is valid. */
  capture(
    kind: RecordedKind,
    input: unknown,
    layer: Layer,
  ): { capture: Capture } | { problems: readonly Problem[] } {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return {
        problems: [problem('', 'invalid_type', `expected a ${kind} object, got ${describeValue(input)}`)],
      };
    }
    const split = splitInput(input as Record<string, unknown>);
    const body = kind === 'decision' ? withDecisionDefaults(split.body, layer) : split.body;
    const nowMs = this.settings.clock();
    const id = this.settings.entryId({ producerId: this.settings.producerId, seq: this.#seq, nowMs });
    const privacy = this.settings.privacy;
    const applied =
      privacy && kind !== 'erasure'
        ? privacy.apply(kind, BODY_KEY[kind], body, {
            entryId: id,
            subjectRef:
              typeof split.envelope.subject?.ref === 'string' ? split.envelope.subject.ref : undefined,
          })
        : { body, redactions: [], secrets: [], problems: [] };
    const candidate = buildEnvelope(split, {
      kind,
      id,
      producer: { id: this.settings.producerId, seq: this.#seq },
      nowMs,
      layer,
      traceSource: this.settings.traceSource,
      body: applied.body,
      redactions: applied.redactions,
    });
    const result = validateEntry(candidate);
    if (!result.ok || applied.problems.length > 0)
      return { problems: [...applied.problems, ...(result.ok ? [] : result.problems)] };
    this.#seq += 1;
    return { capture: new Capture(result.value, applied.secrets.length > 0 ? applied.secrets : undefined) };
  }

  /** Resolves once every entry captured so far is durable (or has failed and been reported). */
  flush(): Promise<void> {
    if (this.#idle()) return Promise.resolve();
    this.#schedule(0);
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Refuses new entries, flushes, then closes the sink. */
  close(): Promise<void> {
    this.#closing ??= this.flush().then(() => this.settings.sink.close?.());
    return this.#closing;
  }

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /** Queues an accepted entry, applying the overflow policy when the queue is full. */
  admit(capture: Capture): void {
    if (this.#queue.length >= this.settings.maxQueue) this.#overflow();
    this.#queue.push(capture);
    this.#schedule(this.#queue.length >= this.settings.batchSize ? 0 : this.settings.lingerMs);
  }

  #overflow(): void {
    const policy = this.settings.overflow;
    if (policy === 'spool') {
      // The sink journals synchronously, and everything taken by the pump earlier is already journaled, so
      // handing it the whole queue from this turn keeps the order of entries.
      void this.#track(dispatch(this.#queue.take(this.#queue.length), this.#ctx));
    } else if (policy === 'drop-oldest-and-report') {
      const dropped = this.#queue.shift()!;
      dropped.take();
      dropped.settle(
        fail([problem('', 'dropped', 'dropped from a full queue (overflow: drop-oldest-and-report)')]),
      );
      dropped.notDurable(new CairnError('unavailable', `entry ${dropped.id} was dropped from a full queue`));
      this.settings.report({
        code: 'dropped',
        message: `dropped entry seq ${dropped.seq} from a full queue`,
        entryIds: [dropped.id],
      });
    }
  }

  // The pump runs after `delayMs` (the linger), or on the next turn for 0. A later call for 0 (a full batch, a
  // flush, entries left after a pump) cuts a pending linger short. Fewer, larger sink writes matter most for an
  // in-process ledger, which fsyncs and signs a checkpoint per write on the caller's own thread.
  #schedule(delayMs: number): void {
    if (this.#pumping) return;
    if (this.#scheduled && (delayMs > 0 || this.#lingering === undefined)) return;
    clearTimeout(this.#lingering);
    this.#lingering = undefined;
    this.#scheduled = true;
    if (delayMs === 0) setImmediate(() => void this.#pump());
    else this.#lingering = setTimeout(() => void this.#pump(), delayMs);
  }

  async #pump(): Promise<void> {
    this.#scheduled = false;
    this.#lingering = undefined;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0) {
        await this.#track(dispatch(this.#queue.take(this.settings.batchSize), this.#ctx));
        this.#releaseRoom();
      }
    } finally {
      this.#pumping = false;
      this.#checkIdle();
    }
  }

  #track(work: Promise<void>): Promise<void> {
    this.#inFlight += 1;
    return work
      .catch((cause: unknown) =>
        this.settings.report({
          code: 'lost',
          message: `dispatch failed: ${(cause as Error).message}`,
          cause,
        }),
      )
      .finally(() => {
        this.#inFlight -= 1;
        this.#checkIdle();
      });
  }

  #releaseRoom(): void {
    if (this.#roomWaiters.length > 0 && this.#queue.length < this.settings.maxQueue)
      this.#roomWaiters.shift()!();
  }

  #idle(): boolean {
    return this.#queue.length === 0 && this.#inFlight === 0 && !this.#pumping;
  }

  #checkIdle(): void {
    if (this.#queue.length > 0 && !this.#pumping) this.#schedule(0);
    if (this.#idle()) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  #refuse(
    kind: RecordedKind,
    problems: readonly Problem[],
    code: 'closed' | 'queue_full' | 'invalid_entry' | 'lost',
  ): Refused {
    const message =
      code === 'invalid_entry'
        ? describeInvalid(kind, problems)
        : `${kind} entry refused: ${problems.map((p) => p.message).join('; ')}`;
    this.settings.report({ code, message, problems });
    const sealed = Promise.resolve(fail(problems));
    return { ok: false, id: undefined, seq: undefined, problems, sealed };
  }
}
