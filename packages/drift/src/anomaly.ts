// Findings become anomaly entries: sealed in the same log as the decisions they concern, referring to them by id
// and index, so a finding is itself tamper-evident and can be traced back to its evidence.

import { CairnError } from '@cairn/core';
import type { AnomalyEntry, AppendResult, EntryWriter, Json } from '@cairn/core';
import { entrySpan, entrySpanJson } from './finding.js';
import type { Finding } from './finding.js';

/**
 * The schema's limit on `refs` (MAX_ITEMS in core's schema/limits.ts).
 *
 * @example
 * entry.refs.length <= MAX_REFS // always
 */
export const MAX_REFS = 100;

/** The schema's limit on a string such as `anomaly.summary` (MAX_TEXT in core's schema/limits.ts). */
const MAX_TEXT = 10_000;

/** Who records the anomaly entry, and when. */
export type AnomalyOptions = {
  readonly producerId: string;
  /** The producer's next sequence number: gap-free per producer. */
  readonly seq: number;
  /** Recording time; default now. */
  readonly now?: Date;
  readonly tags?: readonly string[];
};

/**
 * Builds the anomaly entry of a finding. `refs` holds the first 100 entries behind it (the schema's limit),
 * most telling first; `details.entries` counts all of them with their log positions as index runs, and says
 * whether refs were cut.
 *
 * @example
 * const entry = findingToAnomaly(finding, { producerId: 'cairn-drift', seq: 41 });
 * await ledger.append([entry]);
 */
export function findingToAnomaly(finding: Finding, options: AnomalyOptions): AnomalyEntry {
  if (finding.entries.length === 0) {
    throw new CairnError(
      'invalid_argument',
      `finding ${finding.id}: expected at least one entry behind it, got none`,
    );
  }
  const refs = finding.entries.slice(0, MAX_REFS).map(({ id, index }) => ({ id, index }));
  return {
    v: 1,
    kind: 'anomaly',
    id: finding.id,
    occurredAt: finding.occurredAt,
    recordedAt: (options.now ?? new Date()).toISOString(),
    producer: { id: options.producerId, seq: options.seq },
    refs,
    ...(options.tags && options.tags.length > 0 && { tags: [...options.tags] }),
    anomaly: {
      detector: finding.detector,
      severity: finding.severity,
      summary: truncate(finding.summary),
      ...(finding.statistic && { statistic: { ...finding.statistic } }),
      ...(finding.window && { window: { ...finding.window } }),
      ...(finding.baseline && { baseline: { from: finding.baseline.from, to: finding.baseline.to } }),
      details: anomalyDetails(finding, refs.length),
    },
  };
}

function anomalyDetails(finding: Finding, refCount: number): Record<string, Json> {
  const details: Record<string, Json> = { ...finding.details };
  if (finding.agentId !== '') details.agentId = truncate(finding.agentId);
  if (finding.decisionType !== '') details.decisionType = truncate(finding.decisionType);
  if (finding.test) details.test = { ...finding.test };
  const behind = entrySpanJson(entrySpan(finding.entries.map((e) => e.index)));
  details.entries = { ...behind, refsTruncated: refCount < finding.entries.length };
  if (finding.baseline) details.baselineEntries = entrySpanJson(finding.baseline.entries);
  return details;
}

function truncate(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}

/** What {@link sealFindings} returns. */
export type SealResult = {
  readonly entries: readonly AnomalyEntry[];
  readonly appended: readonly AppendResult[];
  /** The producer's next free sequence number. */
  readonly nextSeq: number;
};

/**
 * Seals findings as anomaly entries through an `EntryWriter` (a ledger), in order, with consecutive sequence
 * numbers from `seq`. Finding ids are stable, so a finding sealed before comes back as `duplicate: true`.
 *
 * @example
 * const { appended, nextSeq } = await sealFindings({ findings, writer: ledger, producerId: 'cairn-drift', seq: 0 });
 */
export async function sealFindings(options: {
  findings: readonly Finding[];
  writer: EntryWriter;
  producerId: string;
  seq: number;
  clock?: () => Date;
  tags?: readonly string[];
}): Promise<SealResult> {
  const clock = options.clock ?? (() => new Date());
  const entries = options.findings.map((finding, k) =>
    findingToAnomaly(finding, {
      producerId: options.producerId,
      seq: options.seq + k,
      now: clock(),
      ...(options.tags && { tags: options.tags }),
    }),
  );
  const appended = entries.length === 0 ? [] : await options.writer.append(entries);
  return { entries, appended, nextSeq: options.seq + entries.length };
}
