// RFC 8785 JSON Canonicalization Scheme: the exact bytes that become a Merkle leaf. Anything that is not I-JSON
// (RFC 7493) is refused rather than coerced, because a coerced value would seal something the producer never had.
import { utf8 } from './bytes.js';
import { CairnError } from './errors.js';
import { canonicalizeNatively, isInCanonicalOrder } from './jcs-fast-path.js';
import type { Entry } from './schema/entry.js';
import { hasLoneSurrogate } from './schema/json-value.js';
import { codeUnitName, findLoneSurrogate, formatJsonPath, MAX_JSON_DEPTH } from './json-text.js';
import type { JsonPathSegment } from './json-text.js';

/** How far canonicalization goes beyond RFC 8785: Cairn refuses integers that binary64 cannot hold exactly. */
export type CanonicalizeOptions = { readonly allowUnsafeIntegers: boolean };

type Walk = CanonicalizeOptions & {
  readonly out: string[];
  readonly path: JsonPathSegment[];
  readonly ancestors: Set<object>;
};

// The schema's own check (native isWellFormed where the engine has it), the one every entry string already passed.
const STRICT_RULES = { maxDepth: MAX_JSON_DEPTH, hasLoneSurrogate, allowUnsafeIntegers: false };
const PLAIN_RULES = { ...STRICT_RULES, allowUnsafeIntegers: true };

const ALLOWED = 'canonical JSON takes only plain objects, arrays, strings, finite numbers, booleans and null';

/**
 * The RFC 8785 canonical JSON text of `value`: members sorted by UTF-16 code units, no whitespace, ECMAScript
 * number and string forms. Throws `CairnError('invalid_json')` naming the path of the first value that is not
 * I-JSON: NaN or ±Infinity, integers beyond ±(2^53−1), lone surrogates in strings or keys, undefined, functions,
 * symbols, bigints, array holes, symbol keys, objects that are not plain (Date, Map, class instances), cycles,
 * and nesting deeper than 100.
 *
 * @example canonicalize({ b: 1, a: [true, 'x'] }) === '{"a":[true,"x"],"b":1}'
 */
export function canonicalize(value: unknown): string {
  return canonicalizeWith(value, { allowUnsafeIntegers: false });
}

/**
 * The UTF-8 bytes of {@link canonicalize}: what Cairn hashes and stores.
 *
 * @example toHex(canonicalBytes({ a: 'é' })) === '7b2261223a22c3a9227d'
 */
export function canonicalBytes(value: unknown): Uint8Array {
  // canonicalize has refused lone surrogates, so UTF-8 encoding cannot replace anything with U+FFFD.
  return utf8(canonicalize(value));
}

/**
 * {@link canonicalBytes} of an entry `validateEntry` returned and nobody changed since. Validated with
 * `canonicalOrder`, its copy holds every object's members in RFC 8785 order, so one native JSON.stringify writes the
 * canonical text (RFC 8785 §3.2.2 number and
 * string forms are JSON.stringify's) after a walk that confirms the order and the I-JSON rules; any other value
 * takes canonicalize's walk. The ledger seals every entry through this: about twice as fast on a 1.6 KB decision.
 *
 * @example canonicalEntryBytes(validateEntry(input, { canonicalOrder: true }).value) // = canonicalBytes(input)
 */
export function canonicalEntryBytes(entry: Entry): Uint8Array {
  // A getter could answer the walk and JSON.stringify differently; an entry from validateEntry is plain data.
  return utf8(isInCanonicalOrder(entry, STRICT_RULES) ? JSON.stringify(entry) : canonicalize(entry));
}

/**
 * canonicalize with a choice of integer policy. With `allowUnsafeIntegers` it is plain RFC 8785, which accepts
 * every finite binary64 (its own test input holds `1E30`); Cairn seals only with the strict policy, and keeps
 * this one module-internal so the RFC vectors can be checked in full.
 */
export function canonicalizeWith(value: unknown, options: CanonicalizeOptions): string {
  const fast = canonicalizeNatively(value, options.allowUnsafeIntegers ? PLAIN_RULES : STRICT_RULES);
  if (fast !== undefined) return fast;
  return canonicalizeReference(value, options);
}

/**
 * The reference walk: every check with its path, and the error that names the first problem. The fast path of
 * jcs-fast-path.ts answers first; the tests hold the two to the same text.
 */
export function canonicalizeReference(value: unknown, options: CanonicalizeOptions): string {
  const walk: Walk = { ...options, out: [], path: [], ancestors: new Set() };
  writeValue(walk, value, 0);
  return walk.out.join('');
}

