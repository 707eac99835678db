// JSON values inside entries (`decision.context`, `chosen.value`, `anomaly.details`, …) must be I-JSON (RFC 7493):
// finite numbers, integers a reader cannot have rounded, well-formed Unicode everywhere including keys. They are
// also bounded in depth, so every later reader (canonicalizer, dashboard, exporter) can recurse safely.
import { z } from 'zod';
import { MAX_VALUE_DEPTH, MAX_KEY } from './limits.js';
import type { PathSegment } from './paths.js';
import { crossCheck } from './refine.js';
import type { Finding } from './problems.js';

/** A JSON value as it is sealed in the log. @example const value: Json = { amount: 25000, tags: ['a'] } */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type MaybeWellFormed = { isWellFormed?: () => boolean };

/** ES2024 `String.prototype.isWellFormed`, native and far faster than a scan in JavaScript; older engines lack it. */
const NATIVE_WELL_FORMED = typeof (String.prototype as MaybeWellFormed).isWellFormed === 'function';

/**
 * True when the string holds a UTF-16 surrogate without its pair: a lone surrogate has no UTF-8 encoding, so the
 * canonical bytes of the entry would not exist (RFC 8785 §3.2.2.2). Every string and key of every entry passes here.
 */
export function hasLoneSurrogate(value: string): boolean {
  if (NATIVE_WELL_FORMED) return !(value as unknown as Required<MaybeWellFormed>).isWellFormed();
  return scanForLoneSurrogate(value);
}

/** hasLoneSurrogate where the engine has no isWellFormed. */
export function scanForLoneSurrogate(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    // A high surrogate (D800–DBFF) needs a low one (DC00–DFFF) right after it; a low one alone is lone.
    const next = value.charCodeAt(i + 1);
    if (unit > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return true;
    i++;
  }
  return false;
}

/** Why a number is not I-JSON, or undefined when it is. */
export function numberProblem(value: number): string | undefined {
  if (!Number.isFinite(value)) return `expected a finite number, got number ${String(value)}`;
  // RFC 7493 §2.2: integers beyond 2^53 − 1 may already have been rounded by a reader. The value is not echoed:
  // a long integer in a payload may well be an account or card number.
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return 'expected an integer no larger than 2^53 − 1 in magnitude (RFC 7493 §2.2), got a larger one';
  }
  return undefined;
}

/** Why a key is refused, or undefined when it is fine. */
export function keyProblem(key: string, parent: PathSegment | undefined): Finding | undefined {
  // Readers that merge records into objects would set a prototype; refuse the keys that do it.
  if (key === '__proto__' || (key === 'prototype' && parent === 'constructor')) {
    return {
      segments: [key],
      code: 'forbidden_key',
      text: `the key ${key} is refused: it can pollute prototypes`,
    };
  }
  if (key.length > MAX_KEY) {
    return {
      segments: [key],
      code: 'too_long',
      text: `expected a key of at most ${MAX_KEY} characters, got a key of ${key.length}`,
    };
  }
  if (hasLoneSurrogate(key)) {
    return {
      segments: [key],
      code: 'not_json',
      text: 'expected a key of well-formed Unicode text, got a lone surrogate',
    };
  }
  return undefined;
}

type Walk = {
  readonly findings: Finding[];
  readonly maxString: number;
  /** Where the walk is: the segments of the value being looked at. */
  readonly path: PathSegment[];
  tooDeep?: readonly PathSegment[];
};

/** Why a scalar is refused, without its path (built only when something is found). */
function scalarProblem(value: unknown, maxString: number): Omit<Finding, 'segments'> | undefined {
  if (typeof value === 'number') {
    const text = numberProblem(value);
    return text === undefined ? undefined : { code: 'not_json', text };
  }
  if (typeof value !== 'string') return undefined;
  if (value.length > maxString) {
    const text = `expected a string of at most ${maxString.toLocaleString('en-US')} characters, got one of ${value.length}`;
    return { code: 'too_long', text };
  }
  return hasLoneSurrogate(value)
    ? { code: 'not_json', text: 'expected well-formed Unicode text, got a string with a lone surrogate' }
    : undefined;
}

