import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCairnError } from '@cairn/core';
import { logGamma, regularizedGammaP, regularizedGammaQ } from './gamma.js';

const positive = fc.double({ min: 0.05, max: 200, noNaN: true });
const nonNegative = fc.double({ min: 0, max: 400, noNaN: true });

describe('logGamma', () => {
  it('equals log((n − 1)!) for n = 1..30, computed by multiplying', () => {
    let factorial = 1;
    for (let n = 1; n <= 30; n++) {
      if (n > 1) factorial *= n - 1;
      expect(logGamma(n)).toBeCloseTo(Math.log(factorial), 10);
    }
  });

  it('equals log √π at 1/2 and uses the reflection formula below 1/2', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    // Γ(1/4) = 3.62560990822190831… (OEIS A068466).
    expect(logGamma(0.25)).toBeCloseTo(Math.log(3.625609908221908), 9);
  });

  it('satisfies Γ(x + 1) = x·Γ(x)', () => {
    fc.assert(
      fc.property(positive, (x) => {
        expect(logGamma(x + 1)).toBeCloseTo(Math.log(x) + logGamma(x), 8);
      }),
    );
  });

  it('rejects zero and negative arguments as programmer errors', () => {
    for (const bad of [0, -1, Number.NaN]) {
      expect(() => logGamma(bad)).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    }
  });
});

describe('regularized incomplete gamma', () => {
  it('keeps P and Q in [0, 1] and summing to 1', () => {
    fc.assert(
      fc.property(positive, nonNegative, (a, x) => {
        const p = regularizedGammaP(a, x);
        const q = regularizedGammaQ(a, x);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(q).toBeLessThanOrEqual(1);
        expect(p + q).toBeCloseTo(1, 10);
      }),
    );
  });

  it('matches the closed form P(1, x) = 1 − e^−x', () => {
    fc.assert(
      fc.property(nonNegative, (x) => {
        expect(regularizedGammaP(1, x)).toBeCloseTo(1 - Math.exp(-x), 12);
      }),
    );
  });

  it('matches the Poisson sum Q(n, x) = e^−x Σ_{i<n} xⁱ/i! for integer n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 80, noNaN: true }), (n, x) => {
        let term = 1;
        let sum = 1;
        for (let i = 1; i < n; i++) {
          term *= x / i;
          sum += term;
        }
        const expected = Math.exp(-x) * sum;
        expect(Math.abs(regularizedGammaQ(n, x) - expected)).toBeLessThan(1e-12 + 1e-9 * expected);
      }),
    );
  });

  it('is exact at the ends of its domain', () => {
    expect(regularizedGammaP(3, 0)).toBe(0);
    expect(regularizedGammaQ(3, 0)).toBe(1);
    expect(regularizedGammaQ(3, Infinity)).toBe(0);
  });

  it('rejects a shape at or below zero and a negative x', () => {
    const errors = [() => regularizedGammaP(0, 1), () => regularizedGammaQ(1, -1)].map((f) => {
      try {
        f();
        return undefined;
      } catch (error) {
        return error;
      }
    });
    expect(errors.every((error) => isCairnError(error, 'invalid_argument'))).toBe(true);
  });
});
