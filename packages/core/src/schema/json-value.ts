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

// A lone surrogate has no UTF-8 encoding: the canonical bytes of the entry would not exist (RFC 8785 §3.2.2.2).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the string holds a UTF-16 surrogate without its pair. */
export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
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

type Frame = { readonly value: unknown; readonly segments: readonly PathSegment[]; readonly depth: number };

function scalarFinding(
  value: unknown,
  segments: readonly PathSegment[],
  maxString: number,
): Finding | undefined {
  if (typeof value === 'number') {
    const text = numberProblem(value);
    return text === undefined ? undefined : { segments, code: 'not_json', text };
  }
  if (typeof value !== 'string') return undefined;
  if (value.length > maxString) {
    const text = `expected a string of at most ${maxString.toLocaleString('en-US')} characters, got one of ${value.length}`;
    return { segments, code: 'too_long', text };
  }
  return hasLoneSurrogate(value)
    ? {
        segments,
        code: 'not_json',
        text: 'expected well-formed Unicode text, got a string with a lone surrogate',
      }
    : undefined;
}

function childrenOf(frame: Frame, out: Frame[], findings: Finding[]): void {
  const { value, segments, depth } = frame;
  if (Array.isArray(value)) {
    value.forEach((item, i) => out.push({ value: item, segments: [...segments, i], depth: depth + 1 }));
    return;
  }
  for (const [key, item] of Object.entries(value as object)) {
    const bad = keyProblem(key, segments.at(-1));
    if (bad !== undefined) findings.push({ ...bad, segments: [...segments, key] });
    else out.push({ value: item, segments: [...segments, key], depth: depth + 1 });
  }
}

/**
 * Every I-JSON and size problem inside a value already known to be made of JSON types. Walks with an explicit
 * stack, so even a value nested far beyond the limit is reported, not a stack overflow.
 */
export function jsonFindings(root: unknown, maxString: number): Finding[] {
  const findings: Finding[] = [];
  const stack: Frame[] = [{ value: root, segments: [], depth: 0 }];
  let tooDeep: readonly PathSegment[] | undefined;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    if (frame.value === null || typeof frame.value !== 'object') {
      const found = scalarFinding(frame.value, frame.segments, maxString);
      if (found !== undefined) findings.push(found);
    } else if (frame.depth >= MAX_VALUE_DEPTH) {
      tooDeep ??= frame.segments;
    } else {
      childrenOf(frame, stack, findings);
    }
  }
  // Reported once, where the first too-deep object or array sits, however many there are.
  if (tooDeep !== undefined) {
    const text = `expected JSON nested at most ${MAX_VALUE_DEPTH} levels deep, got deeper`;
    findings.push({ segments: tooDeep, code: 'too_deep', text });
  }
  return findings;
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
