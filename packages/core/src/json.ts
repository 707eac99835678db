// Strict I-JSON (RFC 7493) parsing for text that will be canonicalized and sealed. JSON.parse cannot be used:
// it silently keeps the last of two duplicate keys and accepts lone surrogates, so two parties could read
// different records from one text.
import { CairnError } from './errors.js';
import { parseNatively } from './json-fast-path.js';
import type { NativeParseRules } from './json-fast-path.js';
import { codeUnitName, findLoneSurrogate, formatJsonPath, MAX_JSON_DEPTH } from './json-text.js';
import type { JsonPathSegment } from './json-text.js';
import { fail, ok, problem } from './result.js';
import { hasLoneSurrogate } from './schema/json-value.js';
import type { Problem, Result } from './result.js';

// Past this many problems a text is hostile or garbage; listing more would only cost memory.
const MAX_PROBLEMS = 100;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Parses JSON text strictly as I-JSON (RFC 7493): rejects duplicate keys, lone surrogates (raw or escaped),
 * numbers that overflow, underflow to zero or are integers beyond ±(2^53−1), nesting deeper than 100, a leading
 * byte order mark, and any syntax error (with line and column). Reports every duplicate-key, surrogate and number
 * problem of a text, and its first syntax error.
 *
 * @example
 * const parsed = parseJson('{"a":1,"a":2}');
 * if (!parsed.ok) console.log(parsed.problems[0].message); // a: duplicate key "a" at line 1, column 8 …
 */
export function parseJson(text: string): Result<unknown> {
  if (typeof text !== 'string') {
    throw new CairnError('invalid_argument', `parseJson: expected a string, got ${typeof text}`);
  }
  // Every receiver parses every request body: the engine's JSON.parse with a light audit takes about a third of the
  // time of the parser below (bench/parse-json.mjs), which then runs only when the audit cannot vouch for the text.
  const native = parseNatively(text, NATIVE_RULES);
  return native === undefined ? parseJsonReference(text) : ok(native.value);
}

const NATIVE_RULES: NativeParseRules = {
  maxDepth: MAX_JSON_DEPTH,
  hasLoneSurrogate,
};

/**
 * The exhaustive parser behind parseJson, which gives the same result for every text: the reference that the fast
 * path is tested and benchmarked against. Internal: not exported from the package.
 *
 * @example parseJsonReference('[1,2]') // { ok: true, value: [1, 2] }
 */
export function parseJsonReference(text: string): Result<unknown> {
  const parser = new Parser(text);
  const value = parser.run();
  return parser.problems.length === 0 ? ok(value) : fail(parser.problems);
}

/** Thrown inside the parser to unwind after a problem that ends parsing (syntax, depth, too many problems). */
class ParseStop extends Error {}

class Parser {
  readonly problems: Problem[] = [];
  readonly #text: string;
  readonly #path: JsonPathSegment[] = [];
  #pos = 0;
  #depth = 0;
  #lineStarts: number[] | undefined;

  constructor(text: string) {
    this.#text = text;
  }

  run(): unknown {
    try {
      if (this.#text.charCodeAt(0) === 0xfeff) {
        // RFC 8259 §8.1 lets parsers ignore a BOM; I-JSON text that is hashed must have exactly one reading.
        this.#report(
          'bom',
          'a byte order mark (U+FEFF) at the start of the text is not allowed (RFC 8259 §8.1)',
        );
        this.#pos = 1;
      }
      const value = this.#value();
      this.#skipWhitespace();
      if (this.#pos < this.#text.length) this.#syntax('the end of the text');
      return value;
    } catch (error) {
      if (error instanceof ParseStop) return undefined;
      throw error;
    }
  }

