// The fast path of parseJson: the engine's JSON.parse does the parsing, then one walk of its result and two cheap
// looks at the text find what JSON.parse cannot refuse under I-JSON (RFC 7493). It never decides that a text is
// bad; it only vouches for texts it can prove good, and parseJson hands every other text to the exhaustive parser,
// so problems and messages come from one place. A false alarm costs time, never a wrong answer.

/** The I-JSON rules json.ts owns, passed in so that this module does not import json.ts (which imports it). */
export type NativeParseRules = {
  /** Deepest nesting of arrays and objects allowed. */
  readonly maxDepth: number;
  /** True when a decoded string or key holds an unpaired surrogate (RFC 7493 §2.1). */
  readonly hasLoneSurrogate: (value: string) => boolean;
};

// Every surrogate in a decoded string comes from a raw one or from a \uD800–\uDFFF escape, so a text without either
// needs no string checks. The escape pattern may also hit an escaped backslash followed by "uD8…": that only costs
// a walk. (V8 answers the raw pattern at once for a text of Latin-1 characters only.)
const RAW_SURROGATE = /[\uD800-\uDFFF]/;
const SURROGATE_ESCAPE = /\\ud[89a-f]/i;

// JSON.parse reads a nonzero number too small for binary64 as 0, and only the text shows it. Such a token has
// an exponent of -100 or below (three significant digits) or at least 224 zeros after "0.": with an exponent of -99
// or more and at most 223 such zeros a nonzero value is at least 10^-224 · 10^-99 = 10^-323, above 2^-1075
// (about 2.5e-324), the largest magnitude that binary64 rounds to 0. ZEROS asks for 200, to spare margin.
// The lookahead holds for every number token, which JSON ends with a delimiter (never a quote), and keeps ids like
// "…4e-4281-…", "…9e-123abc" or a UUID ending "…a18e-000000000123" from sending a text to the slow parser. Two searches, not one alternation: each then starts
// with a literal, which V8 finds with a fast string search (about four times faster on a 5 KB text).
const SMALL_EXPONENT = /e-0*[1-9]\d{2,}(?![\w.+"-])/i;
const ZEROS = `.${'0'.repeat(200)}`;

/**
 * The value of `text` when JSON.parse reads it exactly as parseJson's reference parser would accept it; undefined
 * when the text is not JSON or when it may break an I-JSON rule (the caller then runs the reference parser).
 *
 * @example parseNatively('{"a":1}', rules)?.value // { a: 1 }; parseNatively('{"a":1,"a":2}', rules) === undefined
 */
export function parseNatively(
  text: string,
  rules: NativeParseRules,
): { readonly value: unknown } | undefined {
  let value: unknown;
  try {
    // Refuses every syntax error and a leading BOM (not JSON whitespace); throws RangeError when nesting is so
    // deep that the engine runs out of stack.
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const audit = new Audit(rules, mayHoldSurrogates(text));
  if (!audit.visit(value, 0)) return undefined;
  if (audit.sawZero && mayUnderflow(text)) return undefined;
  // RFC 7493 §2.3: JSON.parse keeps the last of two equal keys. Each parsed object comes from its own object of the
  // text and has as many keys as that one has members, or fewer when it repeats a key (values dropped with a repeated
  // key only lower the parsed total), so the totals are equal exactly when no key repeats. Then the walk has also
  // seen every value and container of the text, which makes its depth and number checks those of the text.
  if (audit.keys !== countMembers(text)) return undefined;
  return { value };
}

function mayHoldSurrogates(text: string): boolean {
  return RAW_SURROGATE.test(text) || (text.includes('\\u') && SURROGATE_ESCAPE.test(text));
}

function mayUnderflow(text: string): boolean {
  return SMALL_EXPONENT.test(text) || text.includes(ZEROS);
}

/** One walk of a JSON.parse result: counts keys, bounds nesting, checks numbers and (when hinted) strings. */
class Audit {
  keys = 0;
  sawZero = false;
  readonly #rules: NativeParseRules;
  readonly #checkStrings: boolean;

  constructor(rules: NativeParseRules, checkStrings: boolean) {
    this.#rules = rules;
    this.#checkStrings = checkStrings;
  }

  /** False when `value`, at `depth` enclosing containers, breaks a rule; the walk then stops. */
  visit(value: unknown, depth: number): boolean {
    if (typeof value === 'number') return this.#number(value);
    if (typeof value === 'string') return !this.#checkStrings || !this.#rules.hasLoneSurrogate(value);
    if (typeof value !== 'object' || value === null) return true;
    // Checked before descending, so the walk itself never goes deeper than the limit.
    if (depth >= this.#rules.maxDepth) return false;
    return Array.isArray(value)
      ? this.#array(value, depth + 1)
      : this.#object(value as Record<string, unknown>, depth + 1);
  }

  #array(array: readonly unknown[], depth: number): boolean {
    for (const item of array) if (!this.visit(item, depth)) return false;
    return true;
  }

  #object(object: Record<string, unknown>, depth: number): boolean {
    // Object.keys, not for…in: an enumerable property someone added to Object.prototype must not be counted.
    const keys = Object.keys(object);
    this.keys += keys.length;
    for (const key of keys) {
      if (this.#checkStrings && this.#rules.hasLoneSurrogate(key)) return false;
      if (!this.visit(object[key], depth)) return false;
    }
    return true;
  }

  #number(value: number): boolean {
    // RFC 7493 §2.2: JSON.parse gives ±Infinity for an overflow and the rounded value for an integer beyond
    // ±(2^53−1), so both show on the value; an underflow shows only as 0, which sends the text to mayUnderflow.
    if (value === 0) this.sawZero = true;
    return Number.isFinite(value) && (!Number.isInteger(value) || Number.isSafeInteger(value));
  }
}

/** The number of object members in `text`, which must be valid JSON: the strings followed by a colon. */
function countMembers(text: string): number {
  let members = 0;
  // Outside strings, JSON has no quotes, so each quote found after a string's end opens the next string.
  for (let open = text.indexOf('"'); open >= 0;) {
    let after = closingQuote(text, open) + 1;
    // Unreachable for valid JSON; answering a count no walk can match keeps a broken assumption from looping.
    if (after === 0) return -1;
    let c = text.charCodeAt(after);
    // RFC 8259 §2: only space, line feed, carriage return and tab may stand between a key and its colon.
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++after);
    if (c === 0x3a) members++;
    open = text.indexOf('"', after);
  }
  return members;
}

/** The offset of the quote that closes the string opened at `open`, or -1 when none does. */
function closingQuote(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  while (close >= 0 && isEscaped(text, close)) close = text.indexOf('"', close + 1);
  return close;
}

/** RFC 8259 §7: a quote inside a string is escaped when an odd run of backslashes stands before it. */
function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
  return backslashes % 2 === 1;
}
