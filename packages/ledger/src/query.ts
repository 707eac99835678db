// The queries the server and the dashboard ask. Each is served by an index; lists are keyset-paged, so a page
// costs the same on the millionth entry as on the first.
import { CairnError, fromBase64, fromUtf8, toBase64, utf8 } from '@cairn/core';
import type { Expression, SqlBool } from 'kysely';
import { STORED_ENTRY_COLUMNS, toStoredEntry } from './read.js';
import type { StoredEntry } from './read.js';
import type { LedgerDb } from './store.js';
import type { RunsTable } from './schema.js';

/** One run: its entries counted, its time span and the status of its latest run event. */
export type RunSummary = {
  readonly orchestrator: string;
  readonly runId: string;
  readonly firstAt: string;
  readonly lastAt: string;
  readonly entryCount: number;
  readonly decisionCount: number;
  readonly lastStatus: string | null;
};

/** Filters and page of {@link LedgerQuery.listRuns}. `from` / `to` keep runs active within that time span. */
export type ListRunsOptions = {
  readonly orchestrator?: string;
  readonly status?: string;
  readonly decisionType?: string;
  readonly from?: string;
  readonly to?: string;
  readonly cursor?: string;
  readonly limit?: number;
};

/** A page of runs, most recently active first; pass `nextCursor` back for the next page. */
export type RunPage = { readonly runs: RunSummary[]; readonly nextCursor?: string };

/**
 * Read-only queries over a ledger.
 *
 * @example
 * const [run] = await ledger.query.findRuns({ anyId: 'openlineage-run-uuid' });
 * const entries = await ledger.query.runEntries(run.orchestrator, run.runId);
 */
export interface LedgerQuery {
  /** Runs having `anyId` as run id, task run id, parent or root run id, or any `run.ids` value. */
  findRuns(options: { readonly anyId: string; readonly limit?: number }): Promise<RunSummary[]>;
  listRuns(options?: ListRunsOptions): Promise<RunPage>;
  /** The entries of one run in time order (occurredAt, then index). */
  runEntries(
    orchestrator: string,
    runId: string,
    options?: { readonly limit?: number },
  ): Promise<StoredEntry[]>;
  /** The entries about one data subject, in index order. */
  subjectEntries(subjectRef: string, options?: { readonly limit?: number }): Promise<StoredEntry[]>;
  /** The entries that refer to entry `id` (oversight, contest, correction, anomaly), in index order. */
  entriesByRef(id: string, options?: { readonly limit?: number }): Promise<StoredEntry[]>;
}

const MAX_LIMIT = 10_000;

function clampLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new CairnError('invalid_argument', `limit: expected a positive integer, got ${String(limit)}`);
  }
  return Math.min(limit, MAX_LIMIT);
}

function toSummary(row: RunsTable): RunSummary {
  return {
    orchestrator: row.orchestrator,
    runId: row.run_id,
    firstAt: row.first_at,
    lastAt: row.last_at,
    entryCount: row.entry_count,
    decisionCount: row.decision_count,
    lastStatus: row.last_status,
  };
}

type RunKey = [lastAt: string, orchestrator: string, runId: string];

function encodeCursor(row: RunsTable): string {
  return toBase64(utf8(JSON.stringify([row.last_at, row.orchestrator, row.run_id])));
}

function decodeCursor(cursor: string): RunKey {
  const bytes = fromBase64(cursor);
  try {
    const key: unknown = bytes === undefined ? undefined : JSON.parse(fromUtf8(bytes));
    if (Array.isArray(key) && key.length === 3 && key.every((k) => typeof k === 'string'))
      return key as RunKey;
  } catch {
    // reported below
  }
  throw new CairnError('invalid_argument', 'cursor: expected a cursor returned by listRuns');
}

/**
 * The query API of a ledger database.
 *
 * @example const query = createQuery(store.db); await query.listRuns({ limit: 50 });
 */
