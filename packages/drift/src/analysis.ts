// The drift analysis the CLI and the dashboard call: one pass over sealed entries, then per (agent, decision
// type) and per window the mix, confidence and override-rate tests, and the version-change events.

import { CairnError, formatProblems } from '@cairn/core';
import { collectEntries } from './collect.js';
import type { DecisionGroup, EntrySource, OversightPoint } from './collect.js';
import { resolveDriftConfig } from './config.js';
import type { DriftConfig, DriftSettings } from './config.js';
import { detectConfidenceShift } from './detectors/confidence.js';
import { detectMixShift } from './detectors/mix.js';
import { detectOverrideRateChange } from './detectors/override-rate.js';
import type { ChangeNote, DetectorInput, DetectorOutcome, WindowTest } from './detectors/shared.js';
import { detectVersionChanges } from './detectors/versions.js';
import type { Finding } from './finding.js';
import { groupLabels, windowPoint } from './series.js';
import type { DriftSeries, SeriesGroup, WindowPoint } from './series.js';
import { baselineOf, isoTime, tumblingWindows } from './windows.js';

/** What {@link runDriftAnalysis} returns: findings in time order per group, and the series to chart. */
export type DriftAnalysis = { readonly findings: readonly Finding[]; readonly series: DriftSeries };

/**
 * Runs every enabled detector over a stream of sealed entries. Throws `CairnError('config')` for an invalid
 * config: check one from a user with `resolveDriftConfig` first to show every problem.
 *
 * @example
 * const { findings, series } = await runDriftAnalysis({ entries: ledger.entries({ from: 0 }), config: { windowMs: 86_400_000 } });
 */
export async function runDriftAnalysis(options: {
  entries: EntrySource;
  config?: DriftConfig;
}): Promise<DriftAnalysis> {
  const resolved = resolveDriftConfig(options.config);
  if (!resolved.ok)
    throw new CairnError('config', `invalid drift config: ${formatProblems(resolved.problems)}`);
  const settings = resolved.value;
  const collected = await collectEntries(options.entries);
  const findings: Finding[] = [];
  const groups: SeriesGroup[] = [];
  const ordered = [...collected.groups].sort(
    (a, b) => compare(a.agentId, b.agentId) || compare(a.decisionType, b.decisionType),
  );
  for (const group of ordered) {
    const result = analyseGroup(group, collected.oversightByDecision, settings);
    findings.push(...result.findings);
    groups.push(result.series);
  }
  const { windowMs, alpha, minSamples, baseline, psi } = settings;
  return {
    findings,
    series: { windowMs, alpha, minSamples, baseline, psi, counts: collected.counts, groups },
  };
}

function analyseGroup(
  group: DecisionGroup,
  oversightByDecision: ReadonlyMap<string, readonly OversightPoint[]>,
  settings: DriftSettings,
): { findings: Finding[]; series: SeriesGroup } {
  const versions = settings.detectors.versions
    ? detectVersionChanges(group.agentId, group.decisionType, group.decisions)
    : { findings: [], notes: [] };
  const slices = tumblingWindows(group.decisions, settings);
  const labels = groupLabels(slices);
  const findings: Finding[] = [...versions.findings];
  const windows: WindowPoint[] = slices.map((slice) => {
    const baseline = baselineOf(slice, slices, settings);
    const tests =
      baseline === undefined
        ? {}
        : runTests(
            { ...group, settings, window: slice, baseline, oversightByDecision, changes: versions.notes },
            findings,
          );
    return windowPoint(slice, labels, oversightByDecision, baseline, tests);
  });
  findings.sort(
    (a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || compare(a.detector, b.detector),
  );
  return {
    findings,
    series: {
      agentId: group.agentId,
      decisionType: group.decisionType,
      labels,
      windows,
      versionChanges: versions.notes.map((n: ChangeNote) => ({ ...n, at: isoTime(n.at) })),
    },
  };
}

function runTests(input: DetectorInput, findings: Finding[]): WindowPoint['tests'] {
  const { detectors } = input.settings;
  const run = (enabled: boolean, detect: (i: DetectorInput) => DetectorOutcome): WindowTest | undefined => {
    if (!enabled) return undefined;
    const outcome = detect(input);
    if (outcome.finding) findings.push(outcome.finding);
    return outcome.test;
  };
  const mix = run(detectors.mix, detectMixShift);
  const confidence = run(detectors.confidence, detectConfidenceShift);
  const overrideRate = run(detectors.overrideRate, detectOverrideRateChange);
  return { ...(mix && { mix }), ...(confidence && { confidence }), ...(overrideRate && { overrideRate }) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
