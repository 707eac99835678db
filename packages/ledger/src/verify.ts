// Whole-ledger verification. Streams the entries once in index order, one batch in memory: recomputes each leaf
// from the stored bytes, rebuilds the tree with a compact range, compares every stored node and derived row, and
// checks every checkpoint against the rebuilt root at its size. Then walks the checkpoint chain and the run index.
import { availableParallelism } from 'node:os';
import { formatProblems, problem, verifyCheckpoint } from '@cairn/core';
import type { NoteSigner, NoteVerifier, Problem } from '@cairn/core';
import { currentSize } from './frontier.js';
import type { LedgerDb } from './store.js';
import {
  CheckpointsBySize,
  checkCheckpointChain,
  checkCheckpointRow,
  compareRoot,
  trustedVerifiers,
} from './verify-checkpoints.js';
import type { SignedHead } from './verify-checkpoints.js';
import { nodeComparer, readCheckedRows, readNodes } from './verify-batch.js';
import type { CheckedBatch } from './verify-batch.js';
import { startVerifyPool } from './verify-pool.js';
import { createVerifyRange } from './verify-range.js';
import type { VerifyRange } from './verify-range.js';
import { checkRunIndex, runIndexProblems, runIndexQuery } from './verify-runs.js';
import type { Difference } from './verify-runs.js';

/** Options of `ledger.verify`. */
export type VerifyOptions = {
  /** A checkpoint note kept outside the system: catches truncation and wholesale rewrite. */
  readonly against?: string;
  /** The published verifier keys to trust (texts or NoteVerifiers). Default: the store's keys and the signer's. */
  readonly verifiers?: readonly (NoteVerifier | string)[];
  /** Called after each batch with entries checked so far and the total. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Also check that every entry's bytes are the RFC 8785 form of an entry passing validateEntry. Append already
   * guarantees it; this finds entries written by other means, and costs most of the time of a verify.
   */
  readonly content?: boolean;
  /** Report entries after the latest checkpoint as a problem (for logs that seal every batch). */
  readonly requireSealed?: boolean;
  /** Entries read per query (default 1,000: peak memory grows with it, speed hardly). */
  readonly batchSize?: number;
  /** Most problems kept in the report; the rest are only counted. */
  readonly maxProblems?: number;
  /**
   * Worker threads that read and check the entries in parallel, each on its own read-only connection; 0 checks
   * them on the calling thread. Only an SQLite file can be shared this way: other stores ignore it. Default: up to
   * 2 (the cores available) for an SQLite file of at least 20,000 entries, else 0. The report is the same.
   */
  readonly threads?: number;
};

/** What verifyLedger takes besides the public options: the ledger's origin, signer and SQLite file if any. */
export type VerifyLedgerOptions = VerifyOptions & {
  origin?: string;
  signer?: NoteSigner;
  sqliteFile?: string;
};

// Below this size the workers' start-up (tens of ms each) costs more than they save.
const PARALLEL_FROM_ENTRIES = 20_000;

/**
 * The worker threads a verify of `size` entries uses: `threads` when given, else up to 2 for an SQLite file of
 * at least 20,000 entries. Always 0 without a file, since only a file can be opened by other threads.
 *
 * @example verifyThreads(undefined, 'cairn.db', 1_000_000) === Math.min(2, availableParallelism())
 */
export function verifyThreads(
  threads: number | undefined,
  sqliteFile: string | undefined,
  size: number,
): number {
  if (sqliteFile === undefined) return 0;
  if (threads !== undefined) return Math.max(0, Math.floor(threads));
  return size >= PARALLEL_FROM_ENTRIES ? Math.min(2, availableParallelism()) : 0;
}

/** What verify found. `problems` names each broken thing (`entry 41`, `checkpoint 7`) and what mismatched. */
export type VerifyReport = {
  readonly ok: boolean;
  /** Entries in the ledger when verify started. */
  readonly size: number;
  readonly entriesChecked: number;
  readonly checkpointsChecked: number;
  /** Entries after the latest checkpoint: not yet covered by any signature. */
  readonly unsealed: number;
  readonly problems: readonly Problem[];
  /** All problems found, including those past `maxProblems`. */
  readonly problemCount: number;
};