export function createQuery(db: LedgerDb): LedgerQuery {
  return Object.freeze({
    findRuns: (options: { anyId: string; limit?: number }) => findRuns(db, options),
    listRuns: (options: ListRunsOptions = {}) => listRuns(db, options),
    runEntries: (orchestrator: string, runId: string, { limit }: { limit?: number } = {}) =>
      db
        .selectFrom('entries')
        .select(STORED_ENTRY_COLUMNS)
        .where('run_id', 'is not', null)
        .where('orchestrator', '=', orchestrator)
        .where('run_id', '=', runId)
        .orderBy('occurred_at')
        .orderBy('idx')
        .limit(clampLimit(limit, MAX_LIMIT))
        .execute()
        .then((rows) => rows.map(toStoredEntry)),
    subjectEntries: (subjectRef: string, { limit }: { limit?: number } = {}) =>
      db
        .selectFrom('entries')
        .select(STORED_ENTRY_COLUMNS)
        .where('subject_ref', 'is not', null)
        .where('subject_ref', '=', subjectRef)
        .orderBy('idx')
        .limit(clampLimit(limit, MAX_LIMIT))
        .execute()
        .then((rows) => rows.map(toStoredEntry)),
    entriesByRef: (id: string, { limit }: { limit?: number } = {}) =>
      db
        .selectFrom('entry_refs')
        .innerJoin('entries', 'entries.idx', 'entry_refs.idx')
        .select(['entries.idx', 'entries.bytes', 'entries.leaf_hash'])
        .where('entry_refs.ref_id', '=', id)
        .orderBy('entries.idx')
        .limit(clampLimit(limit, MAX_LIMIT))
        .execute()
        .then((rows) => rows.map(toStoredEntry)),
  });
}

async function findRuns(
  db: LedgerDb,
  { anyId, limit }: { anyId: string; limit?: number },
): Promise<RunSummary[]> {
  const max = clampLimit(limit, 100);
  const byOtherId = db
    .selectFrom('run_ids')
    .innerJoin('entries', 'entries.idx', 'run_ids.idx')
    .select(['entries.orchestrator', 'entries.run_id'])
    .where('run_ids.value', '=', anyId);
  const rows = await db
    .selectFrom('runs')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('run_id', '=', anyId),
        eb(eb.refTuple('orchestrator', 'run_id'), 'in', byOtherId as never) as Expression<SqlBool>,
      ]),
    )
    .orderBy('last_at', 'desc')
    .limit(max)
    .execute();
  return rows.map(toSummary);
}

async function listRuns(db: LedgerDb, options: ListRunsOptions): Promise<RunPage> {
  const limit = clampLimit(options.limit, 50);
  let query = db.selectFrom('runs').selectAll();
  if (options.orchestrator !== undefined) query = query.where('orchestrator', '=', options.orchestrator);
  if (options.status !== undefined) query = query.where('last_status', '=', options.status);
  if (options.from !== undefined) query = query.where('last_at', '>=', options.from);
  if (options.to !== undefined) query = query.where('first_at', '<=', options.to);
  if (options.decisionType !== undefined) {
    const type = options.decisionType;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('entries as e')
          .select('e.idx')
          .whereRef('e.orchestrator', '=', 'runs.orchestrator')
          .whereRef('e.run_id', '=', 'runs.run_id')
          .where('e.decision_type', '=', type),
      ),
    );
  }
  if (options.cursor !== undefined) {
    const [lastAt, orchestrator, runId] = decodeCursor(options.cursor);
    query = query.where((eb) =>
      eb(eb.refTuple('last_at', 'orchestrator', 'run_id'), '<', eb.tuple(lastAt, orchestrator, runId)),
    );
  }
  const rows = await query
    .orderBy('last_at', 'desc')
    .orderBy('orchestrator', 'desc')
    .orderBy('run_id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return rows.length > limit && last !== undefined
    ? { runs: page.map(toSummary), nextCursor: encodeCursor(last) }
    : { runs: page.map(toSummary) };
}
