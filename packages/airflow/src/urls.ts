// Links into the Airflow UI (reference §3.4). Airflow 3's React UI routes runs and task instances by path
// (airflow-core/src/airflow/ui/src/router.tsx); Airflow 2's grid view takes them as query parameters.
import { joinUrl } from '@cairn/openlineage';

/** The Airflow major versions whose UI link forms Cairn knows. */
export type AirflowVersion = 2 | 3;

/** What identifies a DAG run or a task instance in the UI. */
export type AirflowUiTarget = {
  readonly baseUrl: string;
  readonly version: AirflowVersion;
  readonly dagId: string;
  readonly runId: string;
  readonly taskId?: string | undefined;
  /** -1 or absent for an unmapped task. */
  readonly mapIndex?: number | undefined;
};

/**
 * The deep link to a DAG run or task instance. Path segments are percent-encoded: run ids hold `:` and `+`.
 *
 * @example
 * airflowUiUrl({ baseUrl: 'https://airflow.example', version: 3, dagId: 'd', runId: 'manual__2026-08-20T10:00:00+00:00', taskId: 't' })
 * // 'https://airflow.example/dags/d/runs/manual__2026-08-20T10%3A00%3A00%2B00%3A00/tasks/t'
 */
export function airflowUiUrl(target: AirflowUiTarget): string {
  const { baseUrl, dagId, runId, taskId, mapIndex } = target;
  const mapped = mapIndex !== undefined && mapIndex >= 0;
  if (target.version === 2) {
    const query = new URLSearchParams({ dag_run_id: runId });
    if (taskId !== undefined) query.set('task_id', taskId);
    if (taskId !== undefined && mapped) query.set('map_index', String(mapIndex));
    return `${joinUrl(baseUrl, `dags/${encodeURIComponent(dagId)}/grid`)}?${query.toString()}`;
  }
  let path = `dags/${encodeURIComponent(dagId)}/runs/${encodeURIComponent(runId)}`;
  if (taskId !== undefined)
    path += `/tasks/${encodeURIComponent(taskId)}${mapped ? `/mapped/${mapIndex}` : ''}`;
  return joinUrl(baseUrl, path);
}

/**
 * The major version in an Airflow version string (`3.3.0`, `2.10.4+astro.1`), when it is one Cairn knows.
 *
 * @example airflowMajor('2.10.4') === 2
 */
export function airflowMajor(version: string | undefined): AirflowVersion | undefined {
  const major = version === undefined ? undefined : /^\s*v?(\d+)\./.exec(version)?.[1];
  return major === '2' || major === '3' ? (Number(major) as AirflowVersion) : undefined;
}
