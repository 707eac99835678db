// The gate every untrusted entry passes before zod sees it: a copy made of plain JSON, read once. Getters that
// throw, Proxies, cycles, class instances, deep nesting and huge inputs become problems here instead of
// exceptions, stack overflows or minutes of work, and later checks run on a value that cannot change under them.
// It sits on every hot path (each decision an SDK records, each request, each append), so the walk allocates only
// the copy: the path is one shared stack, turned into segments only when something is reported.
import { describeValue } from '../result.js';
import { hasLoneSurrogate, keyProblem, numberProblem } from './json-value.js';
import { MAX_ENTRY_CHARS, MAX_KEY, MAX_NESTING } from './limits.js';
import type { PathSegment } from './paths.js';
import type { EntryProblemCode, Finding } from './problems.js';

/** After this many findings the gate stops: a Proxy that throws on each of a million reads costs one pass. */
const MAX_FINDINGS = 100;

/**
 * The longest JSON text of one number: a sign, `0.`, five zeros and 17 significant digits (ECMA-262
 * Number::toString: fixed notation down to 1e-6, at most 17 digits to round-trip); every other form is shorter.
 */
const MAX_NUMBER_CHARS = 25;

/**
 * The plain copy of the input (undefined where nothing usable was read), what was wrong with it, and
 * `maxChars`, a bound no smaller than `JSON.stringify(value).length`, so a caller can skip that call
 * whenever the bound already fits.
 */
export type GateResult = {
  readonly value: unknown;
  readonly findings: readonly Finding[];
  readonly tooLarge: boolean;
  readonly maxChars: number;
};

type Walk = {
  findings: Finding[];
  /** Where the walk is: the segments of the value being read. */
  path: PathSegment[];
  chars: number;
  maxChars: number;
  stopped: boolean;
  tooLarge: boolean;
  /** The objects enclosing the one being read: at most MAX_NESTING, so a list is faster than a set. */
  ancestors: object[];
  /** Copy members in RFC 8785 order rather than the input's. */
  readonly canonicalOrder: boolean;
};

/**
 * Marks a property that held something yet gave nothing usable (its getter threw, or its value has no JSON form),
 * as distinct from one read as undefined, which is absent.
 */
const UNREADABLE = Symbol('unreadable');

function report(walk: Walk, code: EntryProblemCode, text: string, last?: PathSegment): void {
  const segments = last === undefined ? walk.path.slice() : [...walk.path, last];
  walk.findings.push({ segments, code, text });
  if (walk.findings.length >= MAX_FINDINGS) walk.stopped = true;
}

/**
 * Counts characters the value will take as JSON text, a lower bound of `JSON.stringify(value).length`; stops the
 * walk once the entry cannot fit, so a million-item array costs no more than a full-size entry.
 */
function spend(walk: Walk, chars: number): boolean {
  walk.chars += chars;
  if (walk.chars <= MAX_ENTRY_CHARS) return true;
  walk.tooLarge = true;
  walk.stopped = true;
  return false;
}

/**
 * A bound of the quoted JSON form of `text`: JSON.stringify escapes a character in at most 6 (`\u001f`, a lone
 * surrogate as `\udc00`). Looking for the characters it escapes would cost as much as the rest of the gate.
 */
function maxQuoted(text: string): number {
  return 6 * text.length + 2;
}

function objectKind(value: object): string {
  try {
    const tag = Object.prototype.toString.call(value).slice(8, -1);
    return tag === 'Object' ? 'an instance of a class' : `a ${tag}`;
  } catch {
    return 'an object that could not be inspected';
  }
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Object.prototype) return true;
  // The prototype of a plain object is Object.prototype of some realm: itself without a prototype.
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function readString(walk: Walk, value: string): unknown {
  if (!spend(walk, value.length + 2)) return undefined;
  walk.maxChars += maxQuoted(value);
  if (hasLoneSurrogate(value)) {
    report(walk, 'not_json', 'expected well-formed Unicode text, got a string with a lone surrogate');
  }
  return value;
}

function readScalar(walk: Walk, value: unknown): unknown {
  if (typeof value === 'string') return readString(walk, value);
  if (typeof value === 'number') {
    spend(walk, 1);
    walk.maxChars += MAX_NUMBER_CHARS;
    const text = numberProblem(value);
    if (text !== undefined) report(walk, 'not_json', text);
    return value;
  }
  if (typeof value === 'boolean' || value === null) {
    walk.maxChars += 5;
    return spend(walk, 4) ? value : undefined;
  }
  report(walk, 'not_json', `expected a JSON value, got ${describeValue(value)}`);
  return undefined;
}

function readArray(walk: Walk, value: readonly unknown[], depth: number): unknown[] {
  const out: unknown[] = [];
  const length = value.length;
  // Brackets, and a comma and a possible `null` (what JSON.stringify writes for undefined) for each item.
  walk.maxChars += 2 + 5 * length;
  for (let i = 0; i < length && !walk.stopped; i++) {
    walk.path.push(i);
    const item = readProperty(walk, value, i, depth);
    if (item === undefined) report(walk, 'not_json', 'expected a JSON value, got nothing');
    out.push(item === UNREADABLE ? undefined : item);
    walk.path.pop();
  }
  return out;
}

