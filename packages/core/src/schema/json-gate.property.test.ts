// The gate was rewritten for speed (a shared path stack instead of a path per property, no closures, a bound of
// the JSON length instead of JSON.stringify). These properties hold it to the straightforward walk it replaced,
// kept here as the reference: same copy, same findings in the same order, same stops.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeValue } from '../result.js';
import { keyProblem, numberProblem } from './json-value.js';
import { readPlainJson } from './json-gate.js';
import { MAX_ENTRY_CHARS, MAX_NESTING } from './limits.js';
import type { PathSegment } from './paths.js';
import type { Finding } from './problems.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
type Walk = {
  findings: Finding[];
  chars: number;
  stopped: boolean;
  tooLarge: boolean;
  ancestors: Set<object>;
};
type Segs = readonly PathSegment[];

/** The gate as first written: one closure and one path array per property. */
function referenceGate(input: unknown): { value: unknown; findings: Finding[]; tooLarge: boolean } {
  const walk: Walk = { findings: [], chars: 0, stopped: false, tooLarge: false, ancestors: new Set() };
  const report = (f: Finding) => {
    walk.findings.push(f);
    if (walk.findings.length >= 100) walk.stopped = true;
  };
  const spend = (n: number) => {
    walk.chars += n;
    if (walk.chars <= MAX_ENTRY_CHARS) return true;
    walk.tooLarge = walk.stopped = true;
    return false;
  };
  const unreadable = (segments: Segs): Finding => ({
    segments,
    code: 'unreadable',
    text: 'could not be read: a getter or Proxy threw',
  });
  function scalar(value: unknown, segments: Segs): unknown {
    if (typeof value === 'string') {
      if (!spend(value.length + 2)) return undefined;
      const text = 'expected well-formed Unicode text, got a string with a lone surrogate';
      if (LONE_SURROGATE.test(value)) report({ segments, code: 'not_json', text });
      return value;
    }
    if (typeof value === 'number') {
      spend(1);
      const text = numberProblem(value);
      if (text !== undefined) report({ segments, code: 'not_json', text });
      return value;
    }
    if (typeof value === 'boolean' || value === null) return spend(4) ? value : undefined;
    report({ segments, code: 'not_json', text: `expected a JSON value, got ${describeValue(value)}` });
    return undefined;
  }
  function property(get: () => unknown, segments: Segs, depth: number) {
    let raw: unknown;
    try {
      raw = get();
    } catch {
      report(unreadable(segments));
      return { absent: false, value: undefined };
    }
    return raw === undefined
      ? { absent: true, value: undefined }
      : { absent: false, value: read(raw, segments, depth + 1) };
  }
  function container(value: object, segments: Segs, depth: number): unknown {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      const length = value.length;
      for (let i = 0; i < length && !walk.stopped; i++) {
        const item = property(() => value[i] as unknown, [...segments, i], depth);
        const text = 'expected a JSON value, got nothing';
        if (item.absent) report({ segments: [...segments, i], code: 'not_json', text });
        out.push(item.value);
      }
      return out;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== null && Object.getPrototypeOf(proto) !== null) {
      const tag = Object.prototype.toString.call(value).slice(8, -1);
      const kind = tag === 'Object' ? 'an instance of a class' : `a ${tag}`;
      report({ segments, code: 'not_json', text: `expected a plain JSON object, got ${kind}` });
      return undefined;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (walk.stopped || !spend(key.length + 4)) break;
      const bad = keyProblem(key, segments.at(-1));
      if (bad !== undefined) {
        report({ ...bad, segments: [...segments, key] });
        continue;
      }
      const item = property(() => (value as Record<string, unknown>)[key], [...segments, key], depth);
      if (item.value !== undefined) out[key] = item.value;
    }
    return out;
  }
  function read(value: unknown, segments: Segs, depth: number): unknown {
    if (walk.stopped) return undefined;
    if (typeof value === 'function') {
      report({ segments, code: 'not_json', text: 'expected a JSON value, got a function' });
      return undefined;
    }
    if (typeof value !== 'object' || value === null) return scalar(value, segments);
    if (depth > MAX_NESTING) {
      const text = `expected at most ${MAX_NESTING} levels of nesting, got deeper`;
      report({ segments, code: 'too_deep', text });
      return undefined;
    }
    if (walk.ancestors.has(value)) {
      const text = 'expected a tree of JSON values, got a reference back to an enclosing object';
      report({ segments, code: 'cycle', text });
      return undefined;
    }
    if (!spend(2)) return undefined;
    walk.ancestors.add(value);
    try {
      return container(value, segments, depth);
    } catch {
      report(unreadable(segments));
      return undefined;
    } finally {
      walk.ancestors.delete(value);
    }
  }
  const value = read(input, [], 0);
  return { value, findings: walk.findings, tooLarge: walk.tooLarge };
}

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { k: value };
  return value;
}

