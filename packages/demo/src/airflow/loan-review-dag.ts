// The `loan_review` DAG of examples/airflow-loan-review: a daily run loads the day's applications, then underwrites
// them with the loan-underwriting agent. This file holds the DAG as the provider describes it, the timing of one
// run, and the run link Cairn's Python client gives the decisions made in a task (clients/python/cairn_client.py
// `_airflow_run`), which is what joins the decisions to the OpenLineage events of the same run.
import type { RunLink } from '@cairn/core';
import { DAY, pythonIso, SECOND } from '../clock.js';
import type { Micros } from '../clock.js';
import type { DagRunStory, TaskTry } from './dag-run.js';
import type { AirflowDagSpec, AirflowTaskSpec } from './facets.js';

/** The Airflow deployment the demo's DAG runs in (namespace from examples/airflow-loan-review/openlineage.env). */
export const AIRFLOW_DEPLOYMENT = Object.freeze({
  namespace: 'prod-airflow-eu',
  uiUrl: 'http://localhost:8080',
});

const DECORATED = {
  operatorClass: '_PythonDecoratedOperator',
  operatorClassPath: 'airflow.providers.standard.decorators.python._PythonDecoratedOperator',
};

const LOAD: AirflowTaskSpec = {
  ...DECORATED,
  taskId: 'load_applications',
  retries: 2,
  upstream: [],
  downstream: ['underwrite_all'],
  sourceCode:
    'def load_applications():\n    with applications_db() as db:\n' +
    '        return db.pending_applications(since=get_current_context()["data_interval_start"])\n',
};

const UNDERWRITE: AirflowTaskSpec = {
  ...DECORATED,
  taskId: 'underwrite_all',
  retries: 0,
  upstream: ['load_applications'],
  downstream: [],
  sourceCode:
    'def underwrite_all(applications):\n' +
    '    return [{"application_id": a["application_id"], "decision": underwrite(a)[0]} for a in applications]\n',
};

/**
 * The DAG, with a start date well before the demo's history.
 *
 * @example loanReviewDag(day).tasks.map((t) => t.taskId) // ['load_applications', 'underwrite_all']
 */
export function loanReviewDag(day: Micros): AirflowDagSpec {
  return {
    dagId: 'loan_review',
    fileloc: '/opt/airflow/dags/loan_review.py',
    owner: 'credit-risk',
    tags: ['ai', 'credit'],
    startDate: day - 120 * DAY,
    timetableSummary: '@daily',
    tasks: [LOAD, UNDERWRITE],
  };
}

/** The load task's first try failing on the database, as the live story has it. */
export const LOAD_FAILURE = Object.freeze({
  message: 'connection to server at "applications-db" (10.0.4.12), port 5432 failed: timeout expired',
  stackTrace:
    'Traceback (most recent call last):\n' +
    '  File "/opt/airflow/dags/loan_review.py", line 18, in load_applications\n' +
    '    with applications_db() as db:\n' +
    '  File "/opt/airflow/dags/lending/db.py", line 41, in applications_db\n' +
    '    connection = psycopg2.connect(dsn, connect_timeout=30)\n' +
    'psycopg2.OperationalError: connection to server at "applications-db" (10.0.4.12), port 5432 failed: ' +
    'timeout expired\n',
});

/** How a scheduled run of the DAG unfolds: when each try starts and ends, in microseconds after the logical date. */
export type LoanReviewTiming = {
  /** The load task fails its first try and succeeds on the second, after the 5-minute retry delay. */
  readonly loadRetried: boolean;
  /** How long the underwriting task takes. */
  readonly underwriteSeconds: number;
  /** Sub-second noise, so the times look measured (and durations are never whole seconds). */
  readonly jitter: () => number;
};

function tryOf(
  task: AirflowTaskSpec,
  tryNumber: number,
  start: Micros,
  seconds: number,
  jitter: () => number,
): TaskTry {
  const at = start + Math.floor(jitter() * SECOND);
  return { task, tryNumber, queued: at - 1_700_000, start: at, end: at + Math.floor(seconds * SECOND) + 137 };
}

/**
 * One scheduled run of `loan_review` at `logicalDate` (Airflow 3: `scheduled__<logical date>`), with its task tries.
 *
 * @example const story = loanReviewRun(day, day, { loadRetried: true, underwriteSeconds: 14, jitter });
 */
export function loanReviewRun(day: Micros, logicalDate: Micros, timing: LoanReviewTiming): DagRunStory {
  const { jitter } = timing;
  const dag = loanReviewDag(day);
  const start = logicalDate + SECOND + Math.floor(jitter() * SECOND);
  const tries: TaskTry[] = [];
  let next = start + 2 * SECOND;
  if (timing.loadRetried) {
    const failed = tryOf(LOAD, 1, next, 30.3, jitter);
    tries.push({ ...failed, failure: LOAD_FAILURE });
    next = failed.end + 300 * SECOND;
  }
  const load = tryOf(LOAD, timing.loadRetried ? 2 : 1, next, 1.7, jitter);
  const underwrite = tryOf(UNDERWRITE, 1, load.end + 2 * SECOND, timing.underwriteSeconds, jitter);
  tries.push(load, underwrite);
  const runId = `scheduled__${pythonIso(logicalDate)}`;
  const run = {
    runId,
    runType: 'scheduled' as const,
    logicalDate,
    startDate: start,
    endDate: underwrite.end + 884_123,
  };
  return { deployment: AIRFLOW_DEPLOYMENT, dag, run, tries };
}

/**
 * The run link `cairn_client` builds inside a task try (`_airflow_run`): the DAG run id, DAG id, task id, try
 * number, the Airflow 3 task instance id, and the task page under `CAIRN_AIRFLOW_URL`.
 *
 * @example const run = taskRunLink(story, story.tries.at(-1)!, taskInstanceId);
 */
export function taskRunLink(story: DagRunStory, t: TaskTry, taskInstanceId: string): RunLink {
  const { dag, run, deployment } = story;
  const page = `${deployment.uiUrl}/dags/${encodeURIComponent(dag.dagId)}/runs/${encodeURIComponent(run.runId)}`;
  return {
    orchestrator: 'airflow',
    id: run.runId,
    workflow: { id: dag.dagId },
    task: { id: t.task.taskId },
    attempt: t.tryNumber,
    url: `${page}/tasks/${encodeURIComponent(t.task.taskId)}`,
    ids: { 'airflow.taskInstanceId': taskInstanceId },
  };
}
