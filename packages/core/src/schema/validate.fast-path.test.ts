// validateEntry answers valid input through acceptor.ts without running zod; these properties hold it to exactly
// the answers of the full check (validateEntryWithoutFastPath) on valid entries, on entries broken one field at a
// time, on arbitrary values and on the shared hostile inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyValueArb, decisionEntryArb, runEventEntryArb } from '../test-support/arbitraries.js';
import { exampleEntries } from '../test-support/examples.js';
import { HOSTILE_VALUES } from '../test-support/hostile-inputs.js';
import { MAX_TEXT } from './limits.js';
import { validateEntries, validateEntry, validateEntryWithoutFastPath } from './validate.js';

type Path = (string | number)[];

function expectSameAnswer(input: unknown): void {
  expect(validateEntry(input)).toEqual(validateEntryWithoutFastPath(input));
}

/** Every path into a JSON-like value: the places a field can be broken. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((k) => pathsOf((value as Record<string | number, unknown>)[k], [...prefix, k])),
  ];
}

type Edit = { readonly at: number; readonly how: 'replace' | 'delete' | 'add'; readonly value: unknown };

/** Replaces, deletes or adds (as an unknown key `extra`) at the `at`-th path of a copy of the entry. */
function edited(entry: unknown, { at, how, value }: Edit): unknown {
  const paths = pathsOf(entry);
  const path = paths[at % paths.length]!;
  if (path.length === 0) return how === 'replace' ? value : entry;
  const copy = structuredClone(entry) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (how === 'replace') node[last] = value;
  else if (how === 'delete') delete node[last];
  else if (typeof node[last] === 'object' && node[last] !== null)
    (node[last] as Record<string, unknown>).extra = value;
  return copy;
}

/** Values near the edges of the schema's rules, where a fast path could disagree with zod. */
const edgeValue = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      0,
      1,
      -1,
      1.5,
      -0,
      2 ** 53,
      2 ** 53 - 1,
      Number.MIN_VALUE,
      NaN,
      '',
      ' ',
      'a',
      ' https://example.com/ ',
      'https://example.com/',
      'javascript:alert(1)',
      '2026-02-29T00:00:00Z',
      '2028-02-29T00:00:00Z',
      '0000-02-29T00:00:00Z',
      '2026-11-23T14:24:56.123456789+14:00',
      'sha256:' + 'a'.repeat(64),
      'a'.repeat(64),
      '0'.repeat(32),
      'ab@example.org',
      '+49 30 1234567',
      'decision',
      'run_event',
      'commitment',
      'x'.repeat(MAX_TEXT),
      'x'.repeat(MAX_TEXT + 1),
      '😀'.repeat(MAX_TEXT / 2 + 1),
      'a\uD800',
      [],
      {},
      null,
      true,
    ),
  },
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.double(),
  fc.integer(),
  fc.anything({ withBigInt: true, withDate: true, withSparseArray: true, withNullPrototype: true }),
);

const editArb = fc.record({
  at: fc.nat(),
  how: fc.constantFrom('replace' as const, 'delete' as const, 'add' as const),
  value: edgeValue,
});

const validEntryArb = fc.oneof(fc.constantFrom(...exampleEntries()), decisionEntryArb, runEventEntryArb);

describe('validateEntry with its fast path', () => {
  it('answers valid entries of every kind as the full check does', () => {
    fc.assert(
      fc.property(validEntryArb, (entry) => {
        expectSameAnswer(entry);
      }),
      { numRuns: 200 },
    );
  });

  it('answers entries with one or two fields broken exactly as the full check does', () => {
    fc.assert(
      fc.property(validEntryArb, editArb, fc.option(editArb, { nil: undefined }), (entry, first, second) => {
        const once = edited(entry, first);
        expectSameAnswer(second === undefined ? once : edited(once, second));
      }),
      { numRuns: 1_000 },
    );
  });

  it('answers any value as the full check does', () => {
    fc.assert(
      fc.property(anyValueArb, (value) => {
        expectSameAnswer(value);
      }),
      { numRuns: 500 },
    );
  });

  it.each(HOSTILE_VALUES.map((h) => [h.name, h] as const))(
    'answers %s, alone and inside a valid entry, as the full check does',
    (_, hostile) => {
      expectSameAnswer(hostile.make());
      for (const entry of exampleEntries()) {
        expectSameAnswer({ ...entry, tags: [hostile.make()] });
      }
    },
  );

  it('answers a batch as the full check answers its items', () => {
    const batch: unknown[] = [...exampleEntries(), { ...exampleEntries()[1], kind: 'decisoin' }];
    const result = validateEntries(batch);
    expect(result.ok).toBe(false);
    const expected = batch.flatMap((item) => {
      const one = validateEntryWithoutFastPath(item);
      return one.ok ? [] : one.problems.map((p) => p.path);
    });
    expect(!result.ok && result.problems.map((p) => p.path.replace(/^\[\d+\]\.?/, ''))).toEqual(expected);
  });
});
