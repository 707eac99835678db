import { CairnError } from '@cairn/core';
import type { AppendResult, Entry } from '@cairn/core';
import type { AuditProblem, ProblemReporter } from '../recorder/problems.js';
import { backoffDelay, createWaiter } from '../sinks/backoff.js';
import type { Backoff } from '../sinks/backoff.js';
import { aFunction, aSink, backoffChecks, nonEmptyString, throwIfInvalid, wholeNumber } from '../options.js';
import type { Rejection, Sink, WriteHooks } from '../sinks/sink.js';
import { Journal } from './journal.js';
import { encodeRecord } from './record-format.js';
import { Tickets } from './tickets.js';

/** Options of {@link spooledSink}. */
export type SpooledSinkOptions = {
  /** Where entries are delivered from the journal: an `httpSink` or a `ledgerSink`. */
  readonly sink: Sink;
  /** The spool directory; one process at a time (a lock file guards it; a dead owner's lock is taken over). */
  readonly dir: string;
  /** Most undelivered bytes kept (default 1 GiB); past it writes are refused with `spool_full`. */
  readonly maxBytes?: number;
  /** Size at which a new segment file is started (default 16 MiB). */
  readonly segmentBytes?: number;
  /** Entries per delivery to the downstream sink (default 256). */
  readonly batchSize?: number;
  /** Backoff between delivery attempts while the downstream sink is unreachable (default 200 ms up to 30 s). */
  readonly retry?: Backoff;
  /** Most entries whose receipts this process waits for (default 100,000); see {@link Tickets}. */
  readonly maxPendingReceipts?: number;
  /** Reports from the spool's background work; a recorder binds its own reporter too. */
  readonly onProblem?: ProblemReporter;
};

/** A sink with a durable journal in front. */
export type SpooledSink = Sink & {
  /** Stops delivering (after the attempt in flight) and closes the journal; undelivered entries stay for the next process. */
  close(): Promise<void>;
  /** Resolves once every journaled entry has been delivered (immediately when none is pending). */
  drained(): Promise<void>;
  /** Bytes journaled and not yet delivered. */
  readonly pendingBytes: number;
};

/**
 * A durable local spool in front of a sink: every batch is appended to an fsynced append-only journal, then
 * delivered in journal order by a background loop that retries with backoff while the sink is unreachable and
 * resumes where it stopped after a restart, SIGKILL included. Delivery is at-least-once from the journal and the
 * sinks are idempotent by entry id, so each entry is stored exactly once in the ledger.
 *
 * @example
 * const sink = spooledSink({ sink: httpSink({ url, token }), dir: '.cairn/spool' });
 * const recorder = createRecorder({ sink, agent: { id: 'underwriter' } });
 */
export function spooledSink(options: SpooledSinkOptions): SpooledSink {
  return Object.freeze(new Spool(options));
}

const READ_BYTES = 4 * 1024 * 1024;

function checkOptions(options: SpooledSinkOptions): void {
  const { sink, dir } = options as Partial<SpooledSinkOptions>;
  throwIfInvalid('spooledSink', [
    aSink('sink', sink, 'httpSink(…) or ledgerSink(…)'),
    nonEmptyString('dir', dir, 'a directory path'),
    wholeNumber('maxBytes', options.maxBytes, 1),
    wholeNumber('segmentBytes', options.segmentBytes, 1),
    wholeNumber('batchSize', options.batchSize, 1),
    ...backoffChecks('retry', options.retry),
    wholeNumber('maxPendingReceipts', options.maxPendingReceipts, 1),
    aFunction('onProblem', options.onProblem),
  ]);
}

class Spool implements SpooledSink {
  readonly journalsSynchronously = true;
  #downstream: Sink;
  #journal: Journal;
  #tickets: Tickets;
  #maxBytes: number;
  #batchSize: number;
  #retry: Backoff;
  #reporters: ProblemReporter[] = [];
  #waiter = createWaiter();
  #drainLoop: Promise<void> | undefined;
  #drainedWaiters: (() => void)[] = [];
  #closed = false;

