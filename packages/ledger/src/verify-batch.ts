// One batch of verify: the entries [lo, hi) with their link rows, and the stored tree nodes the rebuilt range will
// complete while appending them. Four indexed range queries per batch, whatever the ledger size.
import { bytesEqual, problem, toHex } from '@cairn/core';
import type { HashedNode, Problem } from '@cairn/core';
import { fromDbBytes } from './store.js';
import type { LedgerDb } from './store.js';
import { checkEntryRow } from './verify-entries.js';
import type { StoredLinks } from './verify-entries.js';

/** A checked row: its index, the leaf recomputed from its bytes, and what was wrong with it. */
export type CheckedRow = { readonly idx: number; readonly leaf: Uint8Array; readonly problems: Problem[] };

/** A read and checked batch, and how to compare a node the rebuilt tree completes with the stored one. */
export type Batch = {
  readonly rows: readonly CheckedRow[];
  compareNode(node: HashedNode): Problem[];
};

const key = (level: number, index: number) => `${level}/${index}`;

async function readLinks(db: LedgerDb, lo: number, hi: number): Promise<Map<number, StoredLinks>> {
  const links = new Map<number, StoredLinks>();
  const of = (idx: number) => {
    let found = links.get(idx);
    if (found === undefined) links.set(idx, (found = { runIds: [], refs: [] }));
    return found;
  };
  const runIds = await db
    .selectFrom('run_ids')
    .selectAll()
    .where('idx', '>=', lo)
    .where('idx', '<', hi)
    .execute();
  for (const r of runIds) of(r.idx).runIds.push(`${r.name}=${r.value}`);
  const refs = await db
    .selectFrom('entry_refs')
    .selectAll()
    .where('idx', '>=', lo)
    .where('idx', '<', hi)
    .execute();
  for (const r of refs) of(r.idx).refs.push(r.ref_id);
  return links;
}

// The perfect nodes above the leaves completed by appending leaves [first, first + count): at level L those with
// (i + 1)·2^L in (first, first + count].
async function readNodes(db: LedgerDb, first: number, count: number): Promise<Map<string, Uint8Array>> {
  const end = first + count;
  const spans: { level: number; lo: number; hi: number }[] = [];
  for (let level = 1, width = 2; width <= end; level++, width *= 2) {
    const lo = Math.floor(first / width);
    const hi = Math.floor(end / width) - 1;
    if (lo <= hi) spans.push({ level, lo, hi });
  }
  const nodes = new Map<string, Uint8Array>();
  if (spans.length === 0) return nodes;
  const rows = await db
    .selectFrom('tree_nodes')
    .selectAll()
    .where((eb) =>
      eb.or(
        spans.map((s) => eb.and([eb('level', '=', s.level), eb('idx', '>=', s.lo), eb('idx', '<=', s.hi)])),
      ),
    )
    .execute();
  for (const r of rows) nodes.set(key(r.level, r.idx), fromDbBytes(r.hash));
  return nodes;
}

/**
 * Reads and checks entries [lo, hi). `treeSize` is the rebuilt tree's size before this batch, which fixes the
 * stored nodes it will complete (it differs from `lo` only when rows are missing). `content` as in checkEntryRow.
 */
export async function readBatch(
  db: LedgerDb,
  range: { lo: number; hi: number; treeSize: number; content: boolean },
): Promise<Batch> {
  const { lo, hi, treeSize, content } = range;
  const rows = await db
    .selectFrom('entries')
    .selectAll()
    .where('idx', '>=', lo)
    .where('idx', '<', hi)
    .orderBy('idx')
    .execute();
  const links = await readLinks(db, lo, hi);
  const nodes = await readNodes(db, treeSize, rows.length);
  const checked = rows.map((row) => ({
    idx: row.idx,
    ...checkEntryRow(row, links.get(row.idx) ?? { runIds: [], refs: [] }, content),
  }));
  return {
    rows: checked,
    compareNode(node: HashedNode): Problem[] {
      const stored = nodes.get(key(node.level, node.index));
      const name = `tree node (level ${node.level}, index ${node.index})`;
      if (stored === undefined) return [problem(name, 'missing_node', `${name}: missing from tree_nodes`)];
      if (bytesEqual(stored, node.hash)) return [];
      return [
        problem(
          name,
          'node_mismatch',
          `${name}: stored ${toHex(stored).slice(0, 16)}…, rebuilt ${toHex(node.hash).slice(0, 16)}…`,
        ),
      ];
    },
  };
}