  #value(): unknown {
    this.#skipWhitespace();
    const c = this.#text.charCodeAt(this.#pos);
    if (c === 0x7b) return this.#object();
    if (c === 0x5b) return this.#array();
    if (c === 0x22) return this.#checkedString(this.#pos, false);
    if (c === 0x74) return this.#literal('true', true);
    if (c === 0x66) return this.#literal('false', false);
    if (c === 0x6e) return this.#literal('null', null);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.#number();
    return this.#syntax('a JSON value');
  }

  #object(): Record<string, unknown> {
    this.#enter();
    const object: Record<string, unknown> = {};
    const seen = new Map<string, number>();
    this.#skipWhitespace();
    if (this.#text.charCodeAt(this.#pos) === 0x7d) return this.#leave(object);
    for (;;) {
      this.#skipWhitespace();
      if (this.#text.charCodeAt(this.#pos) !== 0x22) this.#syntax('a string key');
      const keyAt = this.#pos;
      this.#path.push(this.#string());
      const key = this.#path[this.#path.length - 1] as string;
      this.#checkSurrogates(key, keyAt, true);
      this.#skipWhitespace();
      this.#expect(0x3a, "':'");
      const value = this.#value();
      this.#addMember(object, key, value, keyAt, seen);
      this.#path.pop();
      if (this.#afterElement(0x7d, "',' or '}'")) return this.#leave(object);
    }
  }

  #array(): unknown[] {
    this.#enter();
    const array: unknown[] = [];
    this.#skipWhitespace();
    if (this.#text.charCodeAt(this.#pos) === 0x5d) return this.#leave(array);
    for (;;) {
      this.#path.push(array.length);
      array.push(this.#value());
      this.#path.pop();
      if (this.#afterElement(0x5d, "',' or ']'")) return this.#leave(array);
    }
  }

  /** After a member or element: consumes ',' and answers false (more follow), or true at the closing bracket. */
  #afterElement(close: number, expected: string): boolean {
    this.#skipWhitespace();
    const c = this.#text.charCodeAt(this.#pos);
    if (c === close) return true;
    if (c !== 0x2c) this.#syntax(expected);
    this.#pos++;
    return false;
  }

  #addMember(
    object: Record<string, unknown>,
    key: string,
    value: unknown,
    keyAt: number,
    seen: Map<string, number>,
  ) {
    const firstAt = seen.get(key);
    if (firstAt !== undefined) {
      // RFC 7493 §2.3: names within an object MUST be unique; we keep the first, but the text is rejected anyway.
      const first = this.#position(firstAt);
      this.#report(
        'duplicate_key',
        `duplicate key ${quote(key)} at ${this.#position(keyAt)} (first at ${first}); I-JSON requires unique keys (RFC 7493 §2.3)`,
      );
      return;
    }
    seen.set(key, keyAt);
    // A plain assignment to "__proto__" would change the prototype instead of adding a member, as JSON.parse does.
    if (key === '__proto__')
      Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    else object[key] = value;
  }

  #checkedString(at: number, isKey: boolean): string {
    const value = this.#string();
    this.#checkSurrogates(value, at, isKey);
    return value;
  }

  #checkSurrogates(value: string, at: number, isKey: boolean) {
    const offset = findLoneSurrogate(value);
    if (offset < 0) return;
    const what = isKey ? 'key' : 'string';
    // RFC 7493 §2.1: strings MUST NOT contain unpaired surrogates, whether raw or written as \u escapes.
    this.#report(
      'lone_surrogate',
      `${what} at ${this.#position(at)} has a lone surrogate ${codeUnitName(value, offset)} at character ${offset} (RFC 7493 §2.1)`,
    );
  }

  #string(): string {
    const text = this.#text;
    let out = '';
    let chunk = ++this.#pos;
    for (;;) {
      const c = text.charCodeAt(this.#pos);
      if (c === 0x22) {
        out += text.slice(chunk, this.#pos++);
        return out;
      }
      if (c === 0x5c) {
        out += text.slice(chunk, this.#pos) + this.#escape();
        chunk = this.#pos;
      } else if (c < 0x20) this.#syntax('an escaped control character or more of the string');
      else if (Number.isNaN(c)) this.#syntax('a closing quote');
      else this.#pos++;
    }
  }

  #escape(): string {
    const letter = this.#text.charAt(this.#pos + 1);
    const simple = ESCAPES[letter];
    if (simple !== undefined) {
      this.#pos += 2;
      return simple;
    }
    const hex = this.#text.slice(this.#pos + 2, this.#pos + 6);
    if (letter !== 'u' || !HEX4.test(hex)) {
      this.#pos++;
      return this.#syntax('an escape: one of " \\ / b f n r t or u and 4 hex digits');
    }
    this.#pos += 6;
    return String.fromCharCode(parseInt(hex, 16));
  }

  #number(): number {
    const start = this.#pos;
    if (this.#text.charCodeAt(this.#pos) === 0x2d) this.#pos++;
    if (this.#text.charCodeAt(this.#pos) === 0x30) this.#pos++;
    else this.#digits('a digit');
    if (this.#text.charCodeAt(this.#pos) === 0x2e) {
      this.#pos++;
      this.#digits('a digit after the decimal point');
    }
    const mantissaEnd = this.#pos;
    const e = this.#text.charCodeAt(this.#pos);
    if (e === 0x65 || e === 0x45) {
      const sign = this.#text.charCodeAt(++this.#pos);
      if (sign === 0x2b || sign === 0x2d) this.#pos++;
      this.#digits('a digit in the exponent');
    }
    const token = this.#text.slice(start, this.#pos);
    const value = Number(token);
    this.#checkNumber(token, value, /[1-9]/.test(this.#text.slice(start, mantissaEnd)), start);
    return value;
  }

  #checkNumber(token: string, value: number, nonZeroDigits: boolean, at: number) {
    const shown = token.length > 40 ? `${token.slice(0, 40)}…` : token;
    const where = this.#position(at);
    // RFC 7493 §2.2: numbers must fit IEEE-754 binary64; integers beyond 2^53 lose their exact value.
    if (!Number.isFinite(value)) {
      this.#report('unsafe_number', `number ${shown} at ${where} overflows binary64 (RFC 7493 §2.2)`);
    } else if (value === 0 && nonZeroDigits) {
      this.#report(
        'unsafe_number',
        `number ${shown} at ${where} underflows to 0 in binary64 (RFC 7493 §2.2)`,
      );
    } else if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      this.#report(
        'unsafe_number',
        `number ${shown} at ${where} is an integer beyond ±(2^53−1) and cannot be kept exactly (RFC 7493 §2.2); send it as a string`,
      );
    }
  }

  #digits(expected: string) {
    const start = this.#pos;
    while (isDigit(this.#text.charCodeAt(this.#pos))) this.#pos++;
    if (this.#pos === start) this.#syntax(expected);
  }

  #literal<T>(word: string, value: T): T {
    if (!this.#text.startsWith(word, this.#pos)) this.#syntax(`'${word}'`);
    this.#pos += word.length;
    return value;
  }

  #expect(code: number, expected: string) {
    if (this.#text.charCodeAt(this.#pos) !== code) this.#syntax(expected);
    this.#pos++;
  }

  #skipWhitespace() {
    const text = this.#text;
    for (;;) {
      const c = text.charCodeAt(this.#pos);
      // RFC 8259 §2: only space, tab, line feed and carriage return are whitespace.
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.#pos++;
    }
  }

  #enter() {
    this.#pos++;
    if (++this.#depth > MAX_JSON_DEPTH) {
      this.#report(
        'too_deep',
        `nesting deeper than ${MAX_JSON_DEPTH} arrays and objects at ${this.#position(this.#pos - 1)}`,
      );
      throw new ParseStop();
    }
  }

  #leave<T>(container: T): T {
    this.#pos++;
    this.#depth--;
    return container;
  }

  #syntax(expected: string): never {
    const at = this.#position(this.#pos);
    this.#report('syntax', `expected ${expected} at ${at}, got ${this.#describeAt(this.#pos)}`);
    throw new ParseStop();
  }

  #describeAt(offset: number): string {
    if (offset >= this.#text.length) return 'the end of the text';
    const c = this.#text.charCodeAt(offset);
    return c < 0x20 || (c >= 0xd800 && c <= 0xdfff)
      ? codeUnitName(this.#text, offset)
      : quote(this.#text.charAt(offset));
  }

  #report(code: string, message: string) {
    const path = formatJsonPath(this.#path);
    this.problems.push(problem(path, code, `${path}: ${message}`));
    if (this.problems.length >= MAX_PROBLEMS) {
      this.problems.push(
        problem('(root)', 'too_many_problems', `(root): stopped after ${MAX_PROBLEMS} problems`),
      );
      throw new ParseStop();
    }
  }

  /** `line L, column C` (1-based, columns in UTF-16 code units), from a table of line starts built once. */
  #position(offset: number): string {
    this.#lineStarts ??= lineStarts(this.#text);
    const starts = this.#lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return `line ${low + 1}, column ${offset - starts[low]! + 1}`;
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}
