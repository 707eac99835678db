// The OpenLineage events of one Airflow DAG run, in the order and form the provider emits them (reference
// airflow-dagster-openlineage §2.2): the scheduler sends the DAG run's START and COMPLETE / FAIL, the workers each
// task try's START and COMPLETE / FAIL. Every try is an OpenLineage run of its own, whose id the provider derives
// from the logical date (static-uuid.ts).
import { pythonIso } from '../clock.js';
import type { Micros } from '../clock.js';
import {
  airflowJobFacet,
  airflowRunFacet,
  airflowStateFacet,
  dagInfo,
  dagRunInfo,
  errorMessageFacet,
  jobFacets,
  nominalTime,
  parentFacet,
  processingEngine,
  PRODUCER,
  RUN_EVENT_SCHEMA,
  sourceCodeFacet,
  taskInfo,
} from './facets.js';
import type { AirflowDagRun, AirflowDagSpec, AirflowTaskSpec, Json } from './facets.js';
import { airflowRunIds } from './static-uuid.js';

/** Where the DAG runs: the provider's namespace and the Airflow UI (for `log_url`). */
export type AirflowDeployment = { readonly namespace: string; readonly uiUrl: string };

/** One try of one task instance. */
export type TaskTry = {
  readonly task: AirflowTaskSpec;
  readonly tryNumber: number;
  readonly queued: Micros;
  readonly start: Micros;
  readonly end: Micros;
  /** A failed try: the exception's `str()` and its formatted traceback. */
  readonly failure?: { readonly message: string; readonly stackTrace: string } | undefined;
};

/** A DAG run with its task tries, in the order they ran; the run's `endDate` is its COMPLETE. */
export type DagRunStory = {
  readonly deployment: AirflowDeployment;
  readonly dag: AirflowDagSpec;
  readonly run: AirflowDagRun & { readonly endDate: Micros };
  readonly tries: readonly TaskTry[];
};

/** One event to send: who sends it (scheduler or worker), when, and the RunEvent. */
export type LineageEvent = {
  readonly at: Micros;
  readonly sender: 'scheduler' | 'worker';
  readonly label: string;
  readonly event: Json;
};

/**
 * Airflow 3's task instance page, as `RuntimeTaskInstance.log_url` builds it:
 * `{base}/dags/{dag_id}/runs/{quote(run_id)}/tasks/{task_id}?try_number={n}`.
 *
 * @example taskLogUrl('http://localhost:8080', 'loan_review', 'scheduled__2026-11-23T00:00:00+00:00', 'underwrite_all', 1)
 */
export function taskLogUrl(
  base: string,
  dagId: string,
  runId: string,
  taskId: string,
  tryNumber: number,
): string {
  return `${base}/dags/${dagId}/runs/${encodeURIComponent(runId)}/tasks/${taskId}?try_number=${tryNumber}`;
}

function event(type: string, at: Micros, job: Json, run: Json): Json {
  return {
    eventTime: pythonIso(at),
    eventType: type,
    inputs: [],
    job,
    outputs: [],
    producer: PRODUCER,
    run,
    schemaURL: RUN_EVENT_SCHEMA,
  };
}

function dagEvent(story: DagRunStory, type: 'START' | 'COMPLETE', at: Micros): Json {
  const { dag, run, deployment } = story;
  const ended = type === 'COMPLETE';
  const facets: Json = {
    airflowDagRun: airflowRunFacet({
      dag: dagInfo(dag),
      dagRun: dagRunInfo(dag, ended ? run : { ...run, endDate: undefined }),
    }),
    ...(ended ? { airflowState: airflowStateFacet('success', finalStates(story)) } : {}),
    nominalTime: nominalTime(run),
    processing_engine: processingEngine(),
  };
  const job = {
    facets: ended ? jobFacets(dag, 'DAG') : { airflow: airflowJobFacet(dag), ...jobFacets(dag, 'DAG') },
    name: dag.dagId,
    namespace: deployment.namespace,
  };
  const runId = airflowRunIds(deployment.namespace, dag.dagId, run.logicalDate).dagRun();
  return event(type, at, job, { facets, runId });
}

function finalStates(story: DagRunStory): Record<string, { state: string; seconds: number }> {
  const last = new Map(story.tries.map((t) => [t.task.taskId, t]));
  return Object.fromEntries(
    [...last].map(([taskId, t]) => [
      taskId,
      { state: t.failure ? 'failed' : 'success', seconds: (t.end - t.start) / 1e6 },
    ]),
  );
}

function taskEvent(story: DagRunStory, t: TaskTry, type: 'START' | 'COMPLETE' | 'FAIL'): Json {
  const { dag, run, deployment } = story;
  const ids = airflowRunIds(deployment.namespace, dag.dagId, run.logicalDate);
  const taskRunId = ids.task(t.task.taskId, t.tryNumber);
  const done = type !== 'START';
  const taskInstance: Json = {
    ...(done ? { duration: (t.end - t.start) / 1e6 } : {}),
    log_url: taskLogUrl(deployment.uiUrl, dag.dagId, run.runId, t.task.taskId, t.tryNumber),
    pool: 'default_pool',
    queued_dttm: pythonIso(t.queued),
    try_number: t.tryNumber,
  };
  const facets: Json = {
    airflow: airflowRunFacet({
      dag: dagInfo(dag),
      dagRun: dagRunInfo(dag, { ...run, endDate: undefined }),
      task: taskInfo(dag, t.task),
      taskInstance,
      taskUuid: taskRunId,
    }),
    ...(type === 'FAIL' && t.failure
      ? { errorMessage: errorMessageFacet(t.failure.message, t.failure.stackTrace) }
      : {}),
    nominalTime: nominalTime(run),
    parent: parentFacet(deployment.namespace, dag.dagId, ids.dagRun()),
    processing_engine: processingEngine(),
  };
  const job = {
    facets: { ...jobFacets(dag, 'TASK'), sourceCode: sourceCodeFacet(t.task) },
    name: `${dag.dagId}.${t.task.taskId}`,
    namespace: deployment.namespace,
  };
  return event(type, done ? t.end : t.start, job, { facets, runId: taskRunId });
}

/**
 * Every OpenLineage event of the run, in time order.
 *
 * @example for (const { event, sender } of dagRunEvents(story)) await post('/api/v1/lineage', event, sender === 'worker');
 */
export function dagRunEvents(story: DagRunStory): LineageEvent[] {
  const { run, dag } = story;
  const events: LineageEvent[] = [
    {
      at: run.startDate,
      sender: 'scheduler',
      label: `${dag.dagId} ${run.runId} DAG START`,
      event: dagEvent(story, 'START', run.startDate),
    },
    {
      at: run.endDate,
      sender: 'scheduler',
      label: `${dag.dagId} ${run.runId} DAG COMPLETE`,
      event: dagEvent(story, 'COMPLETE', run.endDate),
    },
  ];
  for (const t of story.tries) {
    const name = `${dag.dagId} ${run.runId} ${t.task.taskId} try ${t.tryNumber}`;
    events.push({
      at: t.start,
      sender: 'worker',
      label: `${name} START`,
      event: taskEvent(story, t, 'START'),
    });
    const end = t.failure ? 'FAIL' : 'COMPLETE';
    events.push({ at: t.end, sender: 'worker', label: `${name} ${end}`, event: taskEvent(story, t, end) });
  }
  return events.sort((a, b) => a.at - b.at);
}
