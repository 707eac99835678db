// Mapping a time period to the index range an evidence bundle holds. A bundle proves an index range, so a period
// becomes the smallest contiguous range holding every entry whose time falls inside it.
import type { Ledger } from '@cairn/ledger';
import { UsageError } from './io.js';

/** Which time of an entry a period selects on: when it happened, or when its producer recorded it. */
export type TimeField = 'occurred' | 'recorded';

/** A half-open period [since, until) in milliseconds since the epoch; either end may be open. */
export type Period = { readonly since?: number; readonly until?: number; readonly by: TimeField };

const RFC3339 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/i;

/**
 * Reads an RFC 3339 time (or a date, meaning its midnight UTC) given to a flag.
 *
 * @example parseTimeOption('since', '2026-11-01') === Date.UTC(2026, 10, 1)
 */
export function parseTimeOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const millis = RFC3339.test(value)
    ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value)
    : Number.NaN;
  if (Number.isNaN(millis)) {
    throw new UsageError(
      `--${name}: expected an RFC 3339 time such as 2026-11-01T00:00:00Z or a date 2026-11-01, got ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return millis;
}

/**
 * The index range [first, end) of entries 0..limit-1 whose `occurredAt` (or `recordedAt`) lies in the period:
 * first is the lowest matching index, end one past the highest. Entries in between are included whatever their
 * time, since a bundle holds a contiguous range. With no match the range is empty, placed at the first entry at or
 * after the period's end (or at `limit`). Streams the entries once, in constant memory; times compare to the
 * millisecond, whatever offset they were written with.
 *
 * @example const { first, end } = await indexRangeOfPeriod(ledger, { since, until, by: 'occurred' }, 1200);
 */
export async function indexRangeOfPeriod(
  ledger: Ledger,
  period: Period,
  limit: number,
): Promise<{ first: number; end: number }> {
  let first: number | undefined;
  let last: number | undefined;
  let after: number | undefined;
  const since = period.since ?? Number.NEGATIVE_INFINITY;
  const until = period.until ?? Number.POSITIVE_INFINITY;
  for await (const { entry, index } of ledger.entries({ from: 0, to: limit })) {
    const time = Date.parse(period.by === 'occurred' ? entry.occurredAt : entry.recordedAt);
    if (time >= since && time < until) {
      first ??= index;
      last = index;
    } else if (time >= until) {
      after ??= index;
    }
  }
  if (first === undefined || last === undefined) {
    const at = after ?? limit;
    return { first: at, end: at };
  }
  return { first, end: last + 1 };
}
