// The leaf formats of the record schema. Each schema carries its expectation as zod error text, so a problem
// reads `<path>: expected <that text>, got <what came>` (see problems.ts).
import { z } from 'zod';
import { describeValue } from '../result.js';
import { MAX_ID, MAX_ITEMS, MAX_TEXT } from './limits.js';

const count = (n: number) => n.toLocaleString('en-US');

/** A non-empty string of at most `max` characters (10,000 unless said). */
export function text(max: number = MAX_TEXT) {
  return z
    .string('a non-empty string')
    .min(1, 'a non-empty string')
    .max(max, `a string of at most ${count(max)} characters`);
}

const ID_TEXT = `an id of 1..${MAX_ID} characters of [A-Za-z0-9._:@/-]`;

/** Entry ids, ref ids and producer ids: safe in URLs, file names and log lines. */
export const idSchema = z.string(ID_TEXT).regex(/^[A-Za-z0-9._:@/-]{1,128}$/, ID_TEXT);

/** A whole number from `min` up to 2^53 − 1 (beyond that a JSON reader may already have rounded it). */
export function wholeNumber(min: number) {
  const phrase = `a whole number of at least ${min}`;
  return z.int(phrase).min(min, phrase);
}

/** A finite number from `min` to `max` inclusive. @example numberBetween(0, 1) for confidence */
export function numberBetween(min: number, max: number) {
  const phrase = `a number between ${min} and ${max}`;
  return z.number(phrase).min(min, phrase).max(max, phrase);
}

/** A list of at most 100 items. */
export function list<T extends z.ZodType>(item: T, what: string) {
  return z.array(item, `a list of ${what}`).max(MAX_ITEMS, `at most ${MAX_ITEMS} ${what}`);
}

// RFC 3339 §5.6 date-time, upper-case T and Z only, any number of fraction digits (Prefect sends microseconds).
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;
const TIME_TEXT = 'an RFC 3339 time such as 2026-11-23T14:24:56.123Z';

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Days in a month of the proleptic Gregorian calendar, as `Date.UTC(year, month, 0)` finds them: that call reads
 * years 0 to 99 as 1900 to 1999, so year 0 counts as no leap year, and this keeps it so (nothing accepted changes).
 */
export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1]!;
  const y = year <= 99 && year >= 0 ? 1900 + year : year;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** The number written by `count` ASCII digits at `at` (`\d` without the u flag), or -1 where any is not one. */
function digitsAt(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    // Past the end charCodeAt gives NaN, which fails this test too.
    if (!(digit >= 0 && digit <= 9)) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/** Where the zone starts: after the seconds and an optional fraction of 1 to 9 digits; -1 when that is malformed. */
function zoneStart(text: string): number {
  if (text.charCodeAt(19) !== 46 /* . */) return 19;
  let end = 20;
  while (end < text.length && end < 29 && digitsAt(text, end, 1) >= 0) end++;
  return end > 20 ? end : -1;
}

/** True when the text ends with a zone at `at`: `Z`, or `±hh:mm` with hh ≤ 23 and mm ≤ 59. */
function offsetOk(text: string, at: number): boolean {
  const sign = text.charCodeAt(at);
  if (sign === 90 /* Z */) return text.length === at + 1;
  if ((sign !== 43 && sign !== 45) /* + - */ || text.length !== at + 6 || text.charCodeAt(at + 3) !== 58)
    return false;
  const hours = digitsAt(text, at + 1, 2);
  const minutes = digitsAt(text, at + 4, 2);
  return hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59;
}

/**
 * True when `value` has the form of RFC 3339 §5.6 (`YYYY-MM-DDThh:mm:ss`, an optional fraction of 1 to 9 digits, `Z`
 * or `±hh:mm`), every field is in range and the instant parses. Read character by character: the pattern's match
 * allocates ten strings, and two times are checked for every entry sealed. The tests hold it equal to the pattern.
 * Leap seconds (`:60`, allowed by RFC 3339 §5.7) are refused on purpose: JavaScript dates cannot hold them, so
 * readers could not order the entry.
 */
export function isRfc3339Time(value: string): boolean {
  if (value.length < 20) return false;
  const at = (i: number, code: number) => value.charCodeAt(i) === code;
  if (!at(4, 45) || !at(7, 45) || !at(10, 84) || !at(13, 58) || !at(16, 58)) return false; // - - T : :
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  const second = digitsAt(value, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  const zone = zoneStart(value);
  return zone >= 0 && offsetOk(value, zone) && Number.isFinite(Date.parse(value));
}

/** An RFC 3339 time with `Z` or an offset, kept byte for byte as sent (nothing is normalised). */
export const timeSchema = z
  .string(TIME_TEXT)
  .max(64, TIME_TEXT)
  .regex(RFC3339, TIME_TEXT)
  .superRefine((value, ctx) => {
    // A valid time (nearly every one) settles it with one match; the pattern itself is the check above.
    if (!isRfc3339Time(value) && RFC3339.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: `expected ${TIME_TEXT}, got ${describeValue(value)}, which is not a real instant`,
        params: { code: 'invalid_format' },
      });
    }
  })
  .meta({ format: 'date-time' });

