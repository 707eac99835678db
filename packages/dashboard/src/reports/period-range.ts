// A period of time as a range of leaf indices. A bundle proves a contiguous index range, so a period [from, to)
// becomes the smallest range holding every sealed entry that occurred in it (the same rule as `cairn export
// --since --until`); entries in between that occurred outside the period come along and are counted apart.
import { CairnError } from '@cairn/core';
import type { Ledger } from '@cairn/ledger';

/** The index range of a period. */
export type PeriodRange = {
  readonly first: number;
  readonly end: number;
  /** Entries of the range whose `occurredAt` lies in the period. */
  readonly inPeriod: number;
  /** The size of the latest checkpoint: only entries below it were considered (they are the provable ones). */
  readonly sealed: number;
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/i;

function parseTime(field: 'from' | 'to', value: string): number {
  const time = RFC3339.test(value)
    ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
    : Number.NaN;
  if (Number.isNaN(time)) {
    throw new CairnError(
      'invalid_argument',
      `${field}: expected an RFC 3339 date or time like 2026-11-01T00:00:00Z, got ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return time;
}

/**
 * The leaf range of the period [from, to) among the entries under the latest checkpoint. Streams them once in
 * index order, in constant memory. With no entry in the period the range is empty, placed at the first entry that
 * occurred after it (or at the end).
 *
 * @example
 * const { first, end } = await periodRange(ledger, '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');
 */
export async function periodRange(
  ledger: Pick<Ledger, 'entries' | 'latestCheckpoint'>,
  from: string,
  to: string,
): Promise<PeriodRange> {
  const [since, until] = [parseTime('from', from), parseTime('to', to)];
  if (until < since)
    throw new CairnError('invalid_argument', `to: expected a time at or after from (${from}), got ${to}`);
  const sealed = (await ledger.latestCheckpoint())?.size ?? 0;
  let first: number | undefined;
  let last = -1;
  let after: number | undefined;
  let inPeriod = 0;
  for await (const { entry, index } of ledger.entries({ from: 0, to: sealed })) {
    const time = Date.parse(entry.occurredAt);
    if (time >= since && time < until) {
      first ??= index;
      last = index;
      inPeriod++;
    } else if (time >= until) {
      after ??= index;
    }
  }
  if (first === undefined) {
    const at = after ?? sealed;
    return { first: at, end: at, inPeriod: 0, sealed };
  }
  return { first, end: last + 1, inPeriod, sealed };
}
