// Chosen-option mix: does the distribution of `decision.chosen.label` in a window differ from its baseline?
// A finding needs both a significant Pearson chi-square test (p < α) and a PSI at or above the warning threshold:
// the test guards against noise in small windows, PSI against trivial but significant shifts in large ones.

import type { Json } from '@cairn/core';
import type { Finding } from '../finding.js';
import { chiSquareHomogeneity } from '../stats/chi-square.js';
import type { ChiSquareResult } from '../stats/chi-square.js';
import { countLabels, countOf } from '../stats/counts.js';
import type { LabelCounts } from '../stats/counts.js';
import { populationStabilityIndex } from '../stats/psi.js';
import type { PsiResult } from '../stats/psi.js';
import {
  findingBasis,
  latestTime,
  num,
  percent,
  pText,
  quoteLabel,
  refsOf,
  relatedChanges,
  tooFew,
} from './shared.js';
import type { DetectorInput, DetectorOutcome } from './shared.js';

/** Most labels listed in a finding's details, largest first: keeps an anomaly entry small. */
const MAX_LISTED_LABELS = 50;

/**
 * Tests one window's chosen-option mix against its baseline.
 *
 * @example
 * const { test, finding } = detectMixShift(input);
 */
export function detectMixShift(input: DetectorInput): DetectorOutcome {
  const { settings, window, baseline } = input;
  if (window.decisions.length < settings.minSamples || baseline.decisions.length < settings.minSamples) {
    return tooFew('decisions', window.decisions.length, baseline.decisions.length, settings.minSamples);
  }
  const windowCounts = countLabels(window.decisions.map((d) => d.label));
  const baselineCounts = countLabels(baseline.decisions.map((d) => d.label));
  const psi = populationStabilityIndex(baselineCounts, windowCounts, settings.psi.epsilon);
  const chi = chiSquareHomogeneity(baselineCounts, windowCounts);
  const flagged = chi.pValue < settings.alpha && psi.value >= settings.psi.warning;
  const test = {
    tested: true,
    statistic: psi.value,
    threshold: settings.psi.warning,
    pValue: chi.pValue,
    flagged,
  };
  if (!flagged) return { test };
  const finding = mixFinding(input, { windowCounts, baselineCounts, psi, chi });
  return { test: { ...test, findingId: finding.id }, finding };
}

type MixResult = {
  windowCounts: LabelCounts;
  baselineCounts: LabelCounts;
  psi: PsiResult;
  chi: ChiSquareResult;
};

function mixFinding(input: DetectorInput, { windowCounts, baselineCounts, psi, chi }: MixResult): Finding {
  const { settings, window, baseline } = input;
  const { frame, id } = findingBasis(
    input,
    'mix',
    baseline.decisions.map((d) => d.index),
  );
  const shift = largestShift(psi);
  return {
    id,
    detector: 'mix',
    severity: psi.value >= settings.psi.critical ? 'critical' : 'warning',
    agentId: input.agentId,
    decisionType: input.decisionType,
    summary:
      `Chosen-option mix of ${input.decisionType} by ${input.agentId} shifted in the window from ${frame.window.from}: ` +
      `PSI ${num(psi.value)} (threshold ${settings.psi.warning}), chi-square ${num(chi.statistic)} with ${chi.dof} dof, ` +
      `p = ${pText(chi.pValue)} < α ${settings.alpha}; ${quoteLabel(shift.label)} went from ${percent(shift.expected)} ` +
      `to ${percent(shift.actual)}.`,
    statistic: { name: 'psi', value: psi.value, threshold: settings.psi.warning },
    test: {
      name: 'pearson-chi-square',
      statistic: chi.statistic,
      pValue: chi.pValue,
      alpha: settings.alpha,
      dof: chi.dof,
    },
    ...frame,
    entries: refsOf(window.decisions),
    occurredAt: latestTime(window.decisions),
    details: {
      windowCounts: listCounts(windowCounts, baselineCounts),
      baselineCounts: listCounts(baselineCounts, windowCounts),
      psiCritical: settings.psi.critical,
      smallExpectedCells: chi.smallExpected,
      minSamples: settings.minSamples,
      versionChanges: relatedChanges(input),
    },
  };
}

function largestShift(psi: PsiResult): PsiResult['categories'][number] {
  return psi.categories.reduce((best, c) => (c.contribution > best.contribution ? c : best));
}

/** Counts as a list (labels are not safe as object keys in a sealed entry: they may exceed the key limit). */
function listCounts(counts: LabelCounts, other: LabelCounts): Json[] {
  const labels = [...new Set([...Object.keys(counts), ...Object.keys(other)])];
  return labels
    .map((label) => ({
      label,
      count: countOf(counts, label),
      total: countOf(counts, label) + countOf(other, label),
    }))
    .sort((a, b) => b.total - a.total || (a.label < b.label ? -1 : 1))
    .slice(0, MAX_LISTED_LABELS)
    .map(({ label, count }) => ({ label: label.slice(0, 200), count }));
}
