// Tail probabilities (survival functions) and their inverses for the three reference distributions the drift
// tests use: chi-square, standard normal and Kolmogorov.

import { CairnError } from '@cairn/core';
import { regularizedGammaQ } from './gamma.js';

/**
 * Upper tail of the chi-square distribution with `dof` degrees of freedom: P(X ≥ x) = Q(dof/2, x/2).
 *
 * @example
 * chiSquareSf(3.841, 1) // ≈ 0.05
 */
export function chiSquareSf(x: number, dof: number): number {
  if (!(dof > 0)) throw new CairnError('invalid_argument', `dof: expected a number above 0, got ${dof}`);
  if (x <= 0) return 1;
  return regularizedGammaQ(dof / 2, x / 2);
}

/**
 * Upper tail of the standard normal distribution, P(Z ≥ z) = erfc(z/√2) / 2, through erfc(t) = Q(1/2, t²) for
 * t ≥ 0 (Numerical Recipes, 3rd ed., §6.2).
 *
 * @example
 * normalSf(1.959964) // ≈ 0.025
 */
export function normalSf(z: number): number {
  if (Number.isNaN(z)) throw new CairnError('invalid_argument', 'z: expected a number, got NaN');
  const t = z / Math.SQRT2;
  const erfcAbs = regularizedGammaQ(0.5, t * t);
  return t >= 0 ? erfcAbs / 2 : 1 - erfcAbs / 2;
}

/**
 * Upper tail of the Kolmogorov distribution, Q_KS(λ) = P(K ≥ λ), the limit law of √n·D (Kolmogorov 1933).
 * Numerical Recipes (3rd ed.) §6.14: the alternating series 2 Σ (−1)^(j−1) e^(−2j²λ²) converges fast for large
 * λ, the Jacobi-theta form √(2π)/λ Σ e^(−(2j−1)²π²/(8λ²)) of the CDF for small λ; they meet at λ = 1.18.
 *
 * @example
 * kolmogorovSf(1.358) // ≈ 0.05
 */
export function kolmogorovSf(lambda: number): number {
  if (Number.isNaN(lambda)) throw new CairnError('invalid_argument', 'lambda: expected a number, got NaN');
  // Below λ = 0.1 the CDF is under 1e−50 (its leading term is 25·e^−123), and the theta form would divide 0 by
  // a vanishing λ.
  if (lambda < 0.1) return 1;
  if (lambda < 1.18) return Math.min(1, Math.max(0, 1 - kolmogorovCdfSmall(lambda)));
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += j % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

function kolmogorovCdfSmall(lambda: number): number {
  const factor = (Math.PI * Math.PI) / (8 * lambda * lambda);
  let sum = 0;
  for (let j = 1; j <= 100; j++) {
    const odd = 2 * j - 1;
    const term = Math.exp(-odd * odd * factor);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return (Math.sqrt(2 * Math.PI) / lambda) * sum;
}

/**
 * The x at which a decreasing survival function falls to probability `p`, by bisection: slow but sure, and
 * only used to state thresholds (critical values) beside p-values.
 *
 * @example
 * upperQuantile(normalSf, 0.025) // ≈ 1.96
 */
export function upperQuantile(sf: (x: number) => number, p: number): number {
  if (!(p > 0 && p < 1))
    throw new CairnError('invalid_argument', `p: expected a probability in (0, 1), got ${p}`);
  if (!(sf(0) > p))
    throw new CairnError('invalid_argument', `p: expected a probability below sf(0), got ${p}`);
  let lo = 0;
  let hi = 1;
  while (sf(hi) > p) {
    lo = hi;
    hi *= 2;
    if (hi > 1e6) throw new CairnError('invalid_argument', `p: no quantile found below 1e6 for ${p}`);
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (sf(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
