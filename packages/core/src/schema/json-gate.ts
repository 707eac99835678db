// The gate every untrusted entry passes before zod sees it: a copy made of plain JSON, read once. Getters that
// throw, Proxies, cycles, class instances, deep nesting and huge inputs become problems here instead of
// exceptions, stack overflows or minutes of work, and later checks run on a value that cannot change under them.
import { describeValue } from '../result.js';
import { hasLoneSurrogate, keyProblem, numberProblem } from './json-value.js';
import { MAX_ENTRY_CHARS, MAX_NESTING } from './limits.js';
import type { PathSegment } from './paths.js';
import type { Finding } from './problems.js';

/** After this many findings the gate stops: a Proxy that throws on each of a million reads costs one pass. */
const MAX_FINDINGS = 100;

/** The plain copy of the input (undefined where nothing usable was read) and what was wrong with it. */
export type GateResult = {
  readonly value: unknown;
  readonly findings: readonly Finding[];
  readonly tooLarge: boolean;
};

type Walk = {
  findings: Finding[];
  chars: number;
  stopped: boolean;
  tooLarge: boolean;
  ancestors: Set<object>;
};

function report(walk: Walk, finding: Finding): void {
  walk.findings.push(finding);
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
  // The prototype of a plain object is Object.prototype of some realm: itself without a prototype.
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function readScalar(walk: Walk, value: unknown, segments: readonly PathSegment[]): unknown {
  if (typeof value === 'string') {
    if (!spend(walk, value.length + 2)) return undefined;
    if (hasLoneSurrogate(value)) {
      report(walk, {
        segments,
        code: 'not_json',
        text: 'expected well-formed Unicode text, got a string with a lone surrogate',
      });
    }
    return value;
  }
  if (typeof value === 'number') {
    spend(walk, 1);
    const text = numberProblem(value);
    if (text !== undefined) report(walk, { segments, code: 'not_json', text });
    return value;
  }
  if (typeof value === 'boolean' || value === null) return spend(walk, 4) ? value : undefined;
  report(walk, { segments, code: 'not_json', text: `expected a JSON value, got ${describeValue(value)}` });
  return undefined;
}

function readArray(
  walk: Walk,
  value: readonly unknown[],
  segments: readonly PathSegment[],
  depth: number,
): unknown[] {
  const out: unknown[] = [];
  const length = value.length;
  for (let i = 0; i < length && !walk.stopped; i++) {
    const item = readProperty(walk, () => value[i], [...segments, i], depth);
    if (item.absent) {
      report(walk, {
        segments: [...segments, i],
        code: 'not_json',
        text: 'expected a JSON value, got nothing',
      });
    }
    out.push(item.value);
  }
  return out;
}

function readRecord(
  walk: Walk,
  value: object,
  segments: readonly PathSegment[],
  depth: number,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (walk.stopped || !spend(walk, key.length + 4)) break;
    const bad = keyProblem(key, segments.at(-1));
    if (bad !== undefined) {
      report(walk, { ...bad, segments: [...segments, key] });
      continue;
    }
    // A property read as undefined is absent, as in JSON.stringify: optional fields may be spread in as undefined.
    const item = readProperty(walk, () => (value as Record<string, unknown>)[key], [...segments, key], depth);
    if (item.value !== undefined) out[key] = item.value;
  }
  return out;
}

/**
 * Reads one property through a getter or Proxy trap that may throw (reported here); `absent` is true when it
 * read as undefined, `value` is undefined whenever nothing usable was read.
 */
function readProperty(
  walk: Walk,
  get: () => unknown,
  segments: readonly PathSegment[],
  depth: number,
): { absent: boolean; value: unknown } {
  let raw: unknown;
  try {
    raw = get();
  } catch {
    // The thrown error is not quoted: its message may carry the data the getter guarded.
    report(walk, { segments, code: 'unreadable', text: 'could not be read: a getter or Proxy threw' });
    return { absent: false, value: undefined };
  }
  if (raw === undefined) return { absent: true, value: undefined };
  return { absent: false, value: readValue(walk, raw, segments, depth + 1) };
}

function readObject(walk: Walk, value: object, segments: readonly PathSegment[], depth: number): unknown {
  if (depth > MAX_NESTING) {
    report(walk, {
      segments,
      code: 'too_deep',
      text: `expected at most ${MAX_NESTING} levels of nesting, got deeper`,
    });
    return undefined;
  }
  if (walk.ancestors.has(value)) {
    report(walk, {
      segments,
      code: 'cycle',
      text: 'expected a tree of JSON values, got a reference back to an enclosing object',
    });
    return undefined;
  }
  if (!spend(walk, 2)) return undefined;
  walk.ancestors.add(value);
  try {
    if (Array.isArray(value)) return readArray(walk, value, segments, depth);
    if (!isPlainObject(value)) {
      report(walk, {
        segments,
        code: 'not_json',
        text: `expected a plain JSON object, got ${objectKind(value)}`,
      });
      return undefined;
    }
    return readRecord(walk, value, segments, depth);
  } catch {
    report(walk, { segments, code: 'unreadable', text: 'could not be read: a getter or Proxy threw' });
    return undefined;
  } finally {
    walk.ancestors.delete(value);
  }
}

function readValue(walk: Walk, value: unknown, segments: readonly PathSegment[], depth: number): unknown {
  if (walk.stopped) return undefined;
  if (typeof value === 'object' && value !== null) return readObject(walk, value, segments, depth);
  if (typeof value === 'function') {
    report(walk, { segments, code: 'not_json', text: 'expected a JSON value, got a function' });
    return undefined;
  }
  return readScalar(walk, value, segments);
}

/**
 * Copies an untrusted value into plain JSON data, never throwing. Only own enumerable string keys are read (as
 * JSON.stringify does); `undefined` properties are left out; everything that has no JSON form is a finding.
 *
 * @example readPlainJson(JSON.parse(body)).findings // [] for a well-formed entry
 */
export function readPlainJson(input: unknown): GateResult {
  const walk: Walk = { findings: [], chars: 0, stopped: false, tooLarge: false, ancestors: new Set() };
  const value = readValue(walk, input, [], 0);
  return { value, findings: walk.findings, tooLarge: walk.tooLarge };
}
