import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { kolmogorovSf } from './distributions.js';
import { ksCriticalValue, ksTwoSample } from './ks.js';

const sample = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 60 });
const tiedSample = fc.array(
  fc.integer({ min: 0, max: 10 }).map((n) => n / 10),
  { minLength: 1, maxLength: 60 },
);

// Independent definition: the largest gap between the two empirical CDFs, evaluated at every observed value.
function bruteForceD(a: readonly number[], b: readonly number[]): number {
  let d = 0;
  for (const x of [...a, ...b]) {
    const fa = a.filter((v) => v <= x).length / a.length;
    const fb = b.filter((v) => v <= x).length / b.length;
    d = Math.max(d, Math.abs(fa - fb));
  }
  return d;
}

describe('ksTwoSample', () => {
  it('gives the published critical D ≈ 0.192 for n = m = 100 at α = 0.05', () => {
    expect(ksCriticalValue(100, 100, 0.05)).toBeCloseTo(0.192, 3);
  });

  it('states a critical value at which the asymptotic p-value equals α', () => {
    const critical = ksCriticalValue(80, 120, 0.01);
    expect(kolmogorovSf(critical * Math.sqrt((80 * 120) / 200))).toBeCloseTo(0.01, 8);
  });

  it('gives D = 1 and a tiny p for samples that do not overlap', () => {
    const low = Array.from({ length: 50 }, (_, i) => i / 100);
    const high = low.map((x) => x + 0.5);
    const result = ksTwoSample(low, high);
    expect(result.statistic).toBe(1);
    expect(result.pValue).toBeLessThan(1e-10);
  });

  it('matches the brute-force definition of D, with and without ties', () => {
    for (const arbitrary of [sample, tiedSample]) {
      fc.assert(
        fc.property(arbitrary, arbitrary, (a, b) => {
          expect(ksTwoSample(a, b).statistic).toBeCloseTo(bruteForceD(a, b), 12);
        }),
      );
    }
  });

  it('keeps D in [0, 1], symmetric, and p in [0, 1]', () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const forward = ksTwoSample(a, b);
        const backward = ksTwoSample(b, a);
        expect(forward.statistic).toBeGreaterThanOrEqual(0);
        expect(forward.statistic).toBeLessThanOrEqual(1);
        expect(forward.statistic).toBe(backward.statistic);
        expect(forward.pValue).toBeGreaterThanOrEqual(0);
        expect(forward.pValue).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('gives D = 0 and p = 1 for a sample against itself', () => {
    fc.assert(
      fc.property(sample, (a) => {
        const result = ksTwoSample(a, [...a].reverse());
        expect(result.statistic).toBe(0);
        expect(result.pValue).toBe(1);
      }),
    );
  });

  it('rejects an empty sample and non-finite values', () => {
    expect(() => ksTwoSample([], [1])).toThrow(/two non-empty samples/);
    expect(() => ksTwoSample([1, Number.NaN], [1])).toThrow(/first\[1\]: expected a finite number/);
  });
});