/** The children of an object or array, read once and in order; refused keys are reported as they are met. */
function childrenOf(walk: Walk, value: object): { keys: PathSegment[]; items: unknown[] } {
  const keys: PathSegment[] = [];
  const items: unknown[] = [];
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      keys.push(i);
      items.push(item);
    });
    return { keys, items };
  }
  const parent = walk.path.at(-1);
  for (const [key, item] of Object.entries(value)) {
    const bad = keyProblem(key, parent);
    if (bad !== undefined) walk.findings.push({ ...bad, segments: [...walk.path, key] });
    else {
      keys.push(key);
      items.push(item);
    }
  }
  return { keys, items };
}

/**
 * Looks at one value, then at its children last first: the order in which a stack of pending values would pop
 * them, which is the order the findings have always come in. Nothing deeper than the limit is opened, so the
 * recursion stays within MAX_VALUE_DEPTH frames however deep the value goes.
 */
function visit(walk: Walk, value: unknown, depth: number): void {
  if (value === null || typeof value !== 'object') {
    const found = scalarProblem(value, walk.maxString);
    if (found !== undefined) walk.findings.push({ ...found, segments: walk.path.slice() });
    return;
  }
  if (depth >= MAX_VALUE_DEPTH) {
    walk.tooDeep ??= walk.path.slice();
    return;
  }
  const { keys, items } = childrenOf(walk, value);
  for (let i = items.length - 1; i >= 0; i--) {
    walk.path.push(keys[i]!);
    visit(walk, items[i], depth + 1);
    walk.path.pop();
  }
}

/**
 * True when {@link walkJsonFindings} would find nothing: the same tests, without building paths, lists or
 * findings. Every entry's open values (`decision.context`, …) are looked at here, and nearly all are clean. False
 * is no verdict (a key named `prototype` is fine under most parents): the full walk then finds and orders problems.
 */
function surelyClean(value: unknown, maxString: number, depth: number): boolean {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number') return numberProblem(value) === undefined;
    if (typeof value === 'string') return value.length <= maxString && !hasLoneSurrogate(value);
    return true;
  }
  if (depth >= MAX_VALUE_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!surelyClean(value[i], maxString, depth + 1)) return false;
    return true;
  }
  for (const key of Object.keys(value)) {
    if (key.length > MAX_KEY || key === '__proto__' || key === 'prototype' || hasLoneSurrogate(key))
      return false;
    if (!surelyClean((value as Record<string, unknown>)[key], maxString, depth + 1)) return false;
  }
  return true;
}

/**
 * Every I-JSON and size problem inside a value already known to be made of JSON types. Even a value nested far
 * beyond the limit is reported, not a stack overflow.
 */
export function jsonFindings(root: unknown, maxString: number): Finding[] {
  return surelyClean(root, maxString, 0) ? [] : walkJsonFindings(root, maxString);
}

/** The walk that finds and orders every problem; the tests hold jsonFindings to the stack walk it replaced. */
function walkJsonFindings(root: unknown, maxString: number): Finding[] {
  const walk: Walk = { findings: [], maxString, path: [] };
  visit(walk, root, 0);
  // Reported once, where the first too-deep object or array sits, however many there are.
  if (walk.tooDeep !== undefined) {
    const text = `expected JSON nested at most ${MAX_VALUE_DEPTH} levels deep, got deeper`;
    walk.findings.push({ segments: walk.tooDeep, code: 'too_deep', text });
  }
  return walk.findings;
}

/** Any JSON value, by structure; named `Json` in the generated JSON Schema. @example jsonValueSchema.safeParse(value) */
export const jsonValueSchema: z.ZodType<Json> = z
  .lazy(() =>
    z.union([
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(jsonValueSchema),
      z.record(z.string(), jsonValueSchema),
    ]),
  )
  .meta({ id: 'Json', description: 'Any I-JSON value (RFC 7493), nested at most 32 levels.' });

/** A JSON value whose strings are at most `maxString` characters. */
export function json(maxString: number) {
  return jsonValueSchema.check(crossCheck((value) => jsonFindings(value, maxString)));
}

/** An open record of JSON values (`decision.context`, `anomaly.details`). */
export function jsonRecord(maxString: number) {
  return z
    .record(z.string(), jsonValueSchema, 'an object of JSON values')
    .check(crossCheck((value) => jsonFindings(value, maxString)));
}
