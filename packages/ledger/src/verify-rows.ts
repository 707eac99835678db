// The row checks of a verify batch on an SQLite file, through reused prepared statements on a connection of its
// own: what each verify worker runs. The results travel back packed, hashes in transferable buffers.
import Database from 'better-sqlite3';
import { CairnError } from '@cairn/core';
import type { Problem } from '@cairn/core';
import { COLUMN_NAMES } from './columns.js';
import type { EntriesTable } from './schema.js';
import { groupLinks, nodeKey, nodeSpans } from './verify-batch.js';
import type { CheckedBatch, CheckedRow, LinksByIdx, StoredNodes } from './verify-batch.js';
import { NO_LINKS, checkEntryRow } from './verify-entries.js';
import { TEXT_ROW_COLUMNS, checkTextRow } from './verify-text-rows.js';

/**
 * Checked rows of one batch, packed for postMessage: `leaves` holds 32 bytes per row, in `idx` order (a view that
 * may start or end inside its buffer: read it through its byteOffset).
 */
export type PackedRows = {
  readonly lo: number;
  readonly idx: Float64Array<ArrayBuffer>;
  readonly leaves: Uint8Array<ArrayBuffer>;
  /** Only the rows that have problems: `at` is the row's position in `idx`. */
  readonly problems: readonly { readonly at: number; readonly problems: readonly Problem[] }[];
  /**
   * The stored nodes a tree of `lo` leaves completes with these rows: (level, idx, end) triples, the hash of each
   * being nodeHashes[previous end, end) (stored hashes are 32 bytes unless tampered with).
   */
  readonly nodeAt: Float64Array<ArrayBuffer>;
  readonly nodeHashes: Uint8Array<ArrayBuffer>;
};

/** Checks batches of one SQLite ledger file. */
export type SqliteRowChecker = {
  check(lo: number, hi: number, content: boolean): PackedRows;
  /** Runs one read-only query on the same connection. */
  query(sql: string, parameters: readonly unknown[]): unknown[];
  close(): void;
};

const ENTRY_COLUMNS = ['idx', 'bytes', 'leaf_hash', ...COLUMN_NAMES] as const;

// better-sqlite3 builds row objects slowly; raw arrays turned into object literals here cost a third less.
function entryRow(raw: unknown[]): EntriesTable {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < ENTRY_COLUMNS.length; i++) row[ENTRY_COLUMNS[i]!] = raw[i];
  return row as unknown as EntriesTable;
}

/**
 * Opens `file` read-only (WAL readers never block the writer) and prepares the range reads of a batch once.
 *
 * @example const checker = openSqliteRowChecker('cairn.db'); const packed = checker.check(0, 1000, false);
 */
export function openSqliteRowChecker(file: string): SqliteRowChecker {
  const database = new Database(file, { readonly: true, fileMustExist: true });
  database.pragma('busy_timeout = 60000');
  const range = (sql: string) => database.prepare<[number, number]>(sql).raw(true);
  const texts = range(`select ${TEXT_ROW_COLUMNS} from entries where idx >= ? and idx < ? order by idx`);
  const exact = database
    .prepare<[number]>(`select ${ENTRY_COLUMNS.join(', ')} from entries where idx = ?`)
    .raw(true);
  const runIds = range('select idx, name, value from run_ids where idx >= ? and idx < ?');
  const refs = range('select idx, ref_id from entry_refs where idx >= ? and idx < ?');
  const nodes = database
    .prepare<[number, number, number]>(
      'select idx, hash from tree_nodes where level = ? and idx >= ? and idx <= ?',
    )
    .raw(true);
  return {
    check(lo, hi, content) {
      const links = groupLinks(
        (runIds.all(lo, hi) as [number, string, string][]).map(([idx, name, value]) => ({
          idx,
          name,
          value,
        })),
        (refs.all(lo, hi) as [number, string][]).map(([idx, ref_id]) => ({ idx, ref_id })),
      );
      const { idx, leaves, problems } = checkEntries(texts, exact, lo, hi, links, content);
      const found = nodeSpans(lo, idx.length).flatMap((s) =>
        (nodes.all(s.level, s.lo, s.hi) as [number, Uint8Array][]).map(([i, hash]) => ({
          level: s.level,
          i,
          hash,
        })),
      );
      return {
        lo,
        idx: Float64Array.from(idx),
        leaves: leaves.subarray(0, idx.length * 32),
        problems,
        ...packNodes(found),
      };
    },
    query: (sql, parameters) => database.prepare(sql).all(...parameters),
    close: () => void database.close(),
  };
}