/** Values no plain walk of JSON would meet. fast-check cannot hold some (a revoked Proxy breaks it): it holds markers. */
const HOSTILE: readonly (() => unknown)[] = [
  () => ({
    ok: 1,
    get secret(): number {
      throw new Error('no');
    },
  }),
  () =>
    new Proxy(
      { a: 1 },
      {
        ownKeys: () => ['a', 'b'],
        getOwnPropertyDescriptor: () => {
          throw new Error('no');
        },
      },
    ),
  () => new Proxy([1, 2], { get: (t, k) => (k === 'length' ? 3 : Reflect.get(t, k)) }),
  () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  },
  () => {
    const loop: Record<string, unknown> = { a: [1] };
    loop.b = { back: loop };
    return loop;
  },
  () => nested(45),
  () => Array.from({ length: 120 }, () => NaN),
  () => 'x'.repeat(MAX_ENTRY_CHARS - 10),
  () => JSON.parse('{"__proto__": 1, "constructor": {"prototype": 2}, "b": 3}') as unknown,
  () => ({ ['k'.repeat(1_001)]: 1, ['\uDC00']: 2 }),
  () => Object.assign(Object.create(null) as object, { a: [undefined, () => 1, 2n, Symbol('s')] }),
  () => [1, , 3], // eslint-disable-line no-sparse-arrays -- a hole is one of the cases
];

class Marker {
  constructor(readonly index: number) {}
}

/** The value with every marker replaced by a fresh hostile value (containers copied only where one sits). */
function build(value: unknown): unknown {
  if (value instanceof Marker) return HOSTILE[value.index]!();
  if (typeof value !== 'object' || value === null || !holdsMarker(value)) return value;
  if (Array.isArray(value)) return value.map(build);
  const out = Object.create(Object.getPrototypeOf(value) as object | null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) out[key] = build(item);
  return out;
}

function holdsMarker(value: object): boolean {
  return Object.values(value).some(
    (item) => item instanceof Marker || (typeof item === 'object' && item !== null && holdsMarker(item)),
  );
}

/** Arbitrary values with hostile ones planted anywhere. */
const inputArb = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.anything({
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSparseArray: true,
      withNullPrototype: true,
    }),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.nat({ max: HOSTILE.length - 1 }).map((i) => new Marker(i)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('readPlainJson against the walk it replaced', () => {
  it('copies the same value and reports the same findings, in the same order, for any input', () => {
    fc.assert(
      fc.property(inputArb, (recipe) => {
        const input = build(recipe);
        const gate = readPlainJson(input);
        const reference = referenceGate(input);
        expect(gate.findings).toEqual(reference.findings);
        expect(gate.tooLarge).toBe(reference.tooLarge);
        expect(gate.value).toEqual(reference.value);
      }),
      { numRuns: 400 },
    );
  });

  it('bounds the length of the copy as JSON text from above, so skipping JSON.stringify loses nothing', () => {
    const textArb = fc.string({ unit: 'binary', maxLength: 40 });
    const jsonish = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        textArb,
        fc.double(),
        fc.integer(),
        fc.constantFrom(-1.2345678901234566e-7, -0.0000017228499470865861, -1.7976931348623157e308, 5e-324),
        fc.boolean(),
        fc.constant(null),
        fc.constantFrom(undefined, () => 1, Symbol('s')),
        fc.array(tie('value'), { maxLength: 5 }),
        fc.dictionary(textArb, tie('value'), { maxKeys: 5 }),
      ),
    })).value;
    fc.assert(
      fc.property(jsonish, (input) => {
        const gate = readPlainJson(input);
        if (gate.value !== undefined) {
          expect(gate.maxChars).toBeGreaterThanOrEqual(JSON.stringify(gate.value).length);
        }
      }),
      { numRuns: 1_000 },
    );
  });
});