  constructor(options: SpooledSinkOptions) {
    checkOptions(options);
    if (options.onProblem) this.#reporters.push(options.onProblem);
    this.#downstream = options.sink;
    this.#maxBytes = options.maxBytes ?? 1024 ** 3;
    this.#batchSize = options.batchSize ?? 256;
    this.#retry = options.retry ?? { baseMs: 200, maxMs: 30_000 };
    this.#tickets = new Tickets(options.maxPendingReceipts ?? 100_000);
    this.#journal = new Journal(options.dir, {
      segmentBytes: options.segmentBytes ?? 16 * 1024 * 1024,
      report: (p) => this.#report(p),
    });
    this.#downstream.bind?.((p) => this.#report(p));
    this.#kick();
  }

  get pendingBytes(): number {
    return this.#journal.pendingBytes;
  }

  bind(report: ProblemReporter): void {
    this.#reporters.push(report);
  }

  write(entries: readonly Entry[], hooks?: WriteHooks): Promise<readonly AppendResult[]> {
    if (this.#closed) return Promise.reject(new CairnError('closed', `spool ${this.#journal.dir} is closed`));
    const bytes = Buffer.concat(entries.map(encodeRecord));
    if (this.#journal.pendingBytes + bytes.length > this.#maxBytes) {
      const error = new CairnError(
        'unavailable',
        `spool ${this.#journal.dir} is full (maxBytes ${this.#maxBytes})`,
      );
      this.#report({ code: 'spool_full', message: error.message, entryIds: entries.map((e) => e.id) });
      return Promise.reject(error);
    }
    try {
      this.#journal.append(bytes);
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.#report({ code: 'spool_failed', message: failure.message, cause: error });
      return Promise.reject(failure);
    }
    const receipts = this.#tickets.open(
      entries.map((e) => e.id),
      hooks,
    );
    this.#journal.sync().then(
      () => hooks?.onDurable?.(),
      (cause: unknown) =>
        this.#report({ code: 'spool_failed', message: `spool ${this.#journal.dir}: fsync failed`, cause }),
    );
    this.#kick();
    return receipts;
  }

  drained(): Promise<void> {
    if (this.#journal.pendingBytes === 0 && this.#drainLoop === undefined) return Promise.resolve();
    return new Promise((resolve) => this.#drainedWaiters.push(resolve));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#waiter.stop();
    await this.#drainLoop;
    this.#tickets.releaseAll('the spool was closed; the next process to open it delivers them');
    await this.#journal.close();
    await this.#downstream.close?.();
    for (const resolve of this.#drainedWaiters.splice(0)) resolve();
  }

  #kick(): void {
    if (this.#drainLoop !== undefined || this.#closed) return;
    this.#drainLoop = this.#drain().finally(() => {
      this.#drainLoop = undefined;
      if (this.#journal.pendingBytes === 0) for (const resolve of this.#drainedWaiters.splice(0)) resolve();
    });
  }

  async #drain(): Promise<void> {
    for (let failures = 0; !this.#closed;) {
      const records = this.#journal.read(this.#batchSize, READ_BYTES);
      if (records.length === 0) return;
      const entries = records.map((r) => JSON.parse(r.json) as Entry);
      try {
        const results = await this.#downstream.write(entries, {
          onRejected: (rejections) => this.#rejected(rejections),
        });
        if (failures > 0)
          this.#report({
            code: 'sink_recovered',
            message: `spool ${this.#journal.dir}: delivery resumed after ${failures} failed attempts`,
          });
        failures = 0;
        this.#tickets.delivered(results);
        void this.#journal.commit(records.at(-1)!.end);
      } catch (cause) {
        if (this.#closed) return;
        // Report the start of an outage and then every tenth attempt, not every retry.
        if (failures % 10 === 0) {
          this.#report({
            code: 'sink_unavailable',
            message: `spool ${this.#journal.dir}: delivery failed (${(cause as Error).message}); entries stay in the spool`,
            cause,
          });
        }
        await this.#waiter.sleep(backoffDelay(this.#retry, failures++));
      }
    }
  }

  // Refusals of entries this process wrote reach their recorder through its hooks; the rest are reported here.
  #rejected(rejections: readonly Rejection[]): void {
    const unclaimed = this.#tickets.rejected(rejections);
    if (unclaimed.length === 0) return;
    this.#report({
      code: 'rejected',
      message: `the destination refused ${unclaimed.length} spooled entries; they are skipped`,
      entryIds: unclaimed.map((r) => r.id),
      problems: unclaimed.flatMap((r) => r.problems),
    });
  }

  #report(problem: AuditProblem): void {
    for (const report of this.#reporters) report(problem);
  }
}