// Rows are checked as they are stepped, not read into an array first: each row's strings and parsed entry then die
// young, where a batch held whole survived the worker's small young generation and was promoted (GC-helper CPU of
// a 1M verify went from 8 s to 4 s). Indices are unique, so [lo, hi) holds at most hi − lo rows.
function checkEntries(
  texts: Database.Statement<[number, number]>,
  exact: Database.Statement<[number]>,
  lo: number,
  hi: number,
  links: LinksByIdx,
  content: boolean,
) {
  const idx: number[] = [];
  const leaves = new Uint8Array((hi - lo) * 32);
  const out = Buffer.from(leaves.buffer);
  const recheck: number[] = [];
  for (const raw of texts.iterate(lo, hi) as IterableIterator<unknown[]>) {
    const at = idx.push(raw[0] as number) - 1;
    if (!checkTextRow(raw, links.get(idx[at]!) ?? NO_LINKS, content, out, at * 32)) recheck.push(at);
  }
  // Only the rows the text path could not vouch for (tampered, or not stored as append writes them) have
  // problems; they are checked from their bytes, in index order.
  const problems: { at: number; problems: Problem[] }[] = [];
  for (const at of recheck) {
    const raw = exact.get(idx[at]!) as unknown[] | undefined;
    if (raw === undefined) throw new CairnError('storage', `verify: entry ${idx[at]} vanished while read`);
    const checked = checkEntryRow(entryRow(raw), links.get(idx[at]!) ?? NO_LINKS, content);
    leaves.set(checked.leaf, at * 32);
    if (checked.problems.length > 0) problems.push({ at, problems: checked.problems });
  }
  return { idx, leaves, problems };
}

function packNodes(found: readonly { level: number; i: number; hash: Uint8Array }[]) {
  const nodeAt = new Float64Array(found.length * 3);
  const nodeHashes = new Uint8Array(found.reduce((sum, n) => sum + n.hash.length, 0));
  let end = 0;
  found.forEach((n, k) => {
    nodeHashes.set(n.hash, end);
    end += n.hash.length;
    nodeAt.set([n.level, n.i, end], 3 * k);
  });
  return { nodeAt, nodeHashes };
}

const NONE: readonly Problem[] = Object.freeze([]);

/**
 * Unpacks what a worker posted; the leaves and node hashes are views into the transferred buffers.
 *
 * @example for (const row of unpackRows(packed).rows) range.append(row.leaf);
 */
export function unpackRows(packed: PackedRows): CheckedBatch {
  const rows: CheckedRow[] = new Array<CheckedRow>(packed.idx.length);
  const { buffer, byteOffset } = packed.leaves;
  for (let at = 0; at < packed.idx.length; at++) {
    rows[at] = {
      idx: packed.idx[at]!,
      leaf: new Uint8Array(buffer, byteOffset + at * 32, 32),
      problems: NONE,
    };
  }
  for (const p of packed.problems) rows[p.at] = { ...rows[p.at]!, problems: p.problems };
  const stored: StoredNodes = new Map();
  for (let k = 0, start = 0; 3 * k < packed.nodeAt.length; k++) {
    const end = packed.nodeAt[3 * k + 2]!;
    stored.set(
      nodeKey(packed.nodeAt[3 * k]!, packed.nodeAt[3 * k + 1]!),
      packed.nodeHashes.subarray(start, end),
    );
    start = end;
  }
  return { rows, nodes: { first: packed.lo, stored } };
}
