// What the server must store for each shared fixture, derived here from the fixture's own fields (the references
// in /work/shared/reference, not the receivers' code), so the round-trip test compares field by field.
import type { Loose } from './server.js';

/** The run-link fields a fixture determines, and the ids that must find its run. */
export type Expected = {
  readonly entryId: string;
  readonly status: string;
  readonly state: string;
  readonly occurredAt: string;
  readonly errorMessage?: string;
  readonly run: Loose;
  /** Ids by which `GET /v1/runs?id=` must find the run: orchestrator run id, OpenLineage runId, task-run id… */
  readonly findBy: readonly string[];
  /** Where `run.url` must point when the UI base is configured. */
  readonly urlPrefix: string;
};

/** UI bases the round-trip test configures (CAIRN_AIRFLOW_URL, CAIRN_PREFECT_UI_URL). */
export const AIRFLOW_UI = 'http://airflow.test:8080';
export const PREFECT_UI = 'http://prefect.test:4200';

// spec/OpenLineage.json RunEvent.eventType → Cairn status (docs/architecture.md RunEventEntry.status).
const LINEAGE_STATUS: Record<string, string> = {
  START: 'started',
  RUNNING: 'started',
  COMPLETE: 'succeeded',
  FAIL: 'failed',
  ABORT: 'cancelled',
  OTHER: 'other',
};

// The fixtures' times are all `+00:00`: UTC with every fraction digit kept, as the entry id carries it.
function utcPrecise(time: string): string {
  if (!time.endsWith('+00:00')) throw new Error(`fixture time ${time} is not +00:00: extend utcPrecise`);
  return `${time.slice(0, -'+00:00'.length)}Z`;
}

/**
 * Airflow's OpenLineage events (reference airflow-dagster-openlineage.md §1.2, §2.3): the run is the DAG run
 * (`dagRun.run_id`), the job the DAG, the task the task instance; the OpenLineage runIds stay in `run.ids`.
 *
 * @example const expected = expectedLineage(fixtureJson('openlineage', 'airflow3-task-start.json'));
 */
export function expectedLineage(event: Loose): Expected {
  const facets = event.run.facets;
  const airflow = facets.airflow ?? facets.airflowDagRun;
  const dagRun = airflow.dagRun;
  const parent = facets.parent;
  const ids: Record<string, string> = { 'openlineage.runId': event.run.runId };
  if (parent !== undefined) {
    ids['openlineage.parentRunId'] = parent.run.runId;
    ids['openlineage.rootRunId'] = parent.root.run.runId;
  }
  const tryNumber = facets.airflow?.taskInstance?.try_number;
  const run: Loose = {
    orchestrator: 'airflow',
    id: dagRun.run_id,
    namespace: event.job.namespace,
    workflow: { id: dagRun.dag_id },
    ids,
  };
  if (facets.airflow !== undefined) run.task = { id: facets.airflow.task.task_id };
  if (typeof tryNumber === 'number' && tryNumber >= 1) run.attempt = tryNumber;
  const message = facets.errorMessage?.message;
  return {
    entryId: `openlineage:${event.run.runId}:${event.eventType}:${utcPrecise(event.eventTime)}`,
    status: LINEAGE_STATUS[event.eventType]!,
    state: event.eventType,
    occurredAt: new Date(event.eventTime).toISOString(),
    ...(message === undefined ? {} : { errorMessage: message }),
    run,
    findBy: [dagRun.run_id, event.run.runId, ...(parent === undefined ? [] : [parent.run.runId])],
    urlPrefix: `${AIRFLOW_UI}/dags/${dagRun.dag_id}/runs/`,
  };
}

// Prefect's StateType (reference prefect.md §1.1) → Cairn status, for the state types the fixtures carry.
const PREFECT_STATUS: Record<string, string> = {
  SCHEDULED: 'queued',
  PENDING: 'queued',
  RUNNING: 'started',
  COMPLETED: 'succeeded',
  FAILED: 'failed',
  CRASHED: 'failed',
  CANCELLED: 'cancelled',
};

function resource(id: string): { kind: string; id: string } {
  const match = /^prefect\.([a-z-]+)\.(.+)$/.exec(id)!;
  return { kind: match[1]!, id: match[2]! };
}

function related(event: Loose, role: string): Loose[] {
  return (event.related ?? []).filter((r: Loose) => r['prefect.resource.role'] === role);
}

/**
 * Prefect events (reference prefect.md §1): the run is the flow run (the primary resource, a related `flow-run`,
 * or the docs' `payload.task_run.flow_run_id`), the workflow the related flow, the task the task run.
 *
 * @example const expected = expectedPrefect(fixtureJson('prefect', 'flow-run-running.event.json'));
 */
export function expectedPrefect(event: Loose): Expected {
  const primary = resource(event.resource['prefect.resource.id']);
  const relatedFlowRun = related(event, 'flow-run')[0];
  const flowRunId =
    primary.kind === 'flow-run'
      ? primary.id
      : relatedFlowRun !== undefined
        ? resource(relatedFlowRun['prefect.resource.id']).id
        : event.payload?.task_run?.flow_run_id;
  const taskRunId = primary.kind === 'task-run' ? primary.id : undefined;
  const isRun = primary.kind === 'flow-run' || primary.kind === 'task-run';
  const flow = related(event, 'flow')[0];
  const run: Loose = { orchestrator: 'prefect', id: flowRunId };
  if (flow !== undefined)
    run.workflow = { id: resource(flow['prefect.resource.id']).id, name: flow['prefect.resource.name'] };
  if (taskRunId !== undefined)
    run.task = {
      id: event.payload.task_run.task_key,
      runId: taskRunId,
      name: event.resource['prefect.resource.name'],
    };
  const runCount = Number(event.resource['prefect.run-count']);
  if (isRun && runCount >= 1) run.attempt = runCount;
  const tags = related(event, 'tag').map((t: Loose) => resource(t['prefect.resource.id']).id);
  if (tags.length > 0) run.tags = tags;
  const ids: Record<string, string> = {};
  const deployment = related(event, 'deployment')[0];
  const pool = related(event, 'work-pool')[0];
  if (deployment !== undefined) ids['prefect.deploymentId'] = resource(deployment['prefect.resource.id']).id;
  if (pool !== undefined) ids['prefect.workPoolId'] = resource(pool['prefect.resource.id']).id;
  if (Object.keys(ids).length > 0) run.ids = ids;
  const stateType = isRun ? event.resource['prefect.state-type'] : undefined;
  return {
    entryId: `prefect:${event.id}`,
    status: stateType === undefined ? 'other' : PREFECT_STATUS[stateType]!,
    state: stateType === undefined ? event.event : event.resource['prefect.state-name'],
    occurredAt: new Date(event.occurred).toISOString(),
    run,
    findBy: [flowRunId, ...(taskRunId === undefined ? [] : [taskRunId])],
    urlPrefix: `${PREFECT_UI}/runs/${taskRunId === undefined ? 'flow-run' : 'task-run'}/`,
  };
}
