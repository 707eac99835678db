// The query columns of an entry, derived from the entry alone. Append stores them; verify derives them again from
// the stored bytes and compares, so a column edited in the database is caught like a changed byte.
import type { Entry } from '@cairn/core';

/** The derived columns of one `entries` row (everything but idx, bytes and leaf_hash). */
export type EntryColumns = {
  readonly id: string;
  readonly kind: string;
  readonly orchestrator: string | null;
  readonly run_id: string | null;
  readonly workflow_id: string | null;
  readonly task_run_id: string | null;
  readonly decision_type: string | null;
  readonly status: string | null;
  readonly subject_ref: string | null;
  readonly occurred_at: string;
  readonly recorded_at: string;
  readonly producer_id: string;
  readonly producer_seq: number;
};

/** Names of the derived columns, in table order. */
export const COLUMN_NAMES = [
  'id',
  'kind',
  'orchestrator',
  'run_id',
  'workflow_id',
  'task_run_id',
  'decision_type',
  'status',
  'subject_ref',
  'occurred_at',
  'recorded_at',
  'producer_id',
  'producer_seq',
] as const satisfies readonly (keyof EntryColumns)[];

/** One `run_ids` row of an entry: a run id other than `run.id`, named by the field it came from. */
export type RunIdRow = { readonly name: string; readonly value: string };

/**
 * The query columns of an entry.
 *
 * @example entryColumns(entry).run_id === entry.run?.id
 */
export function entryColumns(entry: Entry): EntryColumns {
  const run = entry.run;
  return {
    id: entry.id,
    kind: entry.kind,
    orchestrator: run?.orchestrator ?? null,
    run_id: run?.id ?? null,
    workflow_id: run?.workflow?.id ?? null,
    task_run_id: run?.task?.runId ?? null,
    decision_type: entry.kind === 'decision' ? entry.decision.type : null,
    status: entry.kind === 'run_event' ? entry.runEvent.status : null,
    subject_ref: entry.subject?.ref ?? (entry.kind === 'erasure' ? entry.erasure.subjectRef : null),
    occurred_at: entry.occurredAt,
    recorded_at: entry.recordedAt,
    producer_id: entry.producer.id,
    producer_seq: entry.producer.seq,
  };
}

/**
 * Every run id of an entry except `run.id`: the task run id, each `run.ids` value, the parent and root run ids.
 * "Find a run by any of its ids" searches these and `entries.run_id`.
 *
 * @example runIdRows(entry) // [{ name: 'run.task.runId', value: 'tr_1' }, { name: 'run.ids.openlineage.runId', value: '…' }]
 */
export function runIdRows(entry: Entry): RunIdRow[] {
  const run = entry.run;
  if (run === undefined) return [];
  const rows: RunIdRow[] = [];
  if (run.task?.runId !== undefined) rows.push({ name: 'run.task.runId', value: run.task.runId });
  if (run.parentRunId !== undefined) rows.push({ name: 'run.parentRunId', value: run.parentRunId });
  if (run.rootRunId !== undefined) rows.push({ name: 'run.rootRunId', value: run.rootRunId });
  for (const [key, value] of Object.entries(run.ids ?? {})) rows.push({ name: `run.ids.${key}`, value });
  return rows;
}

/**
 * The distinct entry ids an entry refers to (`refs[].id`).
 *
 * @example refIds(oversight) // ['dec_1']
 */
export function refIds(entry: Entry): string[] {
  return [...new Set((entry.refs ?? []).map((ref) => ref.id))];
}
