// The ledger as the source of an evidence bundle, built from the public Ledger API: checkpoints are paged, leaves
// streamed in index order, and perfect-subtree hashes read from the stored tree nodes.
import { CairnError } from '@cairn/core';
import { storeHashReader } from '../hash-reader.js';
import type { Ledger } from '../ledger.js';
import type { StoredCheckpoint } from '../checkpoints.js';
import type { BundleSource } from './source.js';

const CHECKPOINT_PAGE = 100;

/**
 * A {@link BundleSource} reading from `ledger`, for `exportBundle`. Throws CairnError('config') when the ledger has
 * no origin yet (nothing was ever signed in it).
 *
 * @example
 * const manifest = await exportBundle(ledgerBundleSource(ledger), { dir: './evidence-2026-11' });
 */
export function ledgerBundleSource(ledger: Ledger): BundleSource {
  const origin = ledger.origin;
  if (origin === undefined) {
    throw new CairnError(
      'config',
      'export: this ledger has no origin yet; open it with a signer or an origin first',
    );
  }
  // Tree nodes are immutable once written, so reading them outside a transaction is safe.
  const reader = storeHashReader(ledger.store.db);
  return Object.freeze({
    origin,
    allCheckpoints: () => allCheckpoints(ledger),
    verifierKeys: () => ledger.verifierKeys(),
    leaves: (first: number, end: number) => leaves(ledger, first, end),
    readHashes: async (nodes: readonly { level: number; index: number }[]) =>
      nodes.length === 0 ? [] : reader.readHashes(nodes),
    consistencyProof: (first: number, second: number) => ledger.consistencyProof(first, second),
  });
}

async function allCheckpoints(ledger: Ledger): Promise<StoredCheckpoint[]> {
  const all: StoredCheckpoint[] = [];
  for (;;) {
    const from = all.length === 0 ? 0 : all[all.length - 1]!.seq + 1;
    const page = await ledger.checkpoints({ from, limit: CHECKPOINT_PAGE });
    all.push(...page);
    if (page.length < CHECKPOINT_PAGE) return all;
  }
}

async function* leaves(ledger: Ledger, first: number, end: number) {
  if (first >= end) return;
  for await (const stored of ledger.entries({ from: first, to: end })) {
    yield { index: stored.index, kind: stored.entry.kind, bytes: stored.bytes };
  }
}
