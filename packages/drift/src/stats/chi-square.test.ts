import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareHomogeneity } from './chi-square.js';
import { twoProportionZTest } from './proportion.js';

const cell = fc.integer({ min: 1, max: 400 });

describe('chiSquareHomogeneity', () => {
  it('equals the 2 × 2 shortcut N(ad − bc)² / (row and column totals)', () => {
    fc.assert(
      fc.property(cell, cell, cell, cell, (a, b, c, d) => {
        const n = a + b + c + d;
        const shortcut = (n * (a * d - b * c) ** 2) / ((a + b) * (c + d) * (a + c) * (b + d));
        const result = chiSquareHomogeneity({ x: a, y: b }, { x: c, y: d });
        expect(result.statistic).toBeCloseTo(shortcut, 8);
        expect(result.dof).toBe(1);
      }),
    );
  });

  it('agrees with the two-proportion z-test: z² = X²', () => {
    fc.assert(
      fc.property(cell, cell, cell, cell, (a, b, c, d) => {
        const z = twoProportionZTest(a, a + b, c, c + d);
        const chi = chiSquareHomogeneity({ hit: a, miss: b }, { hit: c, miss: d });
        expect(z.z * z.z).toBeCloseTo(chi.statistic, 8);
        expect(z.pValue).toBeCloseTo(chi.pValue, 10);
      }),
    );
  });

  it('keeps p in [0, 1] and gives p = 1 for proportional rows', () => {
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        (row, k) => {
          const baseline = Object.fromEntries(row.map((n, i) => [`l${i}`, n]));
          const window = Object.fromEntries(row.map((n, i) => [`l${i}`, n * k]));
          const result = chiSquareHomogeneity(baseline, window);
          expect(result.statistic).toBeCloseTo(0, 8);
          expect(result.pValue).toBeCloseTo(1, 8);
          expect(result.dof).toBe(row.length - 1);
        },
      ),
    );
  });

  it('drops categories empty on both sides and tests nothing with fewer than two', () => {
    expect(chiSquareHomogeneity({ a: 10, b: 0 }, { a: 12 })).toEqual({
      statistic: 0,
      dof: 0,
      pValue: 1,
      smallExpected: 0,
    });
  });

  it('counts the cells whose expected count falls below 5', () => {
    expect(chiSquareHomogeneity({ a: 50, b: 2 }, { a: 50, b: 3 }).smallExpected).toBe(2);
  });
});

describe('twoProportionZTest', () => {
  it('gives a positive z when the window rate is higher, and nothing to test when both rates are 0', () => {
    expect(twoProportionZTest(5, 100, 20, 100).z).toBeGreaterThan(0);
    expect(twoProportionZTest(0, 50, 0, 70)).toEqual({ baselineRate: 0, windowRate: 0, z: 0, pValue: 1 });
  });

  it('rejects hits above the total', () => {
    expect(() => twoProportionZTest(5, 4, 1, 1)).toThrow(
      /baselineHits: expected an integer from 0 to 4, got 5/,
    );
  });
});
