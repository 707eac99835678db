// Airflow's TaskInstanceState and DagRunState values (airflow-core `utils/state.py`; Airflow 2 adds `shutdown`),
// classified for Cairn. The state name itself is kept in `runEvent.state`.
import type { RunEventStatus } from '@cairn/openlineage';

const STATUS: Readonly<Record<string, RunEventStatus>> = {
  scheduled: 'queued',
  queued: 'queued',
  running: 'started',
  success: 'succeeded',
  failed: 'failed',
  upstream_failed: 'failed',
  up_for_retry: 'retrying',
  // Cleared while running: Airflow runs the task again, as a new try.
  restarting: 'retrying',
  // Airflow 2: an operator asked the task to stop from outside.
  shutdown: 'cancelled',
  skipped: 'other',
  removed: 'other',
  deferred: 'other',
  up_for_reschedule: 'other',
};

/**
 * Cairn's status for an Airflow task-instance or DAG-run state (`up_for_retry` → `retrying`, …); unknown states
 * are `other`. Case does not matter: templates sometimes render the enum name (`SUCCESS`).
 *
 * @example classifyAirflowState('up_for_retry') === 'retrying'
 */
export function classifyAirflowState(state: string): RunEventStatus {
  const key = state.trim().toLowerCase();
  return Object.hasOwn(STATUS, key) ? STATUS[key]! : 'other';
}
