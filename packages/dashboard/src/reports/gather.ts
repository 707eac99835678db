// Reading what a per-person report covers: one decision with the entries that refer to it, or every entry about
// one subject with the entries that refer to those, each with its receipt.
import { CairnError } from '@cairn/core';
import type { PortEntry } from '../ledger.js';

/** The reads behind the per-person reports. */
export type PersonSource = {
  get(id: string): Promise<PortEntry | undefined>;
  entriesReferring(id: string): Promise<readonly PortEntry[]>;
  subjectEntries(subjectRef: string): Promise<readonly PortEntry[]>;
  /** The receipt of an entry; undefined when none can be made (no checkpoint covers it yet). */
  receipt(id: string): Promise<string | undefined>;
};

/** Most entries one subject access export covers; beyond it the export says it is partial. */
export const MAX_SUBJECT_ENTRIES = 10_000;

/**
 * The decision `id` and the entries that refer to it. Throws CairnError('not_found') when there is no such entry.
 *
 * @example const { stored, linked } = await gatherDecision(source, 'dec-1');
 */
export async function gatherDecision(
  source: PersonSource,
  id: string,
): Promise<{ stored: PortEntry; linked: readonly PortEntry[] }> {
  const stored = await source.get(id);
  if (stored === undefined)
    throw new CairnError('not_found', `no entry with id ${id.slice(0, 128)} in the ledger`);
  if (stored.entry.kind !== 'decision') {
    throw new CairnError(
      'invalid_argument',
      `entry ${id.slice(0, 128)} is of kind ${stored.entry.kind}, not a decision: explanations are for decisions`,
    );
  }
  return { stored, linked: await source.entriesReferring(id) };
}

/**
 * Every entry about `subjectRef` (carrying it, or referring to an entry that does), in index order, with receipts.
 *
 * @example const { entries, receipts } = await gatherSubject(source, 'hmac:7d1f…');
 */
export async function gatherSubject(
  source: PersonSource,
  subjectRef: string,
): Promise<{ entries: PortEntry[]; receipts: Map<string, string> }> {
  const byIndex = new Map<number, PortEntry>();
  for (const stored of await source.subjectEntries(subjectRef)) byIndex.set(stored.index, stored);
  for (const stored of [...byIndex.values()]) {
    for (const linked of await source.entriesReferring(stored.entry.id)) byIndex.set(linked.index, linked);
  }
  const entries = [...byIndex.values()].sort((a, b) => a.index - b.index);
  const receipts = new Map<string, string>();
  for (const stored of entries) {
    const receipt = await source.receipt(stored.entry.id);
    if (receipt !== undefined) receipts.set(stored.entry.id, receipt);
  }
  return { entries, receipts };
}