/** keyProblem, called only for keys that have one: a finding is built for them alone. */
function badKey(key: string, parent: PathSegment | undefined): Finding | undefined {
  if (key.length <= MAX_KEY && key !== '__proto__' && key !== 'prototype' && !hasLoneSurrogate(key)) {
    return undefined;
  }
  return keyProblem(key, parent);
}

function readRecord(walk: Walk, value: object, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const parent = walk.path.at(-1);
  walk.maxChars += 2;
  // Asked for by whoever seals the copy: members in RFC 8785 order (UTF-16 code units, the default sort) make
  // sealing one native JSON.stringify (canonicalEntryBytes). Not by default: on an SDK's hot path sorting every
  // object costs about 3 µs a decision, and what the caller built keeps its order.
  const keys = Object.keys(value);
  if (walk.canonicalOrder) keys.sort();
  for (const key of keys) {
    if (walk.stopped || !spend(walk, key.length + 4)) break;
    const bad = badKey(key, parent);
    if (bad !== undefined) {
      report(walk, bad.code, bad.text, key);
      continue;
    }
    // The key, its colon and a comma.
    walk.maxChars += maxQuoted(key) + 2;
    walk.path.push(key);
    // A property read as undefined is absent, as in JSON.stringify: optional fields may be spread in as undefined.
    const item = readProperty(walk, value, key, depth);
    if (item !== undefined && item !== UNREADABLE) out[key] = item;
    walk.path.pop();
  }
  return out;
}

/**
 * Reads one property through a getter or Proxy trap that may throw (reported here): undefined when it read as
 * undefined, UNREADABLE when it threw or what it held gave nothing usable, else the copy of what it held.
 */
function readProperty(walk: Walk, holder: object, key: PathSegment, depth: number): unknown {
  let raw: unknown;
  try {
    raw = (holder as Record<PathSegment, unknown>)[key];
  } catch {
    // The thrown error is not quoted: its message may carry the data the getter guarded.
    report(walk, 'unreadable', 'could not be read: a getter or Proxy threw');
    return UNREADABLE;
  }
  if (raw === undefined) return undefined;
  // Strings are most of an entry: read here rather than through readValue.
  const copy =
    typeof raw === 'string' && !walk.stopped ? readString(walk, raw) : readValue(walk, raw, depth + 1);
  return copy === undefined ? UNREADABLE : copy;
}

function readContainer(walk: Walk, value: object, depth: number): unknown {
  if (Array.isArray(value)) return readArray(walk, value, depth);
  if (!isPlainObject(value)) {
    report(walk, 'not_json', `expected a plain JSON object, got ${objectKind(value)}`);
    return undefined;
  }
  return readRecord(walk, value, depth);
}

function readObject(walk: Walk, value: object, depth: number): unknown {
  if (depth > MAX_NESTING) {
    report(walk, 'too_deep', `expected at most ${MAX_NESTING} levels of nesting, got deeper`);
    return undefined;
  }
  if (walk.ancestors.includes(value)) {
    report(walk, 'cycle', 'expected a tree of JSON values, got a reference back to an enclosing object');
    return undefined;
  }
  if (!spend(walk, 2)) return undefined;
  walk.ancestors.push(value);
  const level = walk.path.length;
  try {
    return readContainer(walk, value, depth);
  } catch {
    // A trap threw part-way through a nested read: the path is rewound to this value before reporting.
    walk.path.length = level;
    report(walk, 'unreadable', 'could not be read: a getter or Proxy threw');
    return undefined;
  } finally {
    walk.ancestors.pop();
  }
}

function readValue(walk: Walk, value: unknown, depth: number): unknown {
  if (walk.stopped) return undefined;
  if (typeof value === 'object' && value !== null) return readObject(walk, value, depth);
  if (typeof value === 'function') {
    report(walk, 'not_json', 'expected a JSON value, got a function');
    return undefined;
  }
  return readScalar(walk, value);
}

/**
 * Copies an untrusted value into plain JSON data, never throwing. Only own enumerable string keys are read (as
 * JSON.stringify does); `undefined` properties are left out; everything that has no JSON form is a finding. With
 * `canonicalOrder`, every object of the copy holds its members in RFC 8785 order.
 *
 * @example readPlainJson(JSON.parse(body)).findings // [] for a well-formed entry
 */
export function readPlainJson(input: unknown, canonicalOrder = false): GateResult {
  const walk: Walk = {
    canonicalOrder,
    findings: [],
    path: [],
    chars: 0,
    maxChars: 0,
    stopped: false,
    tooLarge: false,
    ancestors: [],
  };
  const value = readValue(walk, input, 0);
  return { value, findings: walk.findings, tooLarge: walk.tooLarge, maxChars: walk.maxChars };
}
