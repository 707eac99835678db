import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareHomogeneity } from './chi-square.js';
import { countLabels } from './counts.js';
import { populationStabilityIndex } from './psi.js';

const labels = fc.constantFrom('approve', 'deny', 'refer', 'escalate');
const counts = fc
  .dictionary(labels, fc.integer({ min: 0, max: 500 }), { minKeys: 1 })
  .filter((c) => Object.values(c).some((n) => n > 0));

describe('populationStabilityIndex', () => {
  it('matches the hand-computed index for 80/20 against 50/50', () => {
    const expected = (0.5 - 0.8) * Math.log(0.5 / 0.8) + (0.5 - 0.2) * Math.log(0.5 / 0.2);
    expect(
      populationStabilityIndex({ approve: 80, deny: 20 }, { approve: 50, deny: 50 }, 1e-12).value,
    ).toBeCloseTo(expected, 9);
  });

  it('is never negative and is symmetric', () => {
    fc.assert(
      fc.property(counts, counts, (a, b) => {
        const forward = populationStabilityIndex(a, b).value;
        expect(forward).toBeGreaterThanOrEqual(0);
        expect(populationStabilityIndex(b, a).value).toBeCloseTo(forward, 10);
      }),
    );
  });

  it('is zero for identical distributions, whatever the sample sizes', () => {
    fc.assert(
      fc.property(counts, fc.integer({ min: 1, max: 9 }), (a, factor) => {
        const scaled = Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v * factor]));
        expect(populationStabilityIndex(a, scaled).value).toBeCloseTo(0, 12);
      }),
    );
  });

  it('stays finite when a category appears only in the window, and grows with that category', () => {
    const small = populationStabilityIndex({ approve: 100 }, { approve: 95, deny: 5 }).value;
    const large = populationStabilityIndex({ approve: 100 }, { approve: 60, deny: 40 }).value;
    expect(Number.isFinite(large)).toBe(true);
    expect(large).toBeGreaterThan(small);
  });

  it('reports each category’s contribution, summing to the index', () => {
    const result = populationStabilityIndex({ a: 30, b: 50, c: 20 }, { a: 10, b: 50, c: 40 });
    const sum = result.categories.reduce((total, c) => total + c.contribution, 0);
    expect(sum).toBeCloseTo(result.value, 12);
    expect(result.categories.map((c) => c.label)).toEqual(['a', 'b', 'c']);
  });

  it('treats labels named like Object.prototype members as plain labels', () => {
    const baseline = countLabels(['constructor', 'toString', '__proto__', 'constructor']);
    expect(Object.keys(baseline).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    expect(
      populationStabilityIndex(baseline, countLabels(['constructor', 'toString', '__proto__', 'constructor']))
        .value,
    ).toBe(0);
    expect(chiSquareHomogeneity(baseline, countLabels(['hasOwnProperty'])).dof).toBe(3);
  });

  it('rejects an empty distribution and a non-positive epsilon', () => {
    expect(() => populationStabilityIndex({}, { a: 1 })).toThrow(/at least one observation/);
    expect(() => populationStabilityIndex({ a: 1 }, { a: 1 }, 0)).toThrow(
      /epsilon: expected a number above 0/,
    );
  });
});
