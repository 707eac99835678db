// The per-window data the dashboard and the drift report chart: for each (agent, decision type), every window's
// chosen-option mix, confidence distribution, override rate and test results.

import type { OversightPoint } from './collect.js';
import type { BaselineConfig, DriftSettings } from './config.js';
import type { WindowTest } from './detectors/shared.js';
import { reviewedDecisions } from './detectors/override-rate.js';
import { countLabels, countOf } from './stats/counts.js';
import { summarise, unitHistogram } from './stats/summary.js';
import type { SampleSummary } from './stats/summary.js';
import { isoTime } from './windows.js';
import type { DecisionSlice } from './windows.js';

/** Confidence in a window: order statistics and a 10-bin histogram over [0, 1]. */
export type ConfidencePoint = SampleSummary & { readonly histogram: readonly number[] };

/** One window of one group. `mix[i]` counts the group's `labels[i]`. */
export type WindowPoint = {
  readonly from: string;
  readonly to: string;
  readonly decisions: number;
  readonly mix: readonly number[];
  readonly confidence?: ConfidencePoint;
  readonly oversight: {
    readonly reviewed: number;
    readonly overridden: number;
    readonly rate: number | null;
  };
  readonly baseline?: { readonly from: string; readonly to: string; readonly decisions: number };
  readonly tests: {
    readonly mix?: WindowTest;
    readonly confidence?: WindowTest;
    readonly overrideRate?: WindowTest;
  };
};

/** A version change, placed on the time axis. */
export type VersionMark = {
  readonly findingId: string;
  readonly component: string;
  readonly index: number;
  readonly at: string;
};

/** All windows of one agent and decision type. */
export type SeriesGroup = {
  readonly agentId: string;
  readonly decisionType: string;
  /** Every chosen label of the group, most frequent first. */
  readonly labels: readonly string[];
  readonly windows: readonly WindowPoint[];
  readonly versionChanges: readonly VersionMark[];
};

/** What `runDriftAnalysis` charts, with the settings it ran under. */
export type DriftSeries = {
  readonly windowMs: number;
  readonly alpha: number;
  readonly minSamples: number;
  readonly baseline: BaselineConfig;
  readonly psi: DriftSettings['psi'];
  readonly counts: { readonly entries: number; readonly decisions: number; readonly oversight: number };
  readonly groups: readonly SeriesGroup[];
};

/** The labels of a group, most frequent first, ties by label. */
export function groupLabels(slices: readonly DecisionSlice[]): string[] {
  const counts = countLabels(slices.flatMap((s) => s.decisions.map((d) => d.label)));
  return Object.keys(counts).sort((a, b) => countOf(counts, b) - countOf(counts, a) || (a < b ? -1 : 1));
}

/** The chartable numbers of one window. */
export function windowPoint(
  slice: DecisionSlice,
  labels: readonly string[],
  oversightByDecision: ReadonlyMap<string, readonly OversightPoint[]>,
  baseline: DecisionSlice | undefined,
  tests: WindowPoint['tests'],
): WindowPoint {
  const counts = countLabels(slice.decisions.map((d) => d.label));
  const values = slice.decisions.flatMap((d) => (d.confidence === undefined ? [] : [d.confidence]));
  const summary = summarise(values);
  const reviewed = reviewedDecisions(slice.decisions, oversightByDecision);
  const overridden = reviewed.filter((r) => r.overrides.length > 0).length;
  return {
    from: isoTime(slice.start),
    to: isoTime(slice.end),
    decisions: slice.decisions.length,
    mix: labels.map((label) => countOf(counts, label)),
    ...(summary && { confidence: { ...summary, histogram: unitHistogram(values) } }),
    oversight: {
      reviewed: reviewed.length,
      overridden,
      rate: reviewed.length === 0 ? null : overridden / reviewed.length,
    },
    ...(baseline && {
      baseline: {
        from: isoTime(baseline.start),
        to: isoTime(baseline.end),
        decisions: baseline.decisions.length,
      },
    }),
    tests,
  };
}
