// Signing checkpoints. A checkpoint is signed inside the write transaction, after checking that the tree it
// states extends the previous checkpoint: C2SP tlog-checkpoint says a log must never sign two checkpoints that
// are inconsistent with each other, and this is the one place that could.
import {
  CairnError,
  consistencyProof,
  formatKeyId,
  formatProblems,
  signCheckpoint,
  verifyConsistency,
} from '@cairn/core';
import type { CompactRange, NoteSigner } from '@cairn/core';
import { storeHashReader } from './hash-reader.js';
import { fromDbBytes, toDbBytes } from './store.js';
import type { LedgerDb } from './store.js';

/** A stored checkpoint. */
export type StoredCheckpoint = {
  /** Position among all checkpoints, from 0 without gaps. */
  readonly seq: number;
  readonly size: number;
  readonly root: Uint8Array;
  /** The signed note, verbatim. */
  readonly note: string;
  /** Key ID of the signer, 8 lowercase hex digits. */
  readonly keyId: string;
  /** When the log signed it (the log's claim: not covered by the signature). */
  readonly createdAt: string;
};

type CheckpointRow = {
  seq: number;
  size: number;
  root: Uint8Array;
  note: string;
  key_id: string;
  created_at: string;
};

/** Maps a row of `checkpoints`. */
export function toStoredCheckpoint(row: CheckpointRow): StoredCheckpoint {
  return Object.freeze({
    seq: row.seq,
    size: row.size,
    root: fromDbBytes(row.root),
    note: row.note,
    keyId: row.key_id,
    createdAt: row.created_at,
  });
}

/**
 * The checkpoint with the highest seq.
 *
 * @example const latest = await latestStoredCheckpoint(store.db);
 */
export async function latestStoredCheckpoint(db: LedgerDb): Promise<StoredCheckpoint | undefined> {
  const row = await db
    .selectFrom('checkpoints')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : toStoredCheckpoint(row);
}

/**
 * Refuses (CairnError 'integrity') unless the tree of `range` extends the previous checkpoint: its size is not
 * smaller, and an RFC 9162 consistency proof built from the stored nodes verifies between the two roots. The
 * previous size and root are read from their columns: edited columns fail the proof, so nothing gets signed.
 */
async function assertExtends(
  trx: LedgerDb,
  previous: StoredCheckpoint,
  range: CompactRange,
  root: Uint8Array,
) {
  const first = previous.size;
  if (range.size < first) {
    throw new CairnError(
      'integrity',
      `refusing to sign size ${range.size}: checkpoint ${previous.seq} has size ${first}`,
    );
  }
  const proof = await consistencyProof(first, range.size, storeHashReader(trx));
  const checked = verifyConsistency({
    first,
    second: range.size,
    firstRoot: previous.root,
    secondRoot: root,
    proof,
  });
  if (!checked.ok) {
    throw new CairnError(
      'integrity',
      `refusing to sign size ${range.size}: the tree is not consistent with checkpoint ${previous.seq} ` +
        `(${formatProblems(checked.problems, 2)})`,
    );
  }
}

/**
 * Signs a checkpoint of the tree `range` holds and stores it with the next seq, inside the caller's write
 * transaction. The new checkpoint is checked against the previous one first.
 *
 * @example const cp = await signInTransaction(trx, { range, signer, origin, now: new Date() });
 */
export async function signInTransaction(
  trx: LedgerDb,
  options: { range: CompactRange; signer: NoteSigner; origin: string; now: Date },
): Promise<StoredCheckpoint> {
  const { range, signer, origin, now } = options;
  const root = range.root();
  const previous = await latestStoredCheckpoint(trx);
  if (previous !== undefined) await assertExtends(trx, previous, range, root);
  const note = await signCheckpoint({ origin, size: range.size, root }, [signer]);
  const row: CheckpointRow = {
    seq: previous === undefined ? 0 : previous.seq + 1,
    size: range.size,
    root: toDbBytes(root),
    note,
    key_id: formatKeyId(signer.keyId),
    created_at: now.toISOString(),
  };
  await trx.insertInto('checkpoints').values(row).execute();
  return toStoredCheckpoint(row);
}

/** When to sign checkpoints. Timers are unref'd: they never keep a process alive. */
export type CheckpointPolicy = {
  /** Sign one at the end of every append transaction (default true unless everyEntries or everyMs is set). */
  readonly afterEachBatch?: boolean;
  /** Sign when at least this many entries were appended since the latest checkpoint. */
  readonly everyEntries?: number;
  /** Sign every this many ms when entries were appended since the latest checkpoint. */
  readonly everyMs?: number;
  /** Sign a checkpoint (of an unchanged size, if idle) when none was signed for this many ms. */
  readonly heartbeatMs?: number;
};

/**
 * True when an append that brought the log to `size` should end with a checkpoint.
 *
 * @example sealsAfterAppend({ everyEntries: 100 }, 250, 100) === true
 */
export function sealsAfterAppend(
  policy: CheckpointPolicy,
  size: number,
  latestSize: number | undefined,
): boolean {
  const afterEachBatch =
    policy.afterEachBatch ?? (policy.everyEntries === undefined && policy.everyMs === undefined);
  if (afterEachBatch) return true;
  if (policy.everyEntries === undefined) return false;
  return size - (latestSize ?? 0) >= policy.everyEntries;
}
