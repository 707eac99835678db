import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chiSquareSf, kolmogorovSf, normalSf, upperQuantile } from './distributions.js';

describe('chiSquareSf', () => {
  // Critical values from the NIST/SEMATECH e-Handbook of Statistical Methods, §1.3.6.7.4.
  const table = [
    { x: 3.841, dof: 1, p: 0.05 },
    { x: 6.635, dof: 1, p: 0.01 },
    { x: 5.991, dof: 2, p: 0.05 },
    { x: 11.345, dof: 3, p: 0.01 },
    { x: 9.488, dof: 4, p: 0.05 },
    { x: 18.307, dof: 10, p: 0.05 },
    { x: 37.566, dof: 20, p: 0.01 },
  ];
  for (const { x, dof, p } of table) {
    it(`gives ${p} beyond the table's critical value ${x} with ${dof} degrees of freedom`, () => {
      expect(chiSquareSf(x, dof)).toBeCloseTo(p, 4);
    });
  }

  it('equals e^(−x/2) with two degrees of freedom', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 200, noNaN: true }), (x) => {
        expect(chiSquareSf(x, 2)).toBeCloseTo(Math.exp(-x / 2), 12);
      }),
    );
  });

  it('is 1 at zero and decreases with x', () => {
    expect(chiSquareSf(0, 3)).toBe(1);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), fc.integer({ min: 1, max: 30 }), (x, dof) => {
        expect(chiSquareSf(x + 0.5, dof)).toBeLessThanOrEqual(chiSquareSf(x, dof));
      }),
    );
  });
});

describe('normalSf', () => {
  it('gives the textbook tail areas', () => {
    expect(normalSf(0)).toBeCloseTo(0.5, 12);
    expect(normalSf(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalSf(2.575829)).toBeCloseTo(0.005, 6);
    expect(normalSf(-1)).toBeCloseTo(0.841344746, 8);
  });

  it('is symmetric: sf(z) + sf(−z) = 1', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (z) => {
        expect(normalSf(z) + normalSf(-z)).toBeCloseTo(1, 12);
      }),
    );
  });
});

describe('kolmogorovSf', () => {
  // Asymptotic critical values of the Kolmogorov distribution (Smirnov 1948; Massey 1951, Table 1).
  const table = [
    { lambda: 1.224, p: 0.1 },
    { lambda: 1.358, p: 0.05 },
    { lambda: 1.628, p: 0.01 },
  ];
  for (const { lambda, p } of table) {
    it(`gives about ${p} beyond λ = ${lambda}`, () => {
      expect(kolmogorovSf(lambda)).toBeCloseTo(p, 3);
    });
  }

  it('joins its two series continuously at λ = 1.18', () => {
    expect(Math.abs(kolmogorovSf(1.18 - 1e-9) - kolmogorovSf(1.18 + 1e-9))).toBeLessThan(1e-8);
  });

  it('stays in [0, 1] and never increases', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 5, noNaN: true }), (lambda) => {
        const p = kolmogorovSf(lambda);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        expect(kolmogorovSf(lambda + 0.01)).toBeLessThanOrEqual(p + 1e-12);
      }),
    );
  });
});

describe('upperQuantile', () => {
  it('inverts the normal tail at the usual two-sided levels', () => {
    expect(upperQuantile(normalSf, 0.025)).toBeCloseTo(1.959964, 5);
    expect(upperQuantile(normalSf, 0.005)).toBeCloseTo(2.575829, 5);
  });

  it('inverts the chi-square tail back to the table', () => {
    expect(upperQuantile((x) => chiSquareSf(x, 3), 0.01)).toBeCloseTo(11.345, 2);
  });

  it('rejects a probability outside (0, 1)', () => {
    expect(() => upperQuantile(normalSf, 1)).toThrow(/p: expected a probability/);
  });
});
