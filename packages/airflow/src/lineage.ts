// Airflow's facets in OpenLineage events from apache-airflow-providers-openlineage (reference §1.2, §2.3): task
// events carry `run.facets.airflow` (dag, dagRun, task, taskInstance), DAG events `run.facets.airflowDagRun`.
// The OpenLineage runId is a UUIDv7 derived by the provider, not Airflow's run_id, so the run link is keyed by
// the Airflow ids in those facets and the OpenLineage ids stay in `run.ids`.
import { fail, ok } from '@cairn/core';
import type { Problem, Result, RunLink } from '@cairn/core';
import {
  fieldPath,
  httpUrl,
  optionalString,
  readInteger,
  readRecord,
  readString,
  runFacet,
} from '@cairn/openlineage';
import type { JsonRecord, LineageFacetMapper, OpenLineageRunEvent } from '@cairn/openlineage';
import { airflowMajor, airflowUiUrl } from './urls.js';
import type { AirflowVersion } from './urls.js';

/** Where the Airflow UI lives, for `run.url`. */
export type AirflowLinkOptions = {
  /** The webserver / API server base URL, e.g. `https://airflow.example.com`. */
  readonly baseUrl?: string;
  /** The UI's link form; by default read from the event (`processing_engine`), else 3. */
  readonly version?: AirflowVersion;
};

/** The Airflow ids an event carries. */
type AirflowIds = {
  readonly dagId: string;
  readonly runId: string;
  readonly taskId?: string | undefined;
  readonly tryNumber?: number | undefined;
  readonly mapIndex?: number | undefined;
  readonly logUrl?: string | undefined;
};

function readTaskIds(facet: JsonRecord, path: string, problems: Problem[]) {
  const task = readRecord(facet, 'task', path, problems, { required: true });
  const taskId = readString(task, 'task_id', fieldPath(path, 'task'), problems, { required: true });
  const taskInstance = readRecord(facet, 'taskInstance', path, problems);
  const tiPath = fieldPath(path, 'taskInstance');
  // taskInstance.try_number is 1-based since Airflow 2.10; map_index is omitted for unmapped tasks (-1).
  const tryNumber = readInteger(taskInstance, 'try_number', tiPath, problems, { min: 0, fromText: true });
  const mapIndex = readInteger(taskInstance, 'map_index', tiPath, problems, { min: -1, fromText: true });
  return { taskId, tryNumber, mapIndex, logUrl: optionalString(taskInstance, 'log_url') };
}

function readAirflowIds(event: OpenLineageRunEvent): Result<AirflowIds> | undefined {
  const isTask = runFacet(event, 'airflow') !== undefined;
  const name = isTask ? 'airflow' : 'airflowDagRun';
  const facet = runFacet(event, name);
  if (facet === undefined) return undefined;
  const problems: Problem[] = [];
  const path = `run.facets.${name}`;
  const dagRun = readRecord(facet, 'dagRun', path, problems, { required: true });
  const dagId = readString(dagRun, 'dag_id', fieldPath(path, 'dagRun'), problems, { required: true });
  const runId = readString(dagRun, 'run_id', fieldPath(path, 'dagRun'), problems, { required: true });
  const task = isTask ? readTaskIds(facet, path, problems) : {};
  if (problems.length > 0 || dagId === undefined || runId === undefined) return fail(problems);
  return ok({ dagId, runId, ...task });
}

/** Airflow 2 events carry `dagRun.execution_date`, Airflow 3 `logical_date`; the engine facet names the version. */
function versionOf(event: OpenLineageRunEvent, configured: AirflowVersion | undefined): AirflowVersion {
  if (configured !== undefined) return configured;
  const engine = runFacet(event, 'processing_engine');
  const fromEngine =
    optionalString(engine, 'name')?.toLowerCase() === 'airflow'
      ? optionalString(engine, 'version')
      : undefined;
  return airflowMajor(fromEngine) ?? 3;
}

function linkOf(ids: AirflowIds, base: RunLink, url: string | undefined): RunLink {
  const runIds: Record<string, string> = { ...base.ids };
  if (ids.mapIndex !== undefined && ids.mapIndex >= 0) runIds['airflow.mapIndex'] = String(ids.mapIndex);
  return {
    orchestrator: 'airflow',
    id: ids.runId,
    workflow: { id: ids.dagId },
    task: ids.taskId === undefined ? undefined : { id: ids.taskId },
    attempt: ids.tryNumber !== undefined && ids.tryNumber >= 1 ? ids.tryNumber : undefined,
    namespace: base.namespace,
    url,
    ids: runIds,
  };
}

/**
 * The facet mapper for Airflow's OpenLineage events: the run link gets the DAG id, Airflow run id, task id and
 * try number from the `airflow` / `airflowDagRun` facets, and `run.url` points at the DAG run or task instance in
 * the configured UI (else at `taskInstance.log_url` when the event carries one).
 *
 * @example
 * lineageRoutes({ writer, facetMappers: [airflowLineage({ baseUrl: 'https://airflow.example.com' })] });
 */
export function airflowLineage(options: AirflowLinkOptions = {}): LineageFacetMapper {
  return Object.freeze({
    name: 'airflow',
    mapRun(event: OpenLineageRunEvent, base: RunLink): Result<RunLink> | undefined {
      const read = readAirflowIds(event);
      if (read === undefined || !read.ok) return read;
      const ids = read.value;
      const url =
        options.baseUrl === undefined
          ? httpUrl(ids.logUrl)
          : airflowUiUrl({ ...ids, baseUrl: options.baseUrl, version: versionOf(event, options.version) });
      return ok(linkOf(ids, base, url));
    },
  });
}
