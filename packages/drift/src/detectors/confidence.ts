// Confidence shift: does the distribution of `decision.confidence` in a window differ from its baseline? A
// two-sample Kolmogorov–Smirnov test, flagged when p < α, i.e. when D exceeds the critical value stated beside it.

import type { Json } from '@cairn/core';
import type { DecisionPoint } from '../collect.js';
import type { Finding } from '../finding.js';
import { ksCriticalValue, ksTwoSample } from '../stats/ks.js';
import type { KsResult } from '../stats/ks.js';
import { summarise } from '../stats/summary.js';
import { findingBasis, latestTime, num, pText, refsOf, relatedChanges, tooFew } from './shared.js';
import type { DetectorInput, DetectorOutcome } from './shared.js';

function withConfidence(decisions: readonly DecisionPoint[]): DecisionPoint[] {
  return decisions.filter((d) => d.confidence !== undefined);
}

/**
 * Tests one window's confidence values against its baseline's.
 *
 * @example
 * const { test, finding } = detectConfidenceShift(input);
 */
export function detectConfidenceShift(input: DetectorInput): DetectorOutcome {
  const { settings } = input;
  const window = withConfidence(input.window.decisions);
  const baseline = withConfidence(input.baseline.decisions);
  if (window.length < settings.minSamples || baseline.length < settings.minSamples) {
    return tooFew('confidence values', window.length, baseline.length, settings.minSamples);
  }
  const ks = ksTwoSample(
    baseline.map((d) => d.confidence!),
    window.map((d) => d.confidence!),
  );
  const critical = ksCriticalValue(baseline.length, window.length, settings.alpha);
  const flagged = ks.pValue < settings.alpha;
  const test = { tested: true, statistic: ks.statistic, threshold: critical, pValue: ks.pValue, flagged };
  if (!flagged) return { test };
  const finding = confidenceFinding(input, { window, baseline, ks, critical });
  return { test: { ...test, findingId: finding.id }, finding };
}

type KsOutcome = { window: DecisionPoint[]; baseline: DecisionPoint[]; ks: KsResult; critical: number };

function confidenceFinding(input: DetectorInput, { window, baseline, ks, critical }: KsOutcome): Finding {
  const { settings } = input;
  const { frame, id } = findingBasis(
    input,
    'confidence',
    baseline.map((d) => d.index),
  );
  const now = summarise(window.map((d) => d.confidence!))!;
  const before = summarise(baseline.map((d) => d.confidence!))!;
  return {
    id,
    detector: 'confidence',
    severity: 'warning',
    agentId: input.agentId,
    decisionType: input.decisionType,
    summary:
      `Confidence of ${input.decisionType} by ${input.agentId} shifted in the window from ${frame.window.from}: ` +
      `KS D = ${num(ks.statistic)} (critical ${num(critical)} at α ${settings.alpha}), p = ${pText(ks.pValue)}; ` +
      `median ${num(before.median)} → ${num(now.median)}.`,
    statistic: { name: 'ks.d', value: ks.statistic, threshold: critical },
    test: {
      name: 'kolmogorov-smirnov-two-sample',
      statistic: ks.statistic,
      pValue: ks.pValue,
      alpha: settings.alpha,
    },
    ...frame,
    entries: refsOf(window),
    occurredAt: latestTime(window),
    details: {
      window: summaryJson(now),
      baseline: summaryJson(before),
      minSamples: settings.minSamples,
      versionChanges: relatedChanges(input),
    },
  };
}

function summaryJson(summary: NonNullable<ReturnType<typeof summarise>>): Json {
  return { ...summary };
}
