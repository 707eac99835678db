// Consistency: decisions whose inputs share a fingerprint but whose chosen options differ. Each group is ranked
// by size × disagreement, where disagreement is the share of its decisions that did not choose its most common
// option; the product is the number of decisions that went against the majority for the same inputs.

import type { Json } from '@cairn/core';
import type { EntrySource } from './collect.js';
import { findingId } from './finding.js';
import type { Finding } from './finding.js';
import { fingerprint } from './fingerprint.js';
import type { FingerprintOptions } from './fingerprint.js';
import { countLabels, countOf } from './stats/counts.js';
import { isoTime } from './windows.js';

/** One decision in a consistency group. */
export type GroupedDecision = {
  readonly id: string;
  readonly index: number;
  readonly chosen: string;
  readonly occurredAt: string;
};

/** Decisions with the same fingerprint (within one agent and decision type) and more than one chosen option. */
export type ConsistencyGroup = {
  readonly fingerprint: string;
  readonly fields: readonly string[];
  /** The normalised input values; they may be personal data, so findings carry only the fingerprint. */
  readonly values: readonly Json[];
  readonly agentId: string;
  readonly decisionType: string;
  readonly size: number;
  readonly labels: readonly { readonly label: string; readonly count: number }[];
  readonly majority: string;
  readonly disagreement: number;
  readonly score: number;
  /** Log order. */
  readonly decisions: readonly GroupedDecision[];
};

/** What {@link findInconsistencies} returns. */
export type ConsistencyReport = {
  readonly groups: readonly ConsistencyGroup[];
  readonly examined: number;
  /** Decisions left out because a fingerprint field was missing. */
  readonly skipped: number;
  /** Fingerprints shared by more than one decision that all chose the same option. */
  readonly consistentGroups: number;
};

type Bucket = {
  fingerprint: string;
  values: readonly Json[];
  agentId: string;
  decisionType: string;
  decisions: GroupedDecision[];
};

/**
 * Groups decisions by (agent, decision type, fingerprint) and returns the groups with more than one chosen
 * option, highest score first (then larger, then by fingerprint).
 *
 * @example
 * const { groups } = await findInconsistencies({ entries: ledger.entries({}), fingerprint: { fields: ['context.income'] } });
 */
export async function findInconsistencies(options: {
  entries: EntrySource;
  fingerprint: FingerprintOptions;
}): Promise<ConsistencyReport> {
  const buckets = new Map<string, Bucket>();
  let examined = 0;
  let skipped = 0;
  for await (const { index, entry } of options.entries) {
    if (entry.kind !== 'decision') continue;
    examined++;
    const print = fingerprint(entry, options.fingerprint);
    if (print === undefined) {
      skipped++;
      continue;
    }
    const { agent, type, chosen } = entry.decision;
    const key = JSON.stringify([agent.id, type, print.key]);
    const bucket = buckets.get(key) ?? {
      fingerprint: print.key,
      values: print.values,
      agentId: agent.id,
      decisionType: type,
      decisions: [],
    };
    bucket.decisions.push({ id: entry.id, index, chosen: chosen.label, occurredAt: entry.occurredAt });
    buckets.set(key, bucket);
  }
  const shared = [...buckets.values()].filter((b) => b.decisions.length > 1);
  const groups = shared.map((b) => toGroup(b, options.fingerprint.fields)).filter((g) => g.labels.length > 1);
  groups.sort((a, b) => b.score - a.score || b.size - a.size || (a.fingerprint < b.fingerprint ? -1 : 1));
  return { groups, examined, skipped, consistentGroups: shared.length - groups.length };
}

function toGroup(bucket: Bucket, fields: readonly string[]): ConsistencyGroup {
  const counts = countLabels(bucket.decisions.map((d) => d.chosen));
  const labels = Object.keys(counts)
    .map((label) => ({ label, count: countOf(counts, label) }))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
  const size = bucket.decisions.length;
  const disagreement = 1 - labels[0]!.count / size;
  return {
    fingerprint: bucket.fingerprint,
    fields: [...fields],
    values: bucket.values,
    agentId: bucket.agentId,
    decisionType: bucket.decisionType,
    size,
    labels,
    majority: labels[0]!.label,
    disagreement,
    score: size - labels[0]!.count,
    decisions: bucket.decisions,
  };
}

/**
 * One finding per group, naming its decisions: those that went against the majority first.
 *
 * @example
 * const findings = consistencyFindings(report.groups);
 */
export function consistencyFindings(groups: readonly ConsistencyGroup[]): Finding[] {
  return groups.map((group) => {
    const minority = group.decisions.filter((d) => d.chosen !== group.majority);
    const majority = group.decisions.filter((d) => d.chosen === group.majority);
    const times = group.decisions.map((d) => Date.parse(d.occurredAt));
    // reduce, not Math.min(...times): a large group would overflow the argument list.
    const first = times.reduce((a, b) => Math.min(a, b));
    const last = times.reduce((a, b) => Math.max(a, b));
    const outcomes = group.labels.map((l) => `${JSON.stringify(l.label.slice(0, 80))} ${l.count}`).join(', ');
    return {
      id: findingId('consistency', [
        group.agentId,
        group.decisionType,
        group.fingerprint,
        group.decisions.at(-1)!.index,
      ]),
      detector: 'consistency',
      severity: 'warning',
      agentId: group.agentId,
      decisionType: group.decisionType,
      summary:
        `${group.size} decisions of ${group.decisionType} by ${group.agentId} with the same inputs ` +
        `(${group.fields.join(', ')}) reached ${group.labels.length} different outcomes: ${outcomes}.`,
      statistic: { name: 'disagreement', value: group.disagreement, threshold: 0 },
      window: { from: isoTime(first), to: isoTime(last) },
      entries: [...minority, ...majority].map(({ id, index }) => ({ id, index })),
      occurredAt: isoTime(last),
      details: {
        fingerprint: group.fingerprint,
        fields: group.fields.map((f) => f.slice(0, 1000)),
        size: group.size,
        score: group.score,
        majority: group.majority.slice(0, 200),
        labels: group.labels.slice(0, 50).map((l) => ({ label: l.label.slice(0, 200), count: l.count })),
      },
    } satisfies Finding;
  });
}
