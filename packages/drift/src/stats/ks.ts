// Two-sample Kolmogorov–Smirnov test (Smirnov 1939; Numerical Recipes 3rd ed. §14.3.3): the largest gap between
// two empirical distribution functions, with the asymptotic p-value Q_KS(√(nm/(n+m)) · D).

import { CairnError } from '@cairn/core';
import { kolmogorovSf, upperQuantile } from './distributions.js';

/** What {@link ksTwoSample} returns; `effectiveN` is nm/(n+m). */
export type KsResult = {
  readonly statistic: number;
  readonly pValue: number;
  readonly effectiveN: number;
};

/**
 * D = sup |F₁(x) − F₂(x)| over both samples, and its asymptotic p-value. Ties are stepped over together, so D is
 * exact for any data; the asymptotic p-value is conservative when there are many ties. Numerical Recipes adds
 * Stephens' small-sample correction (√nₑ + 0.12 + 0.11/√nₑ); Cairn keeps the plain limit so its critical values
 * match the published table (D ≈ 1.358·√((n+m)/(nm)) at α = 0.05).
 *
 * @example
 * ksTwoSample([0.1, 0.2, 0.3], [0.7, 0.8, 0.9]).statistic // 1
 */
export function ksTwoSample(first: readonly number[], second: readonly number[]): KsResult {
  if (first.length === 0 || second.length === 0) {
    throw new CairnError('invalid_argument', 'samples: expected two non-empty samples');
  }
  const a = sortedFinite(first, 'first');
  const b = sortedFinite(second, 'second');
  let i = 0;
  let j = 0;
  let statistic = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < a.length && a[i] === x) i++;
    while (j < b.length && b[j] === x) j++;
    statistic = Math.max(statistic, Math.abs(i / a.length - j / b.length));
  }
  const effectiveN = (a.length * b.length) / (a.length + b.length);
  return { statistic, pValue: kolmogorovSf(Math.sqrt(effectiveN) * statistic), effectiveN };
}

/**
 * The D above which the two-sample test rejects at level `alpha` for sample sizes n and m.
 *
 * @example
 * ksCriticalValue(100, 100, 0.05) // ≈ 0.192
 */
export function ksCriticalValue(n: number, m: number, alpha: number): number {
  return upperQuantile(kolmogorovSf, alpha) / Math.sqrt((n * m) / (n + m));
}

function sortedFinite(sample: readonly number[], name: string): number[] {
  sample.forEach((value, k) => {
    if (!Number.isFinite(value)) {
      throw new CairnError('invalid_argument', `${name}[${k}]: expected a finite number, got ${value}`);
    }
  });
  return [...sample].sort((x, y) => x - y);
}