function writeValue(walk: Walk, value: unknown, depth: number): void {
  switch (typeof value) {
    case 'string':
      checkString(walk, value, 'string');
      // RFC 8785 §3.2.2.2: JSON.stringify escapes exactly ", \, and U+0000..U+001F (\b \t \n \f \r or \u00xx
      // in lowercase hex) and writes everything else as is; the jcs vectors pin this byte for byte.
      walk.out.push(JSON.stringify(value));
      return;
    case 'number':
      walk.out.push(numberText(walk, value));
      return;
    case 'boolean':
      walk.out.push(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) walk.out.push('null');
      else writeContainer(walk, value, depth + 1);
      return;
    default:
      refuse(
        walk,
        `${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`} is not a JSON value; ${ALLOWED}`,
      );
  }
}

function numberText(walk: Walk, value: number): string {
  if (!Number.isFinite(value)) {
    refuse(walk, `${String(value)} is not allowed in canonical JSON (RFC 8785 §3.2.2.3)`);
  }
  if (!walk.allowUnsafeIntegers && Number.isInteger(value) && !Number.isSafeInteger(value)) {
    // RFC 7493 §2.2: beyond 2^53 a double no longer holds every integer, so the value sealed may not be the one meant.
    refuse(
      walk,
      `${JSON.stringify(value)} is an integer beyond ±(2^53−1), which I-JSON cannot carry exactly (RFC 7493 §2.2); send it as a string`,
    );
  }
  // RFC 8785 §3.2.2.3: ECMAScript Number::toString, which is what JSON.stringify writes for finite numbers
  // (shortest round trip, exponent from 1e21 and below 1e-6, -0 as 0); Appendix B pins it.
  return JSON.stringify(value);
}

function checkString(walk: Walk, text: string, what: 'string' | 'key'): void {
  const offset = findLoneSurrogate(text);
  if (offset >= 0) {
    refuse(
      walk,
      `${what} has a lone surrogate ${codeUnitName(text, offset)} at character ${offset}; canonical JSON needs valid Unicode (RFC 8785 §3.2.2.2, RFC 7493 §2.1)`,
    );
  }
}

function writeContainer(walk: Walk, value: object, depth: number): void {
  if (walk.ancestors.has(value)) refuse(walk, 'a cycle: this value contains itself');
  if (depth > MAX_JSON_DEPTH) refuse(walk, `nesting deeper than ${MAX_JSON_DEPTH} arrays and objects`);
  walk.ancestors.add(value);
  if (Array.isArray(value)) writeArray(walk, value, depth);
  else if (isPlainObject(value)) writeObject(walk, value as Record<string, unknown>, depth);
  else refuse(walk, `${describeObject(value)} is not a plain object; ${ALLOWED}`);
  walk.ancestors.delete(value);
}

function writeArray(walk: Walk, array: readonly unknown[], depth: number): void {
  walk.out.push('[');
  for (let i = 0; i < array.length; i++) {
    if (i > 0) walk.out.push(',');
    walk.path.push(i);
    if (!(i in array)) refuse(walk, 'an array hole is not a JSON value');
    writeValue(walk, array[i], depth);
    walk.path.pop();
  }
  walk.out.push(']');
}

function writeObject(walk: Walk, object: Record<string, unknown>, depth: number): void {
  if (Object.getOwnPropertySymbols(object).length > 0) refuse(walk, 'an object with symbol keys is not JSON');
  // RFC 8785 §3.2.3: sort by UTF-16 code units, which is exactly what the default Array.prototype.sort compares.
  const keys = Object.keys(object).sort();
  walk.out.push('{');
  keys.forEach((key, i) => {
    if (i > 0) walk.out.push(',');
    walk.path.push(key);
    checkString(walk, key, 'key');
    walk.out.push(JSON.stringify(key), ':');
    writeValue(walk, object[key], depth);
    walk.path.pop();
  });
  walk.out.push('}');
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describeObject(value: object): string {
  const proto: unknown = Object.getPrototypeOf(value);
  const ctor: unknown =
    typeof proto === 'object' && proto !== null
      ? (proto as { constructor?: unknown }).constructor
      : undefined;
  const name =
    typeof ctor === 'function' && ctor.name !== ''
      ? ctor.name
      : Object.prototype.toString.call(value).slice(8, -1);
  return `an instance of ${name}`;
}

function refuse(walk: Walk, message: string): never {
  throw new CairnError('invalid_json', `${formatJsonPath(walk.path)}: ${message}`);
}