/** A problem list that keeps the first `max` problems and counts the rest. */
class Problems {
  readonly kept: Problem[] = [];
  count = 0;
  readonly #max: number;
  constructor(max: number) {
    this.#max = max;
  }
  add(...found: Problem[]): void {
    for (const p of found) {
      this.count++;
      if (this.kept.length < this.#max) this.kept.push(p);
    }
  }
}

type Context = {
  db: LedgerDb;
  problems: Problems;
  verifiers: NoteVerifier[];
  origin: string | undefined;
  external: SignedHead | undefined;
  checkpoints: CheckpointsBySize;
  range: VerifyRange;
  checked: number;
  latestSignedSize: number;
  /** Checkpoints that failed their own checks (few: bounded by the problems found). */
  bad: Set<number>;
  /** The run-index problems, when a worker already compared the index while the entries streamed. */
  runIndex?: Problem[];
};

/**
 * Verifies the whole ledger in constant memory and reports every problem found.
 *
 * @example
 * const report = await verifyLedger(store.db, { origin, against: auditorsCopy, verifiers: publishedKeys });
 * if (!report.ok) for (const p of report.problems) console.error(p.message);
 */
export async function verifyLedger(db: LedgerDb, options: VerifyLedgerOptions): Promise<VerifyReport> {
  const problems = new Problems(options.maxProblems ?? 1000);
  const collected: Problem[] = [];
  const verifiers = await trustedVerifiers(db, options.verifiers, options.signer, collected);
  problems.add(...collected);
  // The checkpoint bound is read before the size: every checkpoint up to it covers at most `size` entries.
  const maxSeq = Number(
    (
      await db
        .selectFrom('checkpoints')
        .select((eb) => eb.fn.max('seq').as('m'))
        .executeTakeFirst()
    )?.m ?? -1,
  );
  const size = await currentSize(db);
  const ctx: Context = {
    db,
    problems,
    verifiers,
    origin: options.origin,
    external: await checkExternal(options.against, verifiers, options.origin, problems),
    checkpoints: new CheckpointsBySize(db, maxSeq),
    range: createVerifyRange(),
    checked: 0,
    latestSignedSize: 0,
    bad: new Set(),
  };
  await checkpointsAt(ctx);
  await streamAndRebuild(ctx, size, options);
  await finish(ctx, size, maxSeq);
  const unsealed = Math.max(0, ctx.range.size - ctx.latestSignedSize);
  if (options.requireSealed === true && unsealed > 0) {
    problems.add(
      problem(
        'ledger',
        'unsealed',
        `ledger: ${unsealed} entries after the latest checkpoint are not covered by any signature`,
      ),
    );
  }
  return {
    ok: problems.count === 0,
    size,
    entriesChecked: ctx.range.size,
    checkpointsChecked: ctx.checked,
    unsealed,
    problems: problems.kept,
    problemCount: problems.count,
  };
}

async function checkExternal(
  note: string | undefined,
  verifiers: readonly NoteVerifier[],
  origin: string | undefined,
  problems: Problems,
): Promise<SignedHead | undefined> {
  if (note === undefined) return undefined;
  const checked = await verifyCheckpoint(note, verifiers, origin === undefined ? {} : { origin });
  if (!checked.ok) {
    problems.add(
      problem(
        'external checkpoint',
        'bad_signature',
        `external checkpoint: ${formatProblems(checked.problems, 2)}`,
      ),
    );
    return undefined;
  }
  return { size: checked.value.size, root: checked.value.root };
}

// Checks the checkpoints (and the external one) whose size the rebuilt range has just reached.
async function checkpointsAt(ctx: Context): Promise<void> {
  const size = ctx.range.size;
  const due = await ctx.checkpoints.takeUpTo(size);
  if (due.length === 0 && ctx.external?.size !== size) return;
  const root = ctx.range.root();
  for (const cp of due) {
    ctx.checked++;
    const found: Problem[] = [];
    const head = await checkCheckpointRow(cp, ctx.verifiers, ctx.origin, found);
    // A signed size that differs from the stored one was reported by checkCheckpointRow.
    if (head !== undefined && head.size === size) compareRoot(cp.seq, head, root, found);
    ctx.latestSignedSize = Math.max(ctx.latestSignedSize, cp.size);
    if (found.length > 0) ctx.bad.add(cp.seq);
    ctx.problems.add(...found);
  }
  if (ctx.external?.size === size) {
    const found: Problem[] = [];
    compareRoot('external', ctx.external, root, found);
    ctx.problems.add(...found);
  }
}

async function streamAndRebuild(ctx: Context, size: number, options: VerifyLedgerOptions): Promise<void> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const content = options.content === true;
  const threads = verifyThreads(options.threads, options.sqliteFile, size);
  if (threads === 0) {
    await consumeBatches(
      ctx,
      size,
      batchSize,
      1,
      (lo, hi) => readCheckedRows(ctx.db, lo, hi, content),
      options,
    );
    return;
  }
  const pool = startVerifyPool(options.sqliteFile!, threads, content);
  try {
    // On a large file the run-index query waits mostly on reads: started first, on a worker, it overlaps the stream.
    const { sql, parameters } = runIndexQuery(ctx.db);
    const runIndex = pool.query(sql, parameters);
    runIndex.catch(() => undefined);
    // Two batches per worker in flight: each has the next one queued, and memory stays a few batches.
    await consumeBatches(ctx, size, batchSize, 2 * threads, (lo, hi) => pool.check(lo, hi), options);
    ctx.runIndex = runIndexProblems((await runIndex) as Difference[]);
  } finally {
    await pool.close();
  }
}

