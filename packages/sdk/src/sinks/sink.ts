import type { AppendResult, Entry, Problem } from '@cairn/core';
import type { ProblemReporter } from '../recorder/problems.js';

/** An entry the destination refused for good (an HTTP 400, a ledger's `invalid_entry`): it is never retried. */
export type Rejection = { readonly id: string; readonly problems: readonly Problem[] };

/** What a sink tells the recorder about a batch besides its receipts. */
export type WriteHooks = {
  /**
   * Called once the whole batch is durably stored, possibly long before it is sealed: a spool calls it after
   * fsync. A sink that never calls it is durable when `write` resolves.
   */
  readonly onDurable?: () => void;
  /** Entries refused for good; they are missing from the resolved results. */
  readonly onRejected?: (rejections: readonly Rejection[]) => void;
};

/**
 * Where a recorder's entries go. `write` resolves with one receipt per stored entry, in order, once they are
 * sealed (committed to a ledger); it rejects when the batch could not be stored at all.
 *
 * @example
 * const sink: Sink = ledgerSink(ledger);
 * const [receipt] = await sink.write([entry]);
 */
export interface Sink {
  write(entries: readonly Entry[], hooks?: WriteHooks): Promise<readonly AppendResult[]>;
  /** Stops background work and releases files and connections; entries not yet delivered stay where they are. */
  close?(): Promise<void>;
  /** The recorder hands over its reporter so background problems (retries, recovery) reach `onProblem`. */
  bind?(report: ProblemReporter): void;
  /**
   * True when `write` appends the batch to a local journal before it returns. Only such a sink may be handed a
   * full queue from the caller's own turn (the `spool` overflow policy) without breaking the order of entries.
   */
  readonly journalsSynchronously?: boolean;
}
