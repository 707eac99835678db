// Two-proportion z-test with a pooled standard error (e.g. Agresti, "Categorical Data Analysis", 3rd ed.,
// ch. 3); its z² equals Pearson's X² for the 2 × 2 table, which the tests use as an independent check.

import { CairnError } from '@cairn/core';
import { normalSf } from './distributions.js';

/** What {@link twoProportionZTest} returns: the two rates, z (positive when the second is higher) and p. */
export type ProportionTestResult = {
  readonly baselineRate: number;
  readonly windowRate: number;
  readonly z: number;
  readonly pValue: number;
};

/**
 * Two-sided test that `windowHits / windowTotal` differs from `baselineHits / baselineTotal`. When the pooled
 * rate is 0 or 1 the two rates are equal and there is nothing to test: z = 0, p = 1.
 *
 * @example
 * twoProportionZTest(5, 100, 20, 100).pValue // < 0.01
 */
export function twoProportionZTest(
  baselineHits: number,
  baselineTotal: number,
  windowHits: number,
  windowTotal: number,
): ProportionTestResult {
  checkCounts('baseline', baselineHits, baselineTotal);
  checkCounts('window', windowHits, windowTotal);
  const baselineRate = baselineHits / baselineTotal;
  const windowRate = windowHits / windowTotal;
  const pooled = (baselineHits + windowHits) / (baselineTotal + windowTotal);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / baselineTotal + 1 / windowTotal));
  if (standardError === 0) return { baselineRate, windowRate, z: 0, pValue: 1 };
  const z = (windowRate - baselineRate) / standardError;
  return { baselineRate, windowRate, z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))) };
}

function checkCounts(name: string, hits: number, total: number): void {
  if (!Number.isInteger(total) || total < 1) {
    throw new CairnError('invalid_argument', `${name}Total: expected an integer at least 1, got ${total}`);
  }
  if (!Number.isInteger(hits) || hits < 0 || hits > total) {
    throw new CairnError(
      'invalid_argument',
      `${name}Hits: expected an integer from 0 to ${total}, got ${hits}`,
    );
  }
}
