// The query of the drift page: the period `?since=&until=` (default the last 30 days, whole UTC days) and the
// window `?window=1d`. Every problem is reported at once, as a bad request.
import { CairnError, describeValue, formatProblems, problem } from '@cairn/core';
import type { Problem } from '@cairn/core';

/** A checked drift query: the period [since, until) in epoch milliseconds and the window length. */
export type DriftQuery = { readonly since: number; readonly until: number; readonly windowMs: number };

/** What the page shows when the query names no period. */
export const DEFAULT_PERIOD_DAYS = 30;

/** Most windows one page charts: past it, bars would be thinner than a pixel on a laptop screen. */
export const MAX_WINDOWS = 400;

const DAY = 86_400_000;
const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: DAY, w: 7 * DAY };
const RFC3339 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/i;

function parseTime(problems: Problem[], field: string, value: string): number {
  // A bare date is midnight UTC, as in the period evidence pack's form.
  const time = RFC3339.test(value) ? Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value) : NaN;
  if (Number.isNaN(time))
    problems.push(
      problem(
        field,
        'invalid_time',
        `${field}: expected an RFC 3339 date or time like 2026-11-01 or 2026-11-01T00:00:00Z, got ${describeValue(value)}`,
      ),
    );
  return time;
}

function parseWindow(problems: Problem[], value: string): number {
  const match = /^(\d{1,4})([mhdw])$/.exec(value);
  const ms = match === null ? NaN : Number(match[1]) * UNIT_MS[match[2]!]!;
  if (!(ms >= 60_000))
    problems.push(
      problem(
        'window',
        'invalid_window',
        `window: expected a length like 30m, 6h, 1d or 1w (at least one minute), got ${describeValue(value)}`,
      ),
    );
  return ms;
}

/**
 * Reads `since`, `until` and `window` from the query; throws `CairnError('invalid_argument')` naming every bad one.
 * Without a period, the last 30 whole UTC days up to the end of today.
 *
 * @example
 * driftQuery({ since: '2026-11-01', until: '2026-12-01' }, new Date()) // { since: 1761955200000, … windowMs: 86400000 }
 */
export function driftQuery(query: Readonly<Record<string, string | undefined>>, now: Date): DriftQuery {
  const problems: Problem[] = [];
  const endOfToday = Math.floor(now.getTime() / DAY) * DAY + DAY;
  const until =
    query['until'] === undefined || query['until'] === ''
      ? endOfToday
      : parseTime(problems, 'until', query['until']);
  const since =
    query['since'] === undefined || query['since'] === ''
      ? until - DEFAULT_PERIOD_DAYS * DAY
      : parseTime(problems, 'since', query['since']);
  const windowMs =
    query['window'] === undefined || query['window'] === '' ? DAY : parseWindow(problems, query['window']);
  if (problems.length === 0 && until <= since)
    problems.push(problem('until', 'out_of_range', 'until: expected a time after since'));
  if (problems.length === 0 && (until - since) / windowMs > MAX_WINDOWS)
    problems.push(
      problem(
        'window',
        'out_of_range',
        `window: the period holds more than ${MAX_WINDOWS} windows of this length; choose a longer window or a shorter period`,
      ),
    );
  if (problems.length > 0) throw new CairnError('invalid_argument', formatProblems(problems));
  return { since, until, windowMs };
}

/**
 * The query string of a drift query, for links and the cache key.
 *
 * @example driftSearch(query) === 'since=2026-11-01T00%3A00%3A00.000Z&until=…&window=1d'
 */
export function driftSearch({ since, until, windowMs }: DriftQuery): string {
  const params = new URLSearchParams({
    since: new Date(since).toISOString(),
    until: new Date(until).toISOString(),
    window: windowText(windowMs),
  });
  return params.toString();
}

/**
 * A window length in the query's own notation: the largest unit that divides it.
 *
 * @example windowText(86_400_000) === '1d'
 */
export function windowText(windowMs: number): string {
  for (const unit of ['w', 'd', 'h', 'm'] as const) {
    const ms = UNIT_MS[unit]!;
    if (windowMs % ms === 0) return `${windowMs / ms}${unit}`;
  }
  return `${windowMs / 60_000}m`;
}
