import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalizeNatively, isInCanonicalOrder } from './jcs-fast-path.js';
import type { CanonicalRules } from './jcs-fast-path.js';
import { canonicalBytes, canonicalEntryBytes, canonicalizeReference } from './jcs.js';
import { findLoneSurrogate, MAX_JSON_DEPTH } from './json-text.js';
import { validateEntry } from './schema/validate.js';
import { decisionEntryArb, runEventEntryArb } from './test-support/arbitraries.js';
import { HOSTILE_VALUES } from './test-support/hostile-inputs.js';

const STRICT: CanonicalRules = {
  maxDepth: MAX_JSON_DEPTH,
  hasLoneSurrogate: (text) => findLoneSurrogate(text) >= 0,
  allowUnsafeIntegers: false,
};
const PLAIN: CanonicalRules = { ...STRICT, allowUnsafeIntegers: true };

/** The reference answer: its text, or undefined when it refuses the value. */
function reference(value: unknown, rules: CanonicalRules): string | undefined {
  try {
    return canonicalizeReference(value, { allowUnsafeIntegers: rules.allowUnsafeIntegers });
  } catch {
    return undefined;
  }
}

// Values that reach every branch: lone surrogates and pairs, unsafe integers, -0, huge and tiny doubles,
// array-index keys, undefined members, holes, Dates, class instances, null prototypes.
const oddValue = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string({ unit: 'binary' }),
    fc.constantFrom('\uD800', 'a\uDC00', '\uD83D\uDE02', '"\\\u0000\u001f'),
    fc.double(),
    fc.constantFrom(2 ** 53, -(2 ** 53) + 1, -0, 1e21, 1e-7, 5e-324),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(new Date(0)),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('2', '10', 'toJSON')),
      tie('value'),
      { maxKeys: 4 },
    ),
    fc
      .dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 3 })
      .map((d) => Object.assign(Object.create(null) as object, d)),
  ),
})).value;

describe('the canonicalize fast path gives the reference text or gives up', () => {
  for (const [name, rules] of [
    ['strict', STRICT],
    ['plain RFC 8785', PLAIN],
  ] as const) {
    it(`writes the reference text for every value the reference accepts, and nothing else (${name})`, () => {
      fc.assert(
        fc.property(oddValue, (value) => {
          const fast = canonicalizeNatively(value, rules);
          const expected = reference(value, rules);
          if (expected === undefined) expect(fast).toBeUndefined();
          else expect(fast).toBe(expected);
        }),
        { numRuns: 2000 },
      );
    });

    it(`vouches for JSON.stringify only when it is the reference text (${name})`, () => {
      fc.assert(
        fc.property(oddValue, (value) => {
          if (isInCanonicalOrder(value, rules)) expect(JSON.stringify(value)).toBe(reference(value, rules));
        }),
        { numRuns: 2000 },
      );
    });
  }

  it('gives up on every hostile input the reference refuses, without throwing', () => {
    for (const { name, make } of HOSTILE_VALUES) {
      // A fresh value for each look: some are Proxies that count their reads.
      const expected = reference(make(), STRICT);
      expect(() => canonicalizeNatively(make(), STRICT), name).not.toThrow();
      expect(() => isInCanonicalOrder(make(), STRICT), name).not.toThrow();
      if (expected === undefined) {
        expect(canonicalizeNatively(make(), STRICT), name).toBeUndefined();
        expect(isInCanonicalOrder(make(), STRICT), name).toBe(false);
      }
    }
  });

  it('gives up on a cycle at the depth bound, so the reference walk can name it', () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    expect(canonicalizeNatively(cycle, STRICT)).toBeUndefined();
    expect(isInCanonicalOrder(cycle, STRICT)).toBe(false);
  });

  it('refuses array-index keys for JSON.stringify, which enumerates them first', () => {
    const value = { '10': 'a', '2': 'b' };
    expect(isInCanonicalOrder(value, STRICT)).toBe(false);
    expect(canonicalizeNatively(value, STRICT)).toBe('{"10":"a","2":"b"}');
  });
});

describe('canonicalEntryBytes seals a validated entry as canonicalBytes would', () => {
  it('gives the same bytes for random decisions and run events, in any key order', () => {
    fc.assert(
      fc.property(fc.oneof(decisionEntryArb, runEventEntryArb), fc.boolean(), (entry, reverse) => {
        const input = reverse ? reversedKeys(entry) : entry;
        const checked = validateEntry(input, { canonicalOrder: true });
        expect(checked.ok).toBe(true);
        if (!checked.ok) return;
        expect(isInCanonicalOrder(checked.value, STRICT) || hasIndexKey(checked.value)).toBe(true);
        expect(canonicalEntryBytes(checked.value)).toEqual(canonicalBytes(input));
      }),
      { numRuns: 500 },
    );
  });
});

function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

function hasIndexKey(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([k, v]) => /^(0|[1-9]\d*)$/.test(k) || hasIndexKey(v));
}
