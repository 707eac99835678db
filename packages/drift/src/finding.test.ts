import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entrySpan, findingId } from './finding.js';

describe('entrySpan', () => {
  it('merges consecutive log positions into inclusive runs, whatever the order and repeats', () => {
    expect(entrySpan([9, 4, 2, 3, 3])).toEqual({
      count: 4,
      first: 2,
      last: 9,
      indexRanges: [
        [2, 4],
        [9, 9],
      ],
      rangesTruncated: false,
    });
    expect(entrySpan([])).toEqual({
      count: 0,
      first: null,
      last: null,
      indexRanges: [],
      rangesTruncated: false,
    });
  });

  it('covers exactly the given positions when no runs are cut', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(500), { maxLength: 80 }), (indices) => {
        const span = entrySpan(indices, 1000);
        const covered = span.indexRanges.flatMap(([a, b]) =>
          Array.from({ length: b - a + 1 }, (_, k) => a + k),
        );
        expect(covered).toEqual([...indices].sort((a, b) => a - b));
      }),
    );
  });

  it('keeps at most the given number of runs and says when it cut', () => {
    const span = entrySpan([0, 2, 4, 6], 2);
    expect(span.indexRanges).toEqual([
      [0, 0],
      [2, 2],
    ]);
    expect(span.rangesTruncated).toBe(true);
    expect(span.count).toBe(4);
  });
});

describe('findingId', () => {
  it('is stable, within the schema’s id alphabet, and differs when any part differs', () => {
    const id = findingId('mix', ['agent', 'type', '2026-01-01T00:00:00.000Z']);
    expect(id).toBe(findingId('mix', ['agent', 'type', '2026-01-01T00:00:00.000Z']));
    expect(id).toMatch(/^[A-Za-z0-9._:@/-]{1,128}$/);
    expect(findingId('mix', ['agent', 'type', '2026-01-02T00:00:00.000Z'])).not.toBe(id);
    expect(findingId('confidence', ['agent', 'type', '2026-01-01T00:00:00.000Z'])).not.toBe(id);
  });
});