type BatchReader = (lo: number, hi: number) => Promise<CheckedBatch>;

// Reads batches [lo, lo + batchSize) ahead, `window` at a time, and consumes them strictly in index order.
async function consumeBatches(
  ctx: Context,
  size: number,
  batchSize: number,
  window: number,
  read: BatchReader,
  options: VerifyOptions,
): Promise<void> {
  const ahead: Promise<CheckedBatch>[] = [];
  let requested = 0;
  let expected = 0;
  for (let cursor = 0; cursor < size; cursor = Math.min(size, cursor + batchSize)) {
    for (; ahead.length < window && requested < size; requested = Math.min(size, requested + batchSize)) {
      const batch = read(requested, Math.min(size, requested + batchSize));
      // Awaited in turn below; until then a failure must not count as unhandled.
      batch.catch(() => undefined);
      ahead.push(batch);
    }
    expected = await consumeBatch(ctx, await ahead.shift()!, expected);
    options.onProgress?.(Math.min(cursor + batchSize, size), size);
  }
  if (expected < size) {
    ctx.problems.add(
      problem(
        `entry ${expected}`,
        'gap',
        `entry ${expected}: missing (entries ${expected}..${size - 1} are absent)`,
      ),
    );
  }
}

// Appends one batch's leaves to the rebuilt range in order, comparing nodes and checkpoints as they complete.
async function consumeBatch(ctx: Context, batch: CheckedBatch, expected: number): Promise<number> {
  // Nodes read ahead assumed the tree had reached the batch's first index: not so after missing rows.
  const stored =
    batch.nodes?.first === ctx.range.size
      ? batch.nodes.stored
      : await readNodes(ctx.db, ctx.range.size, batch.rows.length);
  const compareNode = nodeComparer(stored);
  for (const item of batch.rows) {
    if (item.idx !== expected) {
      const message = `entry ${expected}: missing (entries ${expected}..${item.idx - 1} are absent; the index has a gap)`;
      ctx.problems.add(problem(`entry ${expected}`, 'gap', message));
    }
    expected = item.idx + 1;
    if (item.problems.length > 0) ctx.problems.add(...item.problems);
    for (const node of ctx.range.append(item.leaf)) {
      if (node.level > 0) ctx.problems.add(...compareNode(node));
    }
    // Checked once per entry: only an await when a checkpoint may be due, not a promise per entry.
    if (ctx.checkpoints.mayBeDue(ctx.range.size) || ctx.external?.size === ctx.range.size)
      await checkpointsAt(ctx);
  }
  return expected;
}

async function finish(ctx: Context, size: number, maxSeq: number): Promise<void> {
  const rebuilt = ctx.range.size;
  for (const cp of await ctx.checkpoints.takeUpTo(Number.MAX_SAFE_INTEGER)) {
    ctx.checked++;
    const found: Problem[] = [];
    await checkCheckpointRow(cp, ctx.verifiers, ctx.origin, found);
    ctx.bad.add(cp.seq);
    found.push(
      problem(
        `checkpoint ${cp.seq}`,
        'beyond_end',
        `checkpoint ${cp.seq}: covers ${cp.size} entries but the ledger holds ${rebuilt} (truncated?)`,
      ),
    );
    ctx.problems.add(...found);
  }
  if (ctx.external !== undefined && ctx.external.size > rebuilt) {
    ctx.problems.add(
      problem(
        'external checkpoint',
        'beyond_end',
        `external checkpoint: covers ${ctx.external.size} entries but the ledger holds ${rebuilt} (truncated or rewritten)`,
      ),
    );
  }
  const chain: Problem[] = [];
  await checkCheckpointChain(ctx.db, maxSeq, size, ctx.bad, chain);
  ctx.problems.add(...chain);
  ctx.problems.add(...(await extraNodes(ctx.db, rebuilt)));
  ctx.problems.add(...(ctx.runIndex ?? (await checkRunIndex(ctx.db))));
}

// A tree of n leaves has n − popcount(n) perfect nodes above the leaves; more stored rows are forgeries.
async function extraNodes(db: LedgerDb, size: number): Promise<Problem[]> {
  const row = await db
    .selectFrom('tree_nodes')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const stored = Number(row?.n ?? 0);
  let expected = size;
  for (let s = size; s > 0; s = Math.floor(s / 2)) expected -= s % 2;
  if (stored <= expected) return [];
  return [
    problem(
      'tree_nodes',
      'extra_nodes',
      `tree_nodes: ${stored} rows stored, a tree of ${size} entries has ${expected}`,
    ),
  ];
}
