// The demo's clock. Orchestrators write times in their own forms (Python `isoformat()` with `+00:00` and
// microseconds for Airflow, pydantic's `Z` with microseconds for Prefect, Unix seconds for Dagster), so story times
// are kept in whole microseconds since the epoch and formatted per receiver.

/** Microseconds since the Unix epoch (safe as a JS number until the year 2255). */
export type Micros = number;

export const SECOND: Micros = 1_000_000;
export const MINUTE: Micros = 60 * SECOND;
export const HOUR: Micros = 60 * MINUTE;
export const DAY: Micros = 24 * HOUR;

/**
 * The UTC day the story is dated to: the day of `now` minus one hour. The live story runs from 00:00 to 00:59 of
 * that day, so every time it holds is already past at `now`, and every load on the same day tells the same story.
 *
 * @example storyDay(new Date('2026-11-23T14:00:00Z')) === Date.UTC(2026, 10, 23) * 1000
 */
export function storyDay(now: Date): Micros {
  const ms = now.getTime() - 3_600_000;
  if (!Number.isFinite(ms)) throw new RangeError('now: expected a valid Date');
  return Math.floor(ms / 86_400_000) * 86_400_000 * 1000;
}

/** `YYYY-MM-DD` of a day. @example dayLabel(storyDay(now)) === '2026-11-23' */
export function dayLabel(day: Micros): string {
  return isoMillis(day).slice(0, 10);
}

/** RFC 3339 UTC with milliseconds, the form of Cairn entries. @example isoMillis(0) === '1970-01-01T00:00:00.000Z' */
export function isoMillis(time: Micros): string {
  return new Date(Math.floor(time / 1000)).toISOString();
}

function seconds(time: Micros): string {
  return isoMillis(time).slice(0, 19);
}

function fraction(time: Micros): string {
  return String(((time % SECOND) + SECOND) % SECOND).padStart(6, '0');
}

/**
 * Python's `datetime.isoformat()` of an aware UTC datetime: microseconds only when non-zero, offset `+00:00`
 * (what Airflow and its OpenLineage provider send).
 *
 * @example pythonIso(Date.UTC(2026, 7, 20, 10) * 1000 + 123456) === '2026-08-20T10:00:00.123456+00:00'
 */
export function pythonIso(time: Micros): string {
  const micro = fraction(time);
  return `${seconds(time)}${micro === '000000' ? '' : `.${micro}`}+00:00`;
}

/**
 * Pydantic's JSON form of Prefect's event times: always six fraction digits and `Z`.
 *
 * @example prefectIso(Date.UTC(2026, 2, 31, 18, 30) * 1000) === '2026-03-31T18:30:00.000000Z'
 */
export function prefectIso(time: Micros): string {
  return `${seconds(time)}.${fraction(time)}Z`;
}

/** Unix seconds as a float, as Dagster's `event.timestamp`. @example unixSeconds(1_500_000) === 1.5 */
export function unixSeconds(time: Micros): number {
  return time / SECOND;
}
