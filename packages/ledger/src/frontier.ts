// The in-memory compact range of the tree's current size. It is only a cache: inside each write transaction the
// ledger reads the real size, and when another process (or a failed transaction) moved it, the O(log n) frontier
// hashes are read back from the store instead of rebuilding anything.
import { compactRangeFrom, createCompactRange } from '@cairn/core';
import type { CompactRange } from '@cairn/core';
import { storeHashReader } from './hash-reader.js';
import type { LedgerDb } from './store.js';

/**
 * Holds at most one compact range, handed out exclusively: `take` removes it, `put` returns it after COMMIT. A
 * transaction that fails never puts its range back, so a half-applied append can never leak into the next one.
 *
 * @example
 * const range = await frontier.take(size, trx); range.append(leaf); … commit … frontier.put(range);
 */
export class Frontier {
  #cached: CompactRange | undefined;

  /** The compact range of `size` leaves: the cached one when it matches, else read from the store. */
  async take(size: number, db: LedgerDb): Promise<CompactRange> {
    const cached = this.#cached;
    this.#cached = undefined;
    if (cached !== undefined && cached.size === size) return cached;
    if (size === 0) return createCompactRange();
    return compactRangeFrom(size, storeHashReader(db));
  }

  /** Keeps a committed range for the next transaction. */
  put(range: CompactRange): void {
    this.#cached = range;
  }
}

/**
 * The number of entries, read inside the caller's transaction: one seek on the primary key.
 *
 * @example const size = await currentSize(trx);
 */
export async function currentSize(db: LedgerDb): Promise<number> {
  const row = await db
    .selectFrom('entries')
    .select((eb) => eb.fn.max('idx').as('last'))
    .executeTakeFirst();
  const last = row?.last;
  return last === null || last === undefined ? 0 : Number(last) + 1;
}
