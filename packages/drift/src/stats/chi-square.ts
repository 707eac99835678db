// Pearson's chi-square test of homogeneity (Pearson 1900; see e.g. Agresti, "Categorical Data Analysis",
// 3rd ed., ch. 3): are two samples of a categorical variable drawn from the same distribution?

import { countOf } from './counts.js';
import type { LabelCounts } from './counts.js';
import { chiSquareSf } from './distributions.js';

/** What {@link chiSquareHomogeneity} returns. `smallExpected` counts cells with an expected count below 5. */
export type ChiSquareResult = {
  readonly statistic: number;
  readonly dof: number;
  readonly pValue: number;
  readonly smallExpected: number;
};

/**
 * Tests a 2 × k table (baseline counts vs window counts) with X² = Σ (O − E)² / E, E = row total · column total
 * / N, and (2 − 1)(k − 1) degrees of freedom; categories empty on both sides are dropped. Fewer than two
 * categories leave nothing to compare: X² = 0, p = 1. The chi-square approximation is rough when expected counts
 * fall below 5 (Cochran 1954): `smallExpected` says how many did, so a finding can say so.
 *
 * @example
 * chiSquareHomogeneity({ approve: 80, deny: 20 }, { approve: 50, deny: 50 }).pValue // < 0.001
 */
export function chiSquareHomogeneity(baseline: LabelCounts, window: LabelCounts): ChiSquareResult {
  const labels = [...new Set([...Object.keys(baseline), ...Object.keys(window)])].filter(
    (label) => countOf(baseline, label) + countOf(window, label) > 0,
  );
  const rows = [baseline, window];
  const rowTotals = rows.map((row) => labels.reduce((sum, label) => sum + countOf(row, label), 0));
  const total = rowTotals[0]! + rowTotals[1]!;
  if (labels.length < 2 || rowTotals[0] === 0 || rowTotals[1] === 0) {
    return { statistic: 0, dof: Math.max(labels.length - 1, 0), pValue: 1, smallExpected: 0 };
  }
  let statistic = 0;
  let smallExpected = 0;
  for (const label of labels) {
    const columnTotal = countOf(baseline, label) + countOf(window, label);
    rows.forEach((row, r) => {
      const expected = (rowTotals[r]! * columnTotal) / total;
      const observed = countOf(row, label);
      statistic += ((observed - expected) * (observed - expected)) / expected;
      if (expected < 5) smallExpected++;
    });
  }
  const dof = labels.length - 1;
  return { statistic, dof, pValue: chiSquareSf(statistic, dof), smallExpected };
}
