// Reading sealed entries back: by id, by index, as a constant-memory stream, and the proofs about them.
import { fromUtf8, toHex } from '@cairn/core';
import type { Entry } from '@cairn/core';
import { fromDbBytes } from './store.js';
import type { LedgerDb } from './store.js';

/** A sealed entry as read back: the exact stored bytes and the entry they encode. */
export type StoredEntry = {
  readonly entry: Entry;
  /** The exact canonical bytes that were hashed. */
  readonly bytes: Uint8Array;
  readonly index: number;
  /** RFC 9162 leaf hash, lowercase hex. */
  readonly leafHash: string;
};

/** The columns a StoredEntry is read from. */
export const STORED_ENTRY_COLUMNS = ['idx', 'bytes', 'leaf_hash'] as const;

/**
 * Maps an `entries` row. The bytes were validated and canonicalised when sealed, so JSON.parse reads them back;
 * `verify` is what re-checks them.
 */
export function toStoredEntry(row: { idx: number; bytes: Uint8Array; leaf_hash: Uint8Array }): StoredEntry {
  const bytes = fromDbBytes(row.bytes);
  return Object.freeze({
    entry: JSON.parse(fromUtf8(bytes)) as Entry,
    bytes,
    index: row.idx,
    leafHash: toHex(fromDbBytes(row.leaf_hash)),
  });
}

/** @example const stored = await getById(store.db, 'dec_1'); */
export async function getById(db: LedgerDb, id: string): Promise<StoredEntry | undefined> {
  const row = await db
    .selectFrom('entries')
    .select(STORED_ENTRY_COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toStoredEntry(row);
}

/** @example const first = await getByIndex(store.db, 0); */
export async function getByIndex(db: LedgerDb, index: number): Promise<StoredEntry | undefined> {
  const row = await db
    .selectFrom('entries')
    .select(STORED_ENTRY_COLUMNS)
    .where('idx', '=', index)
    .executeTakeFirst();
  return row === undefined ? undefined : toStoredEntry(row);
}

/** Options of {@link streamEntries}: the index range [from, to) and how many rows one query reads. */
export type EntryStreamOptions = {
  readonly from?: number;
  readonly to?: number;
  readonly batchSize?: number;
};

/**
 * Streams entries in index order with keyset pagination: one batch in memory at a time, whatever the ledger size.
 *
 * @example for await (const stored of streamEntries(store.db, { from: 0 })) console.log(stored.index);
 */
export async function* streamEntries(
  db: LedgerDb,
  { from = 0, to, batchSize = 1000 }: EntryStreamOptions = {},
): AsyncGenerator<StoredEntry> {
  let cursor = from;
  for (;;) {
    let query = db
      .selectFrom('entries')
      .select(STORED_ENTRY_COLUMNS)
      .where('idx', '>=', cursor)
      .orderBy('idx')
      .limit(batchSize);
    if (to !== undefined) query = query.where('idx', '<', to);
    const rows = await query.execute();
    for (const row of rows) yield toStoredEntry(row);
    if (rows.length < batchSize) return;
    cursor = rows[rows.length - 1]!.idx + 1;
  }
}
