// Whole-ledger verification. Streams the entries once in index order, one batch in memory: recomputes each leaf
// from the stored bytes, rebuilds the tree with a compact range, compares every stored node and derived row, and
// checks every checkpoint against the rebuilt root at its size. Then walks the checkpoint chain and the run index.
import { createCompactRange, formatProblems, problem, verifyCheckpoint } from '@cairn/core';
import type { CompactRange, NoteSigner, NoteVerifier, Problem } from '@cairn/core';
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
import { readBatch } from './verify-batch.js';
import { checkRunIndex } from './verify-runs.js';

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
};

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
  range: CompactRange;
  checked: number;
  latestSignedSize: number;
  /** Checkpoints that failed their own checks (few: bounded by the problems found). */
  bad: Set<number>;
};

/**
 * Verifies the whole ledger in constant memory and reports every problem found.
 *
 * @example
 * const report = await verifyLedger(store.db, { origin, against: auditorsCopy, verifiers: publishedKeys });
 * if (!report.ok) for (const p of report.problems) console.error(p.message);
 */
export async function verifyLedger(
  db: LedgerDb,
  options: VerifyOptions & { origin?: string; signer?: NoteSigner },
): Promise<VerifyReport> {
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
    range: createCompactRange(),
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

async function streamAndRebuild(ctx: Context, size: number, options: VerifyOptions): Promise<void> {
  const batchSize = options.batchSize ?? 1000;
  let cursor = 0;
  let expected = 0;
  while (cursor < size) {
    const hi = Math.min(size, cursor + batchSize);
    const batch = await readBatch(ctx.db, {
      lo: cursor,
      hi,
      treeSize: ctx.range.size,
      content: options.content === true,
    });
    for (const item of batch.rows) {
      if (item.idx !== expected) {
        const message = `entry ${expected}: missing (entries ${expected}..${item.idx - 1} are absent; the index has a gap)`;
        ctx.problems.add(problem(`entry ${expected}`, 'gap', message));
      }
      expected = item.idx + 1;
      if (item.problems.length > 0) ctx.problems.add(...item.problems);
      for (const node of ctx.range.append(item.leaf)) {
        if (node.level > 0) ctx.problems.add(...batch.compareNode(node));
      }
      // Checked once per entry: only an await when a checkpoint may be due, not a promise per entry.
      if (ctx.checkpoints.mayBeDue(ctx.range.size) || ctx.external?.size === ctx.range.size)
        await checkpointsAt(ctx);
    }
    cursor = Math.min(size, cursor + batchSize);
    options.onProgress?.(Math.min(cursor, size), size);
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
  ctx.problems.add(...(await checkRunIndex(ctx.db)));
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
