// The run index (`runs`) is derived and mutable, so verify recomputes it from the entries' columns (themselves
// checked against the bytes) and reports every run whose summary differs. The database does the comparison as a
// full outer join, so nothing is held in memory here but the differing rows (at most MAX_REPORTED).
import { problem } from '@cairn/core';
import type { Problem } from '@cairn/core';
import { sql } from 'kysely';
import type { LedgerDb } from './store.js';

const MAX_REPORTED = 1000;

/** A run whose `runs` row and summary of its entries differ. */
export type Difference = {
  orchestrator: string;
  run_id: string;
  in_entries: number;
  in_runs: number;
};

// The last status is the one of the run event with the greatest (occurred_at, idx), the rule append applies.
const DIFFERENCES = sql<Difference>`
  with derived as (
    select e.orchestrator, e.run_id,
      min(e.occurred_at) as first_at, max(e.occurred_at) as last_at, count(*) as entry_count,
      sum(case when e.kind = 'decision' then 1 else 0 end) as decision_count,
      max(case when e.status is not null then e.occurred_at end) as status_at,
      (select s.status from entries s
        where s.orchestrator = e.orchestrator and s.run_id = e.run_id and s.status is not null
        order by s.occurred_at desc, s.idx desc limit 1) as last_status
    from entries e
    where e.orchestrator is not null and e.run_id is not null
    group by e.orchestrator, e.run_id
  )
  select coalesce(d.orchestrator, r.orchestrator) as orchestrator, coalesce(d.run_id, r.run_id) as run_id,
    case when d.run_id is null then 0 else 1 end as in_entries,
    case when r.run_id is null then 0 else 1 end as in_runs
  from derived d full outer join runs r on r.orchestrator = d.orchestrator and r.run_id = d.run_id
  where d.run_id is null or r.run_id is null
    or d.first_at is distinct from r.first_at or d.last_at is distinct from r.last_at
    or d.entry_count is distinct from r.entry_count or d.decision_count is distinct from r.decision_count
    or d.status_at is distinct from r.status_at or d.last_status is distinct from r.last_status
  limit ${MAX_REPORTED}`;

/**
 * Compares the `runs` table with the summary recomputed from `entries`.
 *
 * @example const problems = await checkRunIndex(store.db);
 */
export async function checkRunIndex(db: LedgerDb): Promise<Problem[]> {
  const { rows } = await DIFFERENCES.execute(db);
  return runIndexProblems(rows);
}

/**
 * The run-index query as SQL text and parameters, for a connection that is not Kysely's (a verify worker runs it
 * on its own connection while the entries stream, since on a large file it waits mostly on reads).
 *
 * @example const { sql, parameters } = runIndexQuery(store.db);
 */
export function runIndexQuery(db: LedgerDb): { sql: string; parameters: readonly unknown[] } {
  const compiled = DIFFERENCES.compile(db);
  return { sql: compiled.sql, parameters: compiled.parameters };
}

/**
 * The problems of the rows the run-index query returned.
 *
 * @example const problems = runIndexProblems(database.prepare(sql).all(...parameters));
 */
export function runIndexProblems(rows: readonly Difference[]): Problem[] {
  return rows.map((row) => {
    const name = `run ${row.orchestrator}/${row.run_id.slice(0, 64)}`;
    if (Number(row.in_runs) === 0)
      return problem(name, 'run_missing', `${name}: has entries but no row in runs`);
    if (Number(row.in_entries) === 0)
      return problem(name, 'run_extra', `${name}: row in runs without any entry`);
    return problem(name, 'run_mismatch', `${name}: the runs row differs from the summary of its entries`);
  });
}
