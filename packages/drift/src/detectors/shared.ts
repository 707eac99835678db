// What the window detectors share: their inputs, the per-window test record the series keeps, and the wording
// helpers that keep finding summaries short and uniform.

import type { Json } from '@cairn/core';
import type { DecisionPoint, OversightPoint } from '../collect.js';
import type { DriftSettings } from '../config.js';
import { entrySpan, findingId } from '../finding.js';
import type { DetectorName, Finding, FindingEntryRef } from '../finding.js';
import { isoTime } from '../windows.js';
import type { DecisionSlice } from '../windows.js';

/** A version change that happened in or just before a window, named on the drift findings it may explain. */
export type ChangeNote = {
  readonly findingId: string;
  readonly component: string;
  readonly index: number;
  readonly at: number;
};

/** What a window detector is given. */
export type DetectorInput = {
  readonly agentId: string;
  readonly decisionType: string;
  readonly settings: DriftSettings;
  readonly window: DecisionSlice;
  readonly baseline: DecisionSlice;
  readonly oversightByDecision: ReadonlyMap<string, readonly OversightPoint[]>;
  readonly changes: readonly ChangeNote[];
};

/** One test in one window, as the series records it whether or not it flagged anything. */
export type WindowTest = {
  readonly tested: boolean;
  /** Why the test did not run, or nothing when it did. */
  readonly skipped?: string;
  readonly statistic?: number;
  readonly threshold?: number;
  readonly pValue?: number;
  readonly flagged: boolean;
  readonly findingId?: string;
};

/** A detector's answer for one window. */
export type DetectorOutcome = { readonly test: WindowTest; readonly finding?: Finding };

/** The test record of a window with too few observations. */
export function tooFew(
  what: string,
  windowN: number,
  baselineN: number,
  minSamples: number,
): DetectorOutcome {
  return {
    test: {
      tested: false,
      flagged: false,
      skipped: `too few ${what}: window ${windowN}, baseline ${baselineN}, need ${minSamples} each`,
    },
  };
}

/** The window and baseline of a finding, with the baseline's entries as counts and index runs. */
export function findingFrame(input: DetectorInput, baselineIndices: Iterable<number>) {
  return {
    window: { from: isoTime(input.window.start), to: isoTime(input.window.end) },
    baseline: {
      from: isoTime(input.baseline.start),
      to: isoTime(input.baseline.end),
      entries: entrySpan(baselineIndices),
    },
  };
}

/** The frame of a window finding and its stable id, derived from detector, group, window and baseline. */
export function findingBasis(
  input: DetectorInput,
  detector: DetectorName,
  baselineIndices: Iterable<number>,
) {
  const frame = findingFrame(input, baselineIndices);
  const id = findingId(detector, [
    input.agentId,
    input.decisionType,
    frame.window.from,
    frame.baseline.from,
    frame.baseline.to,
  ]);
  return { frame, id };
}

/** Version changes between the baseline's start and the window's end: candidates for why the window differs. */
export function relatedChanges(input: DetectorInput): Json[] {
  return input.changes
    .filter((c) => c.at >= input.baseline.start && c.at < input.window.end)
    .map((c) => ({ findingId: c.findingId, component: c.component, index: c.index, at: isoTime(c.at) }));
}

/** The references of decisions, in log order. */
export function refsOf(points: readonly { id: string; index: number }[]): FindingEntryRef[] {
  return points.map(({ id, index }) => ({ id, index }));
}

/** The latest `occurredAt` among points, as a string. */
export function latestTime(points: readonly (DecisionPoint | OversightPoint)[]): string {
  let best = points[0]!;
  for (const p of points) if (Date.parse(p.occurredAt) > Date.parse(best.occurredAt)) best = p;
  return isoTime(Date.parse(best.occurredAt));
}

/** Three significant digits, for summaries. */
export function num(value: number): string {
  return Number(value.toPrecision(3)).toString();
}

/** A p-value as people read it. */
export function pText(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : num(p);
}

/** A share as a percentage with one decimal. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Labels come from producers and may be long: findings quote at most 80 characters of one. */
export function quoteLabel(label: string): string {
  return JSON.stringify(label.length > 80 ? `${label.slice(0, 79)}…` : label);
}
