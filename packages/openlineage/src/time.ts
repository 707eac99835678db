// Orchestrators write times in several dialects: OpenLineage and Prefect send RFC 3339 with `Z` or `+00:00`,
// Python's str(datetime) (what a Jinja template renders) puts a space instead of `T`, and Python emitters
// sometimes drop the offset. Cairn stores RFC 3339 UTC with milliseconds (docs/architecture.md, Conventions).

/** A parsed instant: `iso` is the Cairn form (UTC, milliseconds), `precise` keeps every fractional digit sent. */
export type ParsedTimestamp = { readonly iso: string; readonly precise: string };

// RFC 3339 §5.6 date-time, relaxed: `T`, `t` or a space between date and time; offset optional (read as UTC,
// as Python's naive datetimes are UTC in these producers); offsets with or without the colon.
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Year, month, day, hour, minute, second, offset hours, offset minutes. */
type Fields = [number, number, number, number, number, number, number, number];

function inRange([year, month, day, hour, minute, second, offsetHours, offsetMinutes]: Fields): boolean {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  // RFC 3339 §5.7 allows second 60 (a leap second); Date rolls it into the next minute.
  if (hour > 23 || minute > 59 || second > 60) return false;
  return offsetHours <= 23 && offsetMinutes <= 59;
}

/**
 * Parses an RFC 3339 timestamp (and the Python dialects above) into UTC. Returns undefined for anything that is
 * not a real instant, such as month 13 or February 30.
 *
 * @example parseTimestamp('2026-08-20T10:00:04.517830+02:00')?.iso === '2026-08-20T08:00:04.517Z'
 */
export function parseTimestamp(text: string): ParsedTimestamp | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', , sign = '+', oh = '0', om = '0'] = match;
  const fields = [y, mo, d, h, mi, s, oh, om].map(Number) as Fields;
  if (!inRange(fields)) return undefined;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = fields;
  const offsetMs = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  // setUTCFullYear, unlike Date.UTC, keeps years 0–99 as they are instead of mapping them to 1900–1999.
  const instant = new Date(0);
  instant.setUTCFullYear(year, month - 1, day);
  instant.setUTCHours(hour, minute, second, 0);
  instant.setTime(instant.getTime() - offsetMs);
  // An offset can push 0000-01-01 or 9999-12-31 out of RFC 3339's four-digit years.
  if (instant.getUTCFullYear() < 0 || instant.getUTCFullYear() > 9999) return undefined;
  const base = instant.toISOString().slice(0, 19);
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  return { iso: `${base}.${millis}Z`, precise: fraction === '' ? `${base}Z` : `${base}.${fraction}Z` };
}

/**
 * Reads a Unix time in seconds (what Python's `time.time()` and Dagster's event timestamps give).
 *
 * @example timestampFromSeconds(1787220004.5) === '2026-08-20T10:00:04.500Z'
 */
export function timestampFromSeconds(seconds: number): string | undefined {
  const ms = Math.round(seconds * 1000);
  // ECMA-262 §21.4.1.22: Date covers ±8.64e15 ms; years past 9999 do not fit RFC 3339's four digits.
  if (!Number.isFinite(ms) || ms < 0 || ms > 253_402_300_799_999) return undefined;
  return new Date(ms).toISOString();
}
