// Population stability index: a symmetric divergence between two categorical distributions, long used in
// credit-scoring model monitoring. Industry convention (e.g. Siddiqi, "Credit Risk Scorecards", 2006) reads
// PSI < 0.1 as no significant shift, 0.1–0.25 as a moderate shift and ≥ 0.25 as a significant shift; these are
// conventions, not statistical tests, so Cairn pairs PSI with a chi-square test and makes both configurable.

import { countOf } from './counts.js';
import type { LabelCounts } from './counts.js';
import { CairnError } from '@cairn/core';

/** What {@link populationStabilityIndex} returns: the index and each category's share of it. */
export type PsiResult = {
  readonly value: number;
  readonly categories: readonly {
    readonly label: string;
    readonly expected: number;
    readonly actual: number;
    readonly contribution: number;
  }[];
};

/**
 * The smoothing added to every proportion unless stated: small enough not to mask real shifts.
 *
 * @example
 * populationStabilityIndex(baseline, window, DEFAULT_PSI_EPSILON)
 */
export const DEFAULT_PSI_EPSILON = 1e-4;

/**
 * PSI = Σ (aᵢ − eᵢ)·ln(aᵢ / eᵢ) over the union of categories, where eᵢ and aᵢ are the baseline and window
 * proportions. A category absent on one side would make the logarithm infinite, so each proportion is smoothed
 * to (p + ε) / (1 + kε) for k categories: it stays a distribution, and equal proportions stay equal (PSI = 0).
 * Every term is ≥ 0 because (a − e) and ln(a/e) share their sign.
 *
 * @example
 * populationStabilityIndex({ approve: 80, deny: 20 }, { approve: 50, deny: 50 }).value // ≈ 0.42
 */
export function populationStabilityIndex(
  baseline: LabelCounts,
  window: LabelCounts,
  epsilon = DEFAULT_PSI_EPSILON,
): PsiResult {
  if (!(epsilon > 0))
    throw new CairnError('invalid_argument', `epsilon: expected a number above 0, got ${epsilon}`);
  const labels = [...new Set([...Object.keys(baseline), ...Object.keys(window)])].sort();
  const expected = smoothedProportions(baseline, labels, epsilon);
  const actual = smoothedProportions(window, labels, epsilon);
  let value = 0;
  const categories = labels.map((label, i) => {
    const e = expected[i]!;
    const a = actual[i]!;
    const contribution = (a - e) * Math.log(a / e);
    value += contribution;
    return { label, expected: e, actual: a, contribution };
  });
  return { value, categories };
}

function smoothedProportions(counts: LabelCounts, labels: readonly string[], epsilon: number): number[] {
  let total = 0;
  for (const label of labels) {
    const count = countOf(counts, label);
    if (!(count >= 0) || !Number.isFinite(count)) {
      throw new CairnError(
        'invalid_argument',
        `counts.${label}: expected a finite count at least 0, got ${count}`,
      );
    }
    total += count;
  }
  if (total === 0)
    throw new CairnError('invalid_argument', 'counts: expected at least one observation, got none');
  const denominator = 1 + labels.length * epsilon;
  return labels.map((label) => (countOf(counts, label) / total + epsilon) / denominator);
}
