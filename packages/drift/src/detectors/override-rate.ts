// Override rate: of the decisions a person reviewed (any oversight entry refers to them), how many were
// overridden? A two-sided two-proportion z-test against the baseline, flagged when p < α, i.e. when |z| exceeds
// the critical value stated beside it. Reviewed decisions are the denominator, not all decisions, so a change in
// how many decisions get reviewed does not read as a change in how often reviewers disagree.

import type { DecisionPoint, OversightPoint } from '../collect.js';
import type { Finding, FindingEntryRef } from '../finding.js';
import { normalSf, upperQuantile } from '../stats/distributions.js';
import { twoProportionZTest } from '../stats/proportion.js';
import type { ProportionTestResult } from '../stats/proportion.js';
import { findingBasis, latestTime, num, percent, pText, relatedChanges, tooFew } from './shared.js';
import type { DetectorInput, DetectorOutcome } from './shared.js';

type Reviewed = { decision: DecisionPoint; overrides: OversightPoint[] };

/** The reviewed decisions among `decisions`, each with the oversight entries that overrode it. */
export function reviewedDecisions(
  decisions: readonly DecisionPoint[],
  oversightByDecision: ReadonlyMap<string, readonly OversightPoint[]>,
): Reviewed[] {
  return decisions.flatMap((decision) => {
    const oversight = oversightByDecision.get(decision.id);
    if (oversight === undefined || oversight.length === 0) return [];
    return [{ decision, overrides: oversight.filter((o) => o.action === 'overridden') }];
  });
}

/**
 * Tests one window's override rate against its baseline's.
 *
 * @example
 * const { test, finding } = detectOverrideRateChange(input);
 */
export function detectOverrideRateChange(input: DetectorInput): DetectorOutcome {
  const { settings } = input;
  const window = reviewedDecisions(input.window.decisions, input.oversightByDecision);
  const baseline = reviewedDecisions(input.baseline.decisions, input.oversightByDecision);
  if (window.length < settings.minSamples || baseline.length < settings.minSamples) {
    return tooFew('reviewed decisions', window.length, baseline.length, settings.minSamples);
  }
  const hits = (list: Reviewed[]) => list.filter((r) => r.overrides.length > 0).length;
  const z = twoProportionZTest(hits(baseline), baseline.length, hits(window), window.length);
  const critical = upperQuantile(normalSf, settings.alpha / 2);
  const flagged = z.pValue < settings.alpha;
  const test = { tested: true, statistic: z.z, threshold: critical, pValue: z.pValue, flagged };
  if (!flagged) return { test };
  const finding = overrideFinding(input, { window, baseline, z, critical });
  return { test: { ...test, findingId: finding.id }, finding };
}

type RateOutcome = { window: Reviewed[]; baseline: Reviewed[]; z: ProportionTestResult; critical: number };

function overrideFinding(input: DetectorInput, { window, baseline, z, critical }: RateOutcome): Finding {
  const { settings } = input;
  const { frame, id } = findingBasis(
    input,
    'override_rate',
    baseline.flatMap((r) => [r.decision.index, ...r.overrides.map((o) => o.index)]),
  );
  const overridden = (list: Reviewed[]) => list.filter((r) => r.overrides.length > 0).length;
  const direction = z.windowRate > z.baselineRate ? 'rose' : 'fell';
  return {
    id,
    detector: 'override_rate',
    severity: 'warning',
    agentId: input.agentId,
    decisionType: input.decisionType,
    summary:
      `Override rate of ${input.decisionType} by ${input.agentId} ${direction} from ${percent(z.baselineRate)} to ` +
      `${percent(z.windowRate)} of reviewed decisions in the window from ${frame.window.from}: z = ${num(z.z)} ` +
      `(critical ±${num(critical)} at α ${settings.alpha}), p = ${pText(z.pValue)}.`,
    statistic: { name: 'override_rate.z', value: z.z, threshold: critical },
    test: { name: 'two-proportion-z', statistic: z.z, pValue: z.pValue, alpha: settings.alpha },
    ...frame,
    entries: overrideRefs(window),
    occurredAt: latestTime(window.flatMap((r) => [r.decision, ...r.overrides])),
    details: {
      window: { reviewed: window.length, overridden: overridden(window), rate: z.windowRate },
      baseline: { reviewed: baseline.length, overridden: overridden(baseline), rate: z.baselineRate },
      minSamples: settings.minSamples,
      versionChanges: relatedChanges(input),
    },
  };
}

/** The overriding oversight entries first, then the decisions they overrode, then the other reviewed decisions. */
function overrideRefs(window: readonly Reviewed[]): FindingEntryRef[] {
  const seen = new Set<string>();
  const refs: FindingEntryRef[] = [];
  const add = (p: { id: string; index: number }) => {
    if (!seen.has(p.id)) refs.push({ id: p.id, index: p.index });
    seen.add(p.id);
  };
  window
    .flatMap((r) => r.overrides)
    .sort((a, b) => a.index - b.index)
    .forEach(add);
  window.filter((r) => r.overrides.length > 0).forEach((r) => add(r.decision));
  window.forEach((r) => add(r.decision));
  return refs;
}
