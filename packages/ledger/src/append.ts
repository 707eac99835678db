// The body of an append transaction: idempotency look-up, index assignment, tree nodes, rows. Runs while the
// store's write lock is held, so the size it reads cannot move until COMMIT.
import { toHex } from '@cairn/core';
import type { AppendResult, CompactRange, HashedNode } from '@cairn/core';
import { sql } from 'kysely';
import type { Dialect } from './migrations.js';
import type { PreparedEntry } from './prepare.js';
import { fromDbBytes, toDbBytes } from './store.js';
import type { LedgerDb, LedgerStore } from './store.js';
import type { EntriesTable } from './schema.js';

const IDS_PER_LOOKUP = 500;
// 8 columns × 500 runs: far below the bound-parameter limits of both databases.
const RUNS_PER_UPSERT = 500;

/** What one append transaction did: a result per input entry, and the entries it actually stored. */
export type AppendOutcome = {
  readonly results: AppendResult[];
  readonly stored: readonly { readonly index: number; readonly prepared: PreparedEntry }[];
};

/**
 * Appends prepared entries at the end of the log whose compact range is `range` (advanced in place). An id
 * already sealed, or repeated within the batch, returns the first index with `duplicate: true` and stores nothing.
 *
 * @example const outcome = await appendRows(trx, store, range, prepared);
 */
export async function appendRows(
  trx: LedgerDb,
  store: LedgerStore,
  range: CompactRange,
  batch: readonly PreparedEntry[],
): Promise<AppendOutcome> {
  const firstSeen = await existingIds(trx, batch);
  const results: AppendResult[] = [];
  const stored: { index: number; prepared: PreparedEntry }[] = [];
  const nodes: HashedNode[] = [];
  for (const prepared of batch) {
    const seen = firstSeen.get(prepared.columns.id);
    if (seen !== undefined) {
      results.push({ ...seen, duplicate: true });
      continue;
    }
    const index = range.size;
    for (const node of range.append(prepared.leafHash)) if (node.level > 0) nodes.push(node);
    const result = { id: prepared.columns.id, index, leafHash: toHex(prepared.leafHash), duplicate: false };
    firstSeen.set(result.id, result);
    results.push(result);
    stored.push({ index, prepared });
  }
  await store.insertRows(
    trx,
    'entries',
    stored.map(({ index, prepared }) => entryRow(index, prepared)),
  );
  await store.insertRows(
    trx,
    'tree_nodes',
    nodes.map((n) => ({ level: n.level, idx: n.index, hash: toDbBytes(n.hash) })),
  );
  const idRows = stored.flatMap(({ index, prepared }) => prepared.runIds.map((r) => ({ idx: index, ...r })));
  await store.insertRows(trx, 'run_ids', idRows);
  const refRows = stored.flatMap(({ index, prepared }) =>
    prepared.refs.map((ref_id) => ({ idx: index, ref_id })),
  );
  await store.insertRows(trx, 'entry_refs', refRows);
  await upsertRuns(trx, store.dialect, stored);
  return { results, stored };
}

async function existingIds(
  trx: LedgerDb,
  batch: readonly PreparedEntry[],
): Promise<Map<string, AppendResult>> {
  const ids = [...new Set(batch.map((p) => p.columns.id))];
  const found = new Map<string, AppendResult>();
  for (let i = 0; i < ids.length; i += IDS_PER_LOOKUP) {
    const rows = await trx
      .selectFrom('entries')
      .select(['id', 'idx', 'leaf_hash'])
      .where('id', 'in', ids.slice(i, i + IDS_PER_LOOKUP))
      .execute();
    for (const row of rows) {
      found.set(row.id, {
        id: row.id,
        index: row.idx,
        leafHash: toHex(fromDbBytes(row.leaf_hash)),
        duplicate: true,
      });
    }
  }
  return found;
}

function entryRow(index: number, p: PreparedEntry): EntriesTable {
  return { idx: index, bytes: toDbBytes(p.bytes), leaf_hash: toDbBytes(p.leafHash), ...p.columns };
}

type RunDelta = {
  orchestrator: string;
  run_id: string;
  first_at: string;
  last_at: string;
  entry_count: number;
  decision_count: number;
  last_status: string | null;
  status_at: string | null;
};

/**
 * Folds a batch into one delta per run. The last status is the one of the run event with the greatest
 * (occurredAt, index): verify recomputes it by the same rule.
 */
export function runDeltas(stored: readonly { index: number; prepared: PreparedEntry }[]): RunDelta[] {
  const deltas = new Map<string, RunDelta>();
  for (const { prepared } of stored) {
    const c = prepared.columns;
    if (c.orchestrator === null || c.run_id === null) continue;
    const key = `${c.orchestrator}\u0000${c.run_id}`;
    const d = deltas.get(key) ?? {
      orchestrator: c.orchestrator,
      run_id: c.run_id,
      first_at: c.occurred_at,
      last_at: c.occurred_at,
      entry_count: 0,
      decision_count: 0,
      last_status: null,
      status_at: null,
    };
    d.entry_count++;
    if (c.kind === 'decision') d.decision_count++;
    if (c.occurred_at < d.first_at) d.first_at = c.occurred_at;
    if (c.occurred_at > d.last_at) d.last_at = c.occurred_at;
    // Entries of a batch come in index order, so >= lets the later of two equal times win.
    if (c.status !== null && (d.status_at === null || c.occurred_at >= d.status_at)) {
      d.last_status = c.status;
      d.status_at = c.occurred_at;
    }
    deltas.set(key, d);
  }
  return [...deltas.values()];
}

async function upsertRuns(
  trx: LedgerDb,
  dialect: Dialect,
  stored: readonly { index: number; prepared: PreparedEntry }[],
) {
  const [least, greatest] = dialect === 'sqlite' ? ['min', 'max'] : ['least', 'greatest'];
  const newer = sql`excluded.status_at is not null and (runs.status_at is null or excluded.status_at >= runs.status_at)`;
  const deltas = runDeltas(stored);
  for (let i = 0; i < deltas.length; i += RUNS_PER_UPSERT) {
    await trx
      .insertInto('runs')
      .values(deltas.slice(i, i + RUNS_PER_UPSERT))
      .onConflict((oc) =>
        oc.columns(['orchestrator', 'run_id']).doUpdateSet({
          first_at: sql`${sql.raw(least)}(runs.first_at, excluded.first_at)`,
          last_at: sql`${sql.raw(greatest)}(runs.last_at, excluded.last_at)`,
          entry_count: sql`runs.entry_count + excluded.entry_count`,
          decision_count: sql`runs.decision_count + excluded.decision_count`,
          last_status: sql`case when ${newer} then excluded.last_status else runs.last_status end`,
          status_at: sql`case when ${newer} then excluded.status_at else runs.status_at end`,
        }),
      )
      .execute();
  }
}
