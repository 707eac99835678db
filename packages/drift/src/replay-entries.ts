// The findings of a replay, one per divergent decision and one summary over the run, and their anomaly entries
// (built by findingToAnomaly, like every other finding).

import type { AnomalyEntry, Json } from '@cairn/core';
import { findingToAnomaly, MAX_REFS } from './anomaly.js';
import { entrySpan, entrySpanJson, findingId } from './finding.js';
import type { Finding } from './finding.js';
import type { ReplayFailure, ReplayOptions, ReplayResult, ReplaySummary } from './replay.js';

/** Most characters of replayed reasoning kept in an entry (the record schema allows 10,000 per string). */
const MAX_REASONING = 4_000;

/** A decision whose replay differs from the record. */
export type ReplayDivergence = {
  readonly id: string;
  readonly index: number;
  /** The id of the finding, and of the anomaly entry, that records it. */
  readonly anomalyId: string;
  readonly outcomeChanged: boolean;
  readonly reasoningChanged: boolean;
  readonly original: { readonly chosen: string; readonly confidence?: number };
  readonly replayed: { readonly chosen: string; readonly confidence?: number };
  /** Word overlap of the two reasoning texts, when both had one. */
  readonly similarity?: number;
};

type Done = Extract<ReplayResult, { kind: 'done' }>;
type Built = Omit<ReplaySummary, 'appended' | 'nextSeq'>;
type Counts = Pick<ReplaySummary, 'replayed' | 'same' | 'outcomeChanged' | 'reasoningChanged' | 'failed'>;

/** Counts the results and builds findings and entries, with consecutive sequence numbers from `options.seq`. */
export function replayEntries(results: readonly ReplayResult[], options: ReplayOptions): Built {
  const clock = options.clock ?? (() => new Date());
  const done = results.filter((r): r is Done => r.kind === 'done');
  const failures = results.flatMap((r) => (r.kind === 'failed' ? [r.failure] : []));
  const divergent = done.filter((r) => r.outcomeChanged || r.reasoningChanged);
  const findings = divergent.map((r) => divergenceFinding(r, options.candidate ?? '', clock()));
  const divergences = divergent.map((r, k) => toDivergence(r, findings[k]!.id));
  const counts: Counts = {
    replayed: results.length,
    same: done.length - divergent.length,
    outcomeChanged: divergent.filter((r) => r.outcomeChanged).length,
    reasoningChanged: divergent.filter((r) => !r.outcomeChanged).length,
    failed: failures.length,
  };
  if ((options.summaryEntry ?? true) && results.length > 0) {
    findings.push(summaryFinding(results, divergences, failures, counts, options.candidate ?? '', clock()));
  }
  const entries: AnomalyEntry[] = findings.map((finding, k) =>
    findingToAnomaly(finding, { producerId: options.producerId, seq: options.seq + k, now: clock() }),
  );
  return { ...counts, divergences, failures, findings, entries };
}

function toDivergence(r: Done, anomalyId: string): ReplayDivergence {
  const { decision } = r.original;
  return {
    id: r.original.id,
    index: r.index,
    anomalyId,
    outcomeChanged: r.outcomeChanged,
    reasoningChanged: r.reasoningChanged,
    original: {
      chosen: decision.chosen.label,
      ...(decision.confidence !== undefined && { confidence: decision.confidence }),
    },
    replayed: {
      chosen: r.output.chosen,
      ...(r.output.confidence !== undefined && { confidence: r.output.confidence }),
    },
    ...(r.similarity !== undefined && { similarity: r.similarity }),
  };
}

function divergenceFinding(r: Done, candidate: string, now: Date): Finding {
  const { decision } = r.original;
  const against = candidate === '' ? '' : ` against ${clip(candidate, 200)}`;
  const overlap = r.similarity === undefined ? '' : ` (word overlap ${(r.similarity * 100).toFixed(0)}%)`;
  const what = r.outcomeChanged
    ? `chose ${quote(r.output.chosen)} where the record chose ${quote(decision.chosen.label)}`
    : `kept ${quote(decision.chosen.label)} with different reasoning${overlap}`;
  return {
    id: findingId('replay', [candidate, r.original.id, r.output.chosen, r.output.reasoning ?? '']),
    detector: 'replay',
    severity: r.outcomeChanged ? 'warning' : 'info',
    agentId: decision.agent.id,
    decisionType: decision.type,
    summary: `Replay${against} of decision ${r.original.id} (${decision.type} by ${decision.agent.id}) ${what}.`,
    entries: [{ id: r.original.id, index: r.index }],
    occurredAt: now.toISOString(),
    details: {
      outcomeChanged: r.outcomeChanged,
      reasoningChanged: r.reasoningChanged,
      original: { chosen: clip(decision.chosen.label, 1000), confidence: decision.confidence ?? null },
      replayed: {
        chosen: clip(r.output.chosen, 1000),
        confidence: finiteOrNull(r.output.confidence),
        reasoning: r.output.reasoning === undefined ? null : clip(r.output.reasoning, MAX_REASONING),
      },
      ...(candidate !== '' && { candidate: clip(candidate, 1000) }),
      ...(r.similarity !== undefined && { reasoningSimilarity: r.similarity }),
    },
  };
}

function summaryFinding(
  results: readonly ReplayResult[],
  divergences: readonly ReplayDivergence[],
  failures: readonly ReplayFailure[],
  counts: Counts,
  candidate: string,
  now: Date,
): Finding {
  const all = results.map((r) => (r.kind === 'done' ? { id: r.original.id, index: r.index } : r.failure));
  const against = candidate === '' ? '' : ` against ${clip(candidate, 200)}`;
  const details: Record<string, Json> = {
    ...counts,
    ...(candidate !== '' && { candidate: clip(candidate, 1000) }),
    replayedEntries: entrySpanJson(entrySpan(all.map((r) => r.index))),
    divergenceEntries: divergences.slice(0, MAX_REFS).map((d) => d.anomalyId),
    failures: failures.slice(0, 20).map((f) => ({ id: f.id, index: f.index, message: f.message })),
  };
  return {
    id: findingId('replay', [
      candidate,
      'summary',
      ...all.map((r) => r.id),
      ...divergences.map((d) => d.anomalyId),
    ]),
    detector: 'replay',
    severity: counts.outcomeChanged > 0 ? 'warning' : 'info',
    agentId: '',
    decisionType: '',
    summary:
      `Replay${against}: ${counts.replayed} decisions replayed, ${counts.same} the same, ${counts.outcomeChanged} ` +
      `with a different outcome, ${counts.reasoningChanged} with different reasoning only, ${counts.failed} failed.`,
    // The divergent decisions when there are any, else every replayed one: refs must not be empty.
    entries: (divergences.length > 0 ? divergences : all).map(({ id, index }) => ({ id, index })),
    occurredAt: now.toISOString(),
    details,
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function quote(label: string): string {
  return JSON.stringify(clip(label, 80));
}

function finiteOrNull(value: number | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