const DIGEST_TEXT = 'a digest of the form sha256:<64 lowercase hex digits>';

/** `sha256:<64 lowercase hex>`: prompt and policy hashes, payload digests, redaction commitments. */
export const digestSchema = z.string(DIGEST_TEXT).regex(/^sha256:[0-9a-f]{64}$/, DIGEST_TEXT);

const LEAF_TEXT = '64 lowercase hex digits';

/** An RFC 9162 leaf hash in lowercase hex. */
export const leafHashSchema = z.string(LEAF_TEXT).regex(/^[0-9a-f]{64}$/, LEAF_TEXT);

/** W3C Trace Context §3.2.2.3 / §3.2.2.4: lowercase hex of a fixed length, and all zeros is invalid. */
function traceHex(digits: number, what: string) {
  const phrase = `a W3C ${what} of ${digits} lowercase hex digits, not all zero`;
  return z.string(phrase).regex(new RegExp(`^(?!0{${digits}}$)[0-9a-f]{${digits}}$`), phrase);
}

export const traceIdSchema = traceHex(32, 'trace id');
export const spanIdSchema = traceHex(16, 'span id');

const URL_TEXT = 'an http or https URL';

/** A deep link: http and https only, so a stored link can never run script (`javascript:`) or read files. */
export const httpUrlSchema = z
  .string(URL_TEXT)
  .max(MAX_TEXT, `a URL of at most ${count(MAX_TEXT)} characters`)
  .pipe(z.url({ protocol: /^https?$/, error: URL_TEXT }))
  // The generated JSON Schema shows the output side of the pipe (format: uri): restate the bounds there.
  .meta({ pattern: '^https?://', maxLength: MAX_TEXT });

const EMAIL = /[^\s@]+@[^\s@]+\.[A-Za-z]{2,}/;
const PHONE_CHARS = /^\+?[\d\s().-]+$/;

/** What a subject reference looks like when it is not pseudonymous, or undefined when nothing is recognised. */
export function identifyingForm(ref: string): 'an email address' | 'a phone number' | undefined {
  // The pattern cannot match without an @, and testing it costs time quadratic in the length of the text.
  if (ref.includes('@') && EMAIL.test(ref)) return 'an email address';
  if (!PHONE_CHARS.test(ref)) return undefined;
  // E.164 numbers have at most 15 digits; 7 is the shortest subscriber number in common use.
  const digits = ref.replace(/\D/g, '').length;
  return digits >= 7 && digits <= 15 ? 'a phone number' : undefined;
}

/**
 * A pseudonymous data-subject reference (GDPR Art. 4(5)): an opaque key such as an HMAC of the customer id.
 * Something that looks like an email address or a phone number is refused without echoing it.
 */
export const pseudonymousRefSchema = text().superRefine((ref, ctx) => {
  const form = identifyingForm(ref);
  if (form !== undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `expected a pseudonymous reference, got something that looks like ${form}`,
      params: { code: 'not_pseudonymous' },
    });
  }
});

/** One of the given strings. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, `one of ${values.join(', ')}`);
}
