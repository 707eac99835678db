import { lineageRoutes } from '@cairn/openlineage';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  fixtureBytes,
  fixtureFiles,
  fixtureHeaders,
  fixtureJson,
  post,
  postJson,
} from '../../openlineage/src/test-support/fixtures.js';
import { MemoryWriter } from '../../openlineage/src/test-support/memory-writer.js';
import { jsonMutations } from '../../openlineage/src/test-support/mutations.js';
import { airflowLineage } from './lineage.js';
import type { AirflowLinkOptions } from './lineage.js';
import type { Loose } from '../../openlineage/src/test-support/fixtures.js';

const PATH = '/api/v1/lineage';
const BASE = 'https://airflow.example.com';
let writer: MemoryWriter;

beforeEach(() => {
  writer = new MemoryWriter();
});

function appWith(options: AirflowLinkOptions = { baseUrl: BASE }) {
  return lineageRoutes({ writer, facetMappers: [airflowLineage(options)] });
}

async function storeEvent(event: unknown, options?: AirflowLinkOptions): Promise<Loose> {
  const answer = await postJson(appWith(options), PATH, event);
  expect(answer.status).toBe(200);
  return writer.get(answer.json.accepted[0].id);
}

/** The Airflow ids a fixture carries, read straight from its facets. */
function airflowOf(event: Loose) {
  const facet = event.run.facets.airflow ?? event.run.facets.airflowDagRun;
  return {
    facet,
    dagId: facet.dag.dag_id,
    runId: facet.dagRun.run_id,
    taskId: facet.task?.task_id,
    tryNumber: facet.taskInstance?.try_number,
  };
}

describe('Airflow OpenLineage events through POST /api/v1/lineage', () => {
  for (const name of fixtureFiles('openlineage')) {
    it(`links ${name} to the Airflow DAG run, task and try, with an Airflow 3 UI link`, async () => {
      const event = fixtureJson('openlineage', name);
      const answer = await post(appWith(), PATH, fixtureBytes('openlineage', name), fixtureHeaders(name));
      expect(answer.status).toBe(200);
      const entry: Loose = writer.get(answer.json.accepted[0].id);
      const { facet, dagId, runId, taskId, tryNumber } = airflowOf(event);
      expect(facet.dagRun.dag_id).toBe(dagId);
      const runPath = `${BASE}/dags/${dagId}/runs/${encodeURIComponent(runId)}`;
      const ids: Record<string, string> = { 'openlineage.runId': event.run.runId };
      if (event.run.facets.parent !== undefined) {
        ids['openlineage.parentRunId'] = event.run.facets.parent.run.runId;
        ids['openlineage.rootRunId'] = event.run.facets.parent.root.run.runId;
      }
      expect(entry.run).toEqual({
        orchestrator: 'airflow',
        id: runId,
        workflow: { id: dagId },
        ...(taskId === undefined ? {} : { task: { id: taskId }, attempt: tryNumber }),
        namespace: event.job.namespace,
        url: taskId === undefined ? runPath : `${runPath}/tasks/${taskId}`,
        ids,
      });
      expect(entry.runEvent.state).toBe(event.eventType);
    });
  }

  it('records the failed task with its error', async () => {
    const event = fixtureJson('openlineage', 'airflow-task-fail.json');
    const entry = await storeEvent(event);
    expect(entry.runEvent).toMatchObject({
      status: 'failed',
      state: 'FAIL',
      error: { type: 'ValueError', message: event.run.facets.errorMessage.message },
    });
  });

  it('uses the Airflow 2 grid link when the event comes from Airflow 2', async () => {
    const event = fixtureJson('openlineage', 'airflow3-task-start.json');
    event.run.facets.processing_engine.version = '2.10.4';
    const { dagId, runId, taskId } = airflowOf(event);
    const url = new URL((await storeEvent(event)).run.url);
    expect(url.pathname).toBe(`/dags/${dagId}/grid`);
    expect(Object.fromEntries(url.searchParams)).toEqual({ dag_run_id: runId, task_id: taskId });
  });

  it('lets the configured version override the event', async () => {
    const event = fixtureJson('openlineage', 'airflow3-task-start.json');
    expect((await storeEvent(event, { baseUrl: BASE, version: 2 })).run.url).toContain('/grid?');
  });

  it('links a mapped task instance and keeps its map index', async () => {
    const event = fixtureJson('openlineage', 'airflow3-task-start.json');
    event.run.facets.airflow.taskInstance.map_index = 3;
    const entry = await storeEvent(event);
    expect(entry.run.url.endsWith(`/tasks/${airflowOf(event).taskId}/mapped/3`)).toBe(true);
    expect(entry.run.ids['airflow.mapIndex']).toBe('3');
  });

  it("falls back to the task instance's log_url when no base URL is configured", async () => {
    const event = fixtureJson('openlineage', 'airflow3-task-complete.json');
    const { dagId, runId, taskId } = airflowOf(event);
    const logUrl = `http://api.airflow.internal:8080/dags/${dagId}/runs/${encodeURIComponent(runId)}/tasks/${taskId}?try_number=1`;
    event.run.facets.airflow.taskInstance.log_url = logUrl;
    expect((await storeEvent(event, {})).run.url).toBe(logUrl);
    delete event.run.facets.airflow.taskInstance.log_url;
    event.eventTime = '2026-08-20T10:00:05+00:00';
    expect((await storeEvent(event, {})).run.url).toBeUndefined();
  });

  it('refuses a log_url that is not http(s)', async () => {
    const event = fixtureJson('openlineage', 'airflow3-task-complete.json');
    event.run.facets.airflow.taskInstance.log_url = 'javascript:alert(1)';
    expect((await storeEvent(event, {})).run.url).toBeUndefined();
  });

  it('answers 400 naming each broken Airflow id', async () => {
    const event = fixtureJson('openlineage', 'airflow3-task-start.json');
    event.run.facets.airflow.taskInstance.try_number = 'first';
    delete event.run.facets.airflow.dagRun.run_id;
    event.run.facets.airflow.task.task_id = 5;
    const answer = await postJson(appWith(), PATH, event);
    expect(answer.status).toBe(400);
    expect(answer.json.problems.map((p: { path: string }) => p.path)).toEqual([
      'run.facets.airflow.dagRun.run_id',
      'run.facets.airflow.task.task_id',
      'run.facets.airflow.taskInstance.try_number',
    ]);
  });

  it('leaves an event without Airflow facets to the generic OpenLineage link', async () => {
    const event = fixtureJson('openlineage', 'airflow3-task-start.json');
    delete event.run.facets.airflow;
    expect((await storeEvent(event)).run).toMatchObject({ orchestrator: 'other', id: event.run.runId });
  });

  for (const name of fixtureFiles('openlineage').filter((n) => !n.endsWith('.gz'))) {
    it(`never answers 5xx nor loses stored entries for mutations of ${name} read with Airflow facets`, async () => {
      const app = appWith();
      for (const stored of fixtureFiles('openlineage')) {
        await post(app, PATH, fixtureBytes('openlineage', stored), fixtureHeaders(stored));
      }
      const before = writer.entries;
      await fc.assert(
        fc.asyncProperty(jsonMutations(fixtureJson('openlineage', name)), async (event) => {
          const answer = await post(app, PATH, JSON.stringify(event) ?? '');
          expect(answer.status).toBeLessThan(500);
          expect(writer.entries.slice(0, before.length)).toEqual(before);
        }),
        { numRuns: 150 },
      );
    });
  }
});
