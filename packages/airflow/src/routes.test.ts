import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { fixtureJson, post, postJson } from '../../openlineage/src/test-support/fixtures.js';
import { MemoryWriter } from '../../openlineage/src/test-support/memory-writer.js';
import { byteMutation, jsonMutations } from '../../openlineage/src/test-support/mutations.js';
import { airflowRoutes } from './routes.js';
import type { Loose } from '../../openlineage/src/test-support/fixtures.js';

const PATH = '/hooks/airflow';
const BASE = 'https://airflow.example.com';
const now = () => new Date('2026-08-20T11:31:00.000Z');
// The ids of the real failing task of the OpenLineage fixture, as an Airflow callback would see them.
const facet = fixtureJson('openlineage', 'airflow-task-fail.json').run.facets.airflow;
const ids = { dag_id: facet.dag.dag_id, run_id: facet.dagRun.run_id, task_id: facet.task.task_id };
const runPath = `${BASE}/dags/${ids.dag_id}/runs/${encodeURIComponent(ids.run_id)}`;

/** What HttpNotifier renders from the README's template: every value a string, None as "None". */
const notifierFailure = {
  ...ids,
  try_number: '2',
  map_index: '-1',
  state: 'failed',
  timestamp: '2026-08-20 11:30:04.771032+00:00',
  exception: 'Intentional failure for OpenLineage on_failure testing',
  exception_type: 'ValueError',
  airflow_version: '3.3.0',
  ti_id: 'None',
  callback: 'on_failure_callback',
};

/** What the README's Airflow 3 listener plugin posts from a RuntimeTaskInstance. */
const listenerRetry = {
  ...ids,
  try_number: 1,
  map_index: 4,
  state: 'up_for_retry',
  ti_id: '01977e4c-30a1-7b42-9f5d-2c1e8f0a4b6d',
  timestamp: '2026-08-20T11:30:03.000000+00:00',
  callback: 'on_task_instance_failed',
};

let writer: MemoryWriter;
let app: ReturnType<typeof airflowRoutes>;

beforeEach(() => {
  writer = new MemoryWriter();
  app = airflowRoutes({ writer, now, airflow: { baseUrl: BASE }, maxBodyBytes: 16 * 1024 });
});

async function store(payload: unknown): Promise<Loose> {
  const answer = await postJson(app, PATH, payload);
  expect(answer.status).toBe(200);
  return writer.get(answer.json.accepted[0].id);
}

describe('POST /hooks/airflow', () => {
  it('stores an HttpNotifier failure callback, reading its text-rendered numbers', async () => {
    const entry = await store(notifierFailure);
    expect(entry.run).toEqual({
      orchestrator: 'airflow',
      id: ids.run_id,
      workflow: { id: ids.dag_id },
      task: { id: ids.task_id },
      attempt: 2,
      url: `${runPath}/tasks/${ids.task_id}`,
    });
    expect(entry.runEvent).toMatchObject({
      status: 'failed',
      state: 'failed',
      error: { type: 'ValueError', message: notifierFailure.exception },
      source: { type: 'on_failure_callback' },
    });
    expect(entry.occurredAt).toBe('2026-08-20T11:30:04.771Z');
    expect(entry.producer.id).toBe('cairn-receiver:airflow');
  });

  it('stores a listener retry of a mapped task instance with its Airflow 3 task-instance id', async () => {
    const entry = await store(listenerRetry);
    expect(entry.run.task).toEqual({ id: ids.task_id, runId: listenerRetry.ti_id });
    expect(entry.run.attempt).toBe(1);
    expect(entry.run.url).toBe(`${runPath}/tasks/${ids.task_id}/mapped/4`);
    expect(entry.run.ids).toEqual({ 'airflow.mapIndex': '4' });
    expect(entry.runEvent).toMatchObject({ status: 'retrying', state: 'up_for_retry' });
  });

  it('stores a DAG-level callback without a task', async () => {
    const entry = await store({ dag_id: ids.dag_id, run_id: ids.run_id, state: 'success' });
    expect(entry.run).toEqual({
      orchestrator: 'airflow',
      id: ids.run_id,
      workflow: { id: ids.dag_id },
      url: runPath,
    });
    expect(entry.runEvent.status).toBe('succeeded');
    expect(entry.occurredAt).toBe(now().toISOString());
  });

  it('links into the Airflow 2 grid when the payload names Airflow 2', async () => {
    const entry = await store({ ...notifierFailure, airflow_version: '2.10.5' });
    expect(entry.run.url).toBe(
      `${BASE}/dags/${ids.dag_id}/grid?dag_run_id=${encodeURIComponent(ids.run_id)}&task_id=${ids.task_id}`,
    );
  });

  it('uses the payload url only when no base URL is configured', async () => {
    const bare = airflowRoutes({ writer });
    const answer = await postJson(bare, PATH, { ...listenerRetry, url: 'https://airflow.internal/log?x=1' });
    expect(writer.get(answer.json.accepted[0].id)?.run?.url).toBe('https://airflow.internal/log?x=1');
  });

  it('stores nothing new when a callback fires twice for the same state of the same try', async () => {
    const first = await postJson(app, PATH, notifierFailure);
    const stored = writer.entries;
    const again = await postJson(app, PATH, { ...notifierFailure, try_number: 2, timestamp: 'None' });
    expect(again.json.accepted).toEqual([{ ...first.json.accepted[0], duplicate: true }]);
    expect(writer.entries).toEqual(stored);
  });

  it('stores each try and each state as its own event', async () => {
    await store(notifierFailure);
    await store({ ...notifierFailure, try_number: '3' });
    await store({ ...notifierFailure, state: 'up_for_retry' });
    expect(writer.size).toBe(3);
  });

  it('answers 400 naming every missing or mistyped field', async () => {
    const answer = await postJson(app, PATH, {
      run_id: 7,
      state: 'failed',
      try_number: 'two',
      map_index: -2,
      timestamp: 'noon',
    });
    expect(answer.status).toBe(400);
    expect(answer.json.problems.map((p: { path: string }) => p.path)).toEqual([
      'dag_id',
      'run_id',
      'try_number',
      'map_index',
      'timestamp',
    ]);
  });

  it('answers 503 with Retry-After when the ledger is down', async () => {
    writer.failWith('storage');
    const answer = await postJson(app, PATH, notifierFailure);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('Retry-After')).toBe('5');
  });

  it('answers 413 for a body over the limit', async () => {
    expect(
      (await post(app, PATH, JSON.stringify({ ...ids, state: 'x', exception: 'e'.repeat(20_000) }))).status,
    ).toBe(413);
  });

  for (const [name, payload] of Object.entries({ notifierFailure, listenerRetry })) {
    it(`never answers 5xx nor loses stored entries for mutations of the ${name} payload`, async () => {
      await store(notifierFailure);
      await store(listenerRetry);
      const before = writer.entries;
      const bodies = fc.oneof(
        jsonMutations(payload).map((value) => JSON.stringify(value) ?? ''),
        byteMutation(new TextEncoder().encode(JSON.stringify(payload))),
      );
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const answer = await post(app, PATH, body);
          expect(answer.status).toBeLessThan(500);
          expect(writer.entries.slice(0, before.length)).toEqual(before);
        }),
        { numRuns: 200 },
      );
    });
  }
});
