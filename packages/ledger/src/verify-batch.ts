// One batch of verify: the entries [lo, hi) with their link rows, and the stored tree nodes the rebuilt range will
// complete while appending them. Four indexed range queries per batch, whatever the ledger size.
import { bytesEqual, problem, toHex } from '@cairn/core';
import type { HashedNode, Problem } from '@cairn/core';
import type { RunIdRow } from './columns.js';
import { fromDbBytes } from './store.js';
import type { LedgerDb } from './store.js';
import { NO_LINKS, checkEntryRow } from './verify-entries.js';

/** A checked row: its index, the leaf recomputed from its bytes, and what was wrong with it. */
export type CheckedRow = {
  readonly idx: number;
  readonly leaf: Uint8Array;
  readonly problems: readonly Problem[];
};

/**
 * The checked rows of a batch, and possibly the stored nodes that appending them to a tree of `nodes.first`
 * leaves completes (a worker reads those ahead for first = the batch's lo; they serve when no rows were missing).
 */
export type CheckedBatch = {
  readonly rows: readonly CheckedRow[];
  readonly nodes?: { readonly first: number; readonly stored: StoredNodes };
};

/** Compares a node the rebuilt tree completes with the stored one. */
export type NodeComparer = (node: HashedNode) => Problem[];

/** Link rows as read for a batch, by entry index. */
export type LinksByIdx = Map<number, { runIds: RunIdRow[]; refs: string[] }>;

/**
 * Groups `run_ids` and `entry_refs` rows by entry index.
 *
 * @example const links = groupLinks(runIdRows, refRows); checkEntryRow(row, links.get(row.idx) ?? NO_LINKS, false);
 */
export function groupLinks(
  runIds: readonly (RunIdRow & { idx: number })[],
  refs: readonly { idx: number; ref_id: string }[],
): LinksByIdx {
  const links: LinksByIdx = new Map();
  const of = (idx: number) => {
    let found = links.get(idx);
    if (found === undefined) links.set(idx, (found = { runIds: [], refs: [] }));
    return found;
  };
  for (const r of runIds) of(r.idx).runIds.push({ name: r.name, value: r.value });
  for (const r of refs) of(r.idx).refs.push(r.ref_id);
  return links;
}

async function readLinks(db: LedgerDb, lo: number, hi: number): Promise<LinksByIdx> {
  const runIds = await db
    .selectFrom('run_ids')
    .selectAll()
    .where('idx', '>=', lo)
    .where('idx', '<', hi)
    .execute();
  const refs = await db
    .selectFrom('entry_refs')
    .selectAll()
    .where('idx', '>=', lo)
    .where('idx', '<', hi)
    .execute();
  return groupLinks(runIds, refs);
}

/**
 * Reads and checks the entries [lo, hi) that exist, in index order, through the store's own connection.
 * `content` as in checkEntryRow.
 *
 * @example const rows = await readCheckedRows(store.db, 0, 1000, false);
 */
export async function readCheckedRows(
  db: LedgerDb,
  lo: number,
  hi: number,
  content: boolean,
): Promise<CheckedBatch> {
  const rows = await db
    .selectFrom('entries')
    .selectAll()
    .where('idx', '>=', lo)
    .where('idx', '<', hi)
    .orderBy('idx')
    .execute();
  const links = await readLinks(db, lo, hi);
  return {
    rows: rows.map((row) => ({
      idx: row.idx,
      ...checkEntryRow(row, links.get(row.idx) ?? NO_LINKS, content),
    })),
  };
}

/** A run of stored node indices at one level: idx in [lo, hi]. */
export type NodeSpan = { readonly level: number; readonly lo: number; readonly hi: number };

/**
 * The perfect nodes above the leaves completed by appending leaves [first, first + count): at level L those with
 * (i + 1)·2^L in (first, first + count].
 *
 * @example nodeSpans(0, 4) // [{ level: 1, lo: 0, hi: 1 }, { level: 2, lo: 0, hi: 0 }]
 */
export function nodeSpans(first: number, count: number): NodeSpan[] {
  const end = first + count;
  const spans: NodeSpan[] = [];
  for (let level = 1, width = 2; width <= end; level++, width *= 2) {
    const lo = Math.floor(first / width);
    const hi = Math.floor(end / width) - 1;
    if (lo <= hi) spans.push({ level, lo, hi });
  }
  return spans;
}

/** Stored node hashes by `nodeKey(level, index)`. */
export type StoredNodes = Map<number, Uint8Array>;

/**
 * One number per node (level < 64): exact while index < 2^47, far past any ledger (verify reads one node per
 * entry, and a string key per node cost more than the comparison).
 *
 * @example nodes.get(nodeKey(1, 0))
 */
export const nodeKey = (level: number, index: number): number => index * 64 + level;

/**
 * Reads the stored nodes that appending `count` leaves to a rebuilt tree of `first` leaves completes.
 *
 * @example const nodes = await readNodes(store.db, range.size, rows.length);
 */
export async function readNodes(db: LedgerDb, first: number, count: number): Promise<StoredNodes> {
  const spans = nodeSpans(first, count);
  const nodes: StoredNodes = new Map();
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
  for (const r of rows) nodes.set(nodeKey(r.level, r.idx), fromDbBytes(r.hash));
  return nodes;
}

/**
 * How to compare each node the rebuilt tree completes with its stored row, given the stored nodes read for the
 * batch (see readNodes).
 *
 * @example const compareNode = nodeComparer(await readNodes(store.db, range.size, rows.length));
 */
export function nodeComparer(nodes: StoredNodes): NodeComparer {
  return (node) => {
    const stored = nodes.get(nodeKey(node.level, node.index));
    if (stored !== undefined && bytesEqual(stored, node.hash)) return [];
    const name = `tree node (level ${node.level}, index ${node.index})`;
    if (stored === undefined) return [problem(name, 'missing_node', `${name}: missing from tree_nodes`)];
    return [
      problem(
        name,
        'node_mismatch',
        `${name}: stored ${toHex(stored).slice(0, 16)}…, rebuilt ${toHex(node.hash).slice(0, 16)}…`,
      ),
    ];
  };
}
