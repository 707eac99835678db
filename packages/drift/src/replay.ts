// Replay: run recorded decisions' context snapshots through the current (or a candidate) agent and record, as
// anomaly entries that refer to the originals, where the outcome or the reasoning now differs.

import type { AnomalyEntry, AppendResult, DecisionEntry, EntryWriter } from '@cairn/core';
import { replayEntries } from './replay-entries.js';
import type { ReplayDivergence } from './replay-entries.js';
import type { EntrySource } from './collect.js';
import type { Finding } from './finding.js';
import { reasoningSimilarity, sameReasoningText } from './reasoning.js';
import type { ReasoningComparator } from './reasoning.js';

/** What the agent answers for one replayed decision. */
export type ReplayOutput = {
  readonly chosen: string;
  readonly reasoning?: string;
  readonly confidence?: number;
};

/** The agent under test: given the recorded context (and the whole original entry), decide again. */
export type ReplayAgent = (
  context: DecisionEntry['decision']['context'],
  original: DecisionEntry,
) => Promise<ReplayOutput> | ReplayOutput;

/** What {@link replay} takes. */
export type ReplayOptions = {
  readonly entries: EntrySource;
  readonly agent: ReplayAgent;
  /** True when two reasoning texts count as the same; default equal after normalising whitespace and case. */
  readonly compareReasoning?: ReasoningComparator;
  /** Where to seal the divergences; without one, replay is a dry run and returns the entries unsealed. */
  readonly writer?: EntryWriter;
  readonly producerId: string;
  /** The producer's next sequence number. */
  readonly seq: number;
  /** Names what was replayed (`candidate gpt-4.1, prompt v7`); part of every entry and of their ids. */
  readonly candidate?: string;
  /** Which decisions to replay; default all. */
  readonly filter?: (entry: DecisionEntry) => boolean;
  /** How many agent calls run at once; default 4. */
  readonly concurrency?: number;
  readonly clock?: () => Date;
  /** Also seal one summary entry over the run; default true when anything was replayed. */
  readonly summaryEntry?: boolean;
};

/** A decision the agent could not replay: it threw or answered something unusable. */
export type ReplayFailure = { readonly id: string; readonly index: number; readonly message: string };

/**
 * The outcome of a replay. Every replayed decision is counted once: `same`, `outcomeChanged` (the chosen option
 * differs, whatever the reasoning), `reasoningChanged` (same option, different reasoning) or `failed`.
 */
export type ReplaySummary = {
  readonly replayed: number;
  readonly same: number;
  readonly outcomeChanged: number;
  readonly reasoningChanged: number;
  readonly failed: number;
  readonly divergences: readonly ReplayDivergence[];
  readonly failures: readonly ReplayFailure[];
  /** The findings, for a webhook or a report: one per divergence, then the summary. */
  readonly findings: readonly Finding[];
  /** Their anomaly entries, in the same order. */
  readonly entries: readonly AnomalyEntry[];
  /** What the writer answered; empty on a dry run. */
  readonly appended: readonly AppendResult[];
  readonly nextSeq: number;
};

/** One replayed decision and its comparison with the record. */
export type ReplayResult =
  | {
      readonly kind: 'done';
      readonly original: DecisionEntry;
      readonly index: number;
      readonly output: ReplayOutput;
      readonly outcomeChanged: boolean;
      readonly reasoningChanged: boolean;
      readonly similarity?: number;
    }
  | { readonly kind: 'failed'; readonly failure: ReplayFailure };

/**
 * Replays every decision of a stream through `agent`, compares, and seals what diverged.
 *
 * @example
 * const summary = await replay({ entries: ledger.entries({}), agent: candidate, writer: ledger, producerId: 'cairn-replay', seq: 0 });
 * console.log(`${summary.outcomeChanged} of ${summary.replayed} decisions would now go the other way`);
 */
export async function replay(options: ReplayOptions): Promise<ReplaySummary> {
  const results: ReplayResult[] = [];
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  let batch: { index: number; entry: DecisionEntry }[] = [];
  for await (const { index, entry } of options.entries) {
    if (entry.kind !== 'decision' || (options.filter && !options.filter(entry))) continue;
    batch.push({ index, entry });
    if (batch.length >= concurrency) {
      results.push(...(await Promise.all(batch.map((b) => replayOne(b, options)))));
      batch = [];
    }
  }
  results.push(...(await Promise.all(batch.map((b) => replayOne(b, options)))));
  const built = replayEntries(results, options);
  const appended =
    options.writer && built.entries.length > 0 ? await options.writer.append(built.entries) : [];
  return { ...built, appended, nextSeq: options.seq + built.entries.length };
}

async function replayOne(
  item: { index: number; entry: DecisionEntry },
  options: ReplayOptions,
): Promise<ReplayResult> {
  const { index, entry } = item;
  let output: ReplayOutput;
  try {
    output = await options.agent(entry.decision.context, entry);
  } catch (error) {
    return { kind: 'failed', failure: { id: entry.id, index, message: shortMessage(error) } };
  }
  if (typeof output?.chosen !== 'string' || output.chosen === '') {
    return {
      kind: 'failed',
      failure: { id: entry.id, index, message: 'the agent answered without a chosen label' },
    };
  }
  const original = entry.decision.reasoning?.text;
  const replayed = output.reasoning;
  const compared = original !== undefined && replayed !== undefined;
  const compare = options.compareReasoning ?? sameReasoningText;
  return {
    kind: 'done',
    original: entry,
    index,
    output,
    outcomeChanged: output.chosen !== entry.decision.chosen.label,
    reasoningChanged: compared && !compare(original, replayed),
    ...(compared && { similarity: reasoningSimilarity(original, replayed) }),
  };
}

function shortMessage(error: unknown): string {
  const text =
    error instanceof Error ? `${error.name}: ${error.message}` : 'the agent threw a non-error value';
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}
