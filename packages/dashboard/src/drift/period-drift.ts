// The drift analysis of one period of the ledger, bounded and cached: the page may be reloaded often, and each
// analysis reads every entry of the ledger once (the ledger has no index by occurredAt).
import { runDriftAnalysis } from '@cairn/drift';
import type { DriftAnalysis, SealedEntry } from '@cairn/drift';
import type { Ledger } from '@cairn/ledger';
import type { DriftQuery } from './drift-query.js';

/** Most entries one analysis reads; a larger period is cut to its most recent entries (in log order). */
export const MAX_DRIFT_ENTRIES = 200_000;

/** How long an analysis is reused for the same period and window. */
export const DRIFT_CACHE_MS = 60_000;

/** Most analyses kept at once: each holds its series, a few numbers per window. */
const CACHE_SLOTS = 16;

/** One analysis with how much of the period it covers. */
export type PeriodDrift = DriftAnalysis & {
  readonly query: DriftQuery;
  /** Entries of the ledger that occurred in the period. */
  readonly inPeriod: number;
  /** Entries analysed: `inPeriod` or, past the bound, the most recent `maxEntries` of them. */
  readonly analysed: number;
  readonly analysedAt: Date;
};

/** What the analysis reads of the ledger. */
export type DriftSource = Pick<Ledger, 'entries' | 'size'>;

/** Analyses of recent queries, reused within {@link DRIFT_CACHE_MS}. */
export type DriftCache = { analyse(query: DriftQuery): Promise<PeriodDrift> };

async function* inPeriod(source: DriftSource, query: DriftQuery, skip = 0): AsyncGenerator<SealedEntry> {
  let seen = 0;
  for await (const { index, entry } of source.entries()) {
    const at = Date.parse(entry.occurredAt);
    if (at < query.since || at >= query.until) continue;
    if (seen++ < skip) continue;
    yield { index, entry };
  }
}

async function countInPeriod(source: DriftSource, query: DriftQuery): Promise<number> {
  let count = 0;
  for await (const _ of inPeriod(source, query)) count++;
  return count;
}

/**
 * Runs the drift analysis over the entries that occurred in the period, windows aligned to its start. A period
 * holding more than `maxEntries` entries is cut to the most recent ones: a first pass counts them, so memory stays
 * that of the analysis alone.
 *
 * @example const drift = await analysePeriod(ledger, driftQuery({}, new Date()));
 */
export async function analysePeriod(
  source: DriftSource,
  query: DriftQuery,
  { maxEntries = MAX_DRIFT_ENTRIES, now = () => new Date() } = {},
): Promise<PeriodDrift> {
  // A ledger no larger than the bound cannot hold more than the bound in any period: skip the counting pass.
  const total = (await source.size()) <= maxEntries ? undefined : await countInPeriod(source, query);
  const skip = total === undefined ? 0 : Math.max(0, total - maxEntries);
  let analysed = 0;
  const counted = async function* () {
    for await (const sealed of inPeriod(source, query, skip)) {
      analysed++;
      yield sealed;
    }
  };
  const { findings, series } = await runDriftAnalysis({
    entries: counted(),
    config: { windowMs: query.windowMs, origin: new Date(query.since).toISOString() },
  });
  return { findings, series, query, inPeriod: total ?? analysed, analysed, analysedAt: now() };
}

/**
 * A cache of period analyses keyed by (since, until, window), each reused for `ttlMs`. Concurrent loads of the
 * same query share one analysis; a failed one is not kept.
 *
 * @example const cache = createDriftCache(ledger); const drift = await cache.analyse(query);
 */
export function createDriftCache(
  source: DriftSource,
  { ttlMs = DRIFT_CACHE_MS, maxEntries = MAX_DRIFT_ENTRIES, now = () => new Date() } = {},
): DriftCache {
  const slots = new Map<string, { readonly at: number; readonly result: Promise<PeriodDrift> }>();
  return Object.freeze({
    analyse(query: DriftQuery): Promise<PeriodDrift> {
      const key = `${query.since}/${query.until}/${query.windowMs}`;
      const at = now().getTime();
      const hit = slots.get(key);
      if (hit !== undefined && at - hit.at < ttlMs) return hit.result;
      for (const [k, slot] of slots) if (at - slot.at >= ttlMs) slots.delete(k);
      // Map keeps insertion order: the first key is the oldest analysis.
      if (slots.size >= CACHE_SLOTS) slots.delete(slots.keys().next().value!);
      const result = analysePeriod(source, query, { maxEntries, now });
      slots.set(key, { at, result });
      result.catch(() => {
        if (slots.get(key)?.result === result) slots.delete(key);
      });
      return result;
    },
  });
}
