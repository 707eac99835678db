import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decisionEntryArb, runEventEntryArb } from '../test-support/arbitraries.js';
import { exampleDecision } from '../test-support/examples.js';
import { validateEntry } from './validate.js';
import type { Problem } from '../result.js';

function expectWellFormed(problems: readonly Problem[]): void {
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) {
    expect(p.message.startsWith(`${p.path === '' ? 'entry' : p.path}: `)).toBe(true);
    expect(p.message.length).toBeLessThanOrEqual(300);
    expect(p.code).toMatch(/^[a-z_]+$/);
  }
}

/** Every path into a JSON-like value, for replacing one field at random. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [
    prefix,
    ...keys.flatMap((k) => pathsOf((value as Record<string | number, unknown>)[k], [...prefix, k])),
  ];
}

function replaceAt(root: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = replacement;
  return copy;
}

describe('validateEntry properties', () => {
  it('accepts random valid decisions and returns them unchanged', () => {
    fc.assert(
      fc.property(decisionEntryArb, (entry) => {
        expect(validateEntry(entry)).toEqual({ ok: true, value: entry });
      }),
      { numRuns: 300 },
    );
  });

  it('accepts random valid decisions and run events after a JSON round trip', () => {
    fc.assert(
      fc.property(fc.oneof(decisionEntryArb, runEventEntryArb), (entry) => {
        const parsed: unknown = JSON.parse(JSON.stringify(entry));
        const result = validateEntry(parsed);
        expect(result).toEqual({ ok: true, value: entry });
        // Nothing is normalised, not even the order of members.
        expect(JSON.stringify(result.ok && result.value)).toBe(JSON.stringify(entry));
        // Asked for, the copy holds its members in RFC 8785 order (sorted by UTF-16 code units) instead.
        const sorted = validateEntry(parsed, { canonicalOrder: true });
        expect(sorted).toEqual(result);
        expect(membersInOrder(sorted.ok && sorted.value)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on any value, and explains every refusal', () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    });
    fc.assert(
      fc.property(anything, (value) => {
        const result = validateEntry(value);
        if (!result.ok) expectWellFormed(result.problems);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws when any one field of a valid entry is replaced by anything', () => {
    const base = exampleDecision();
    const paths = pathsOf(base);
    fc.assert(
      fc.property(
        fc.constantFrom(...paths),
        fc.anything({ withBigInt: true, withDate: true, withSparseArray: true }),
        (path, value) => {
          const result = validateEntry(replaceAt(base, path, value));
          if (!result.ok) expectWellFormed(result.problems);
        },
      ),
      { numRuns: 500 },
    );
  });
});

/** True when every object inside `value` lists its non-index keys in sorted order (V8 lists index keys first). */
function membersInOrder(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(membersInOrder);
  if (typeof value !== 'object' || value === null) return true;
  const keys = Object.keys(value).filter((k) => !/^(0|[1-9]\d*)$/.test(k));
  return (
    keys.join('\u0000') === [...keys].sort().join('\u0000') && Object.values(value).every(membersInOrder)
  );
}
