// Building the ledger entries the demo's Python producers and review tools record (decisions, oversight, contests,
// corrections): the envelope of docs/architecture.md, gap-free producer sequences, and core's validateEntry on every
// one, so the demo never sends what a real producer could not.
import { CairnError, formatProblems, validateEntry } from '@cairn/core';
import type {
  Contest,
  Correction,
  Decision,
  Entry,
  EntryRef,
  Oversight,
  RunLink,
  TraceContext,
} from '@cairn/core';
import { isoMillis } from './clock.js';
import type { Micros } from './clock.js';

/** A producer with its gap-free sequence (an SDK recorder, a Python client process, a review console). */
export type Producer = {
  readonly id: string;
  /** The next `{ id, seq }`, counting from 0. */
  next(): { readonly id: string; readonly seq: number };
};

/**
 * A producer whose sequence starts at 0, as every SDK recorder and Python client process does.
 *
 * @example const worker = producer('py:airflow-worker-1:4211:9c1e0a'); worker.next() // { id, seq: 0 }
 */
export function producer(id: string): Producer {
  let seq = 0;
  return Object.freeze({ id, next: () => ({ id, seq: seq++ }) });
}

/** Envelope fields of one entry; `recordedAt` is when the demo recorded it, `occurredAt` the story's time. */
export type Envelope = {
  readonly id: string;
  readonly occurredAt: Micros;
  readonly recordedAt: string;
  readonly producer: Producer;
  readonly run?: RunLink | undefined;
  readonly trace?: TraceContext | undefined;
  readonly refs?: readonly EntryRef[] | undefined;
  readonly subject?: { readonly ref: string } | undefined;
  readonly retention?: { readonly class: string } | undefined;
  readonly tags?: readonly string[] | undefined;
};

/** The body of each kind the demo records, under its key. */
export type Body =
  | { readonly kind: 'decision'; readonly decision: Decision }
  | { readonly kind: 'oversight'; readonly oversight: Oversight }
  | { readonly kind: 'contest'; readonly contest: Contest }
  | { readonly kind: 'correction'; readonly correction: Correction };

/**
 * One entry, checked by `validateEntry`. An entry the schema refuses is a bug in the demo: it throws
 * `CairnError('invalid_entry')` listing every problem.
 *
 * @example const entry = buildEntry({ kind: 'decision', decision }, { id, occurredAt, recordedAt, producer, run });
 */
export function buildEntry(body: Body, envelope: Envelope): Entry {
  const { kind, ...rest } = body;
  const candidate = {
    v: 1,
    kind,
    id: envelope.id,
    occurredAt: isoMillis(envelope.occurredAt),
    recordedAt: envelope.recordedAt,
    producer: envelope.producer.next(),
    run: envelope.run,
    trace: envelope.trace,
    refs: envelope.refs,
    subject: envelope.subject,
    retention: envelope.retention,
    tags: envelope.tags,
    ...rest,
  };
  const checked = validateEntry(candidate);
  if (!checked.ok) {
    throw new CairnError('invalid_entry', `demo entry ${envelope.id}: ${formatProblems(checked.problems)}`);
  }
  return checked.value;
}
