// DagsterRunStatus (dagster `_core/storage/dagster_run.py`; reference §4.1), classified for Cairn. The status name
// itself is kept in `runEvent.state`. Dagster+ alert templates send `SUCCESS` and `FAILURE` from the same enum.
import { joinUrl } from '@cairn/openlineage';
import type { RunEventStatus } from '@cairn/openlineage';

const STATUS: Readonly<Record<string, RunEventStatus>> = {
  QUEUED: 'queued',
  NOT_STARTED: 'queued',
  STARTING: 'started',
  STARTED: 'started',
  SUCCESS: 'succeeded',
  FAILURE: 'failed',
  CANCELING: 'cancelled',
  CANCELED: 'cancelled',
  // A run whose execution Dagster does not manage (an external run): no lifecycle to classify.
  MANAGED: 'other',
};

/**
 * Cairn's status for a DagsterRunStatus value (`FAILURE` → `failed`, …); unknown values are `other`. Case does not
 * matter (`DagsterRunStatus.SUCCESS.value` is upper case, templates sometimes lower it).
 *
 * @example classifyDagsterStatus('CANCELING') === 'cancelled'
 */
export function classifyDagsterStatus(status: string): RunEventStatus {
  const key = status.trim().toUpperCase();
  return Object.hasOwn(STATUS, key) ? STATUS[key]! : 'other';
}

/**
 * The Dagster UI page of a run, `{base}/runs/{run_id}`, the link Dagster's own Slack and email sensors build
 * (dagster-slack `sensors.py`); on Dagster+ the base is `https://<org>.dagster.cloud/<deployment>`.
 *
 * @example dagsterRunUrl('https://dagster.example', 'f3a1…') === 'https://dagster.example/runs/f3a1…'
 */
export function dagsterRunUrl(baseUrl: string, runId: string): string {
  return joinUrl(baseUrl, `runs/${encodeURIComponent(runId)}`);
}
