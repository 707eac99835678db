import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  fixtureBytes,
  fixtureFiles,
  fixtureJson,
  post,
  postJson,
} from '../../openlineage/src/test-support/fixtures.js';
import { MemoryWriter } from '../../openlineage/src/test-support/memory-writer.js';
import { byteMutation, jsonMutations } from '../../openlineage/src/test-support/mutations.js';
import { prefectRoutes } from './routes.js';
import type { Loose } from '../../openlineage/src/test-support/fixtures.js';

const PATH = '/hooks/prefect';
const API_URL =
  'https://api.prefect.cloud/api/accounts/4b1e0e43-a3bd-4b5e-a1ef-0bd8c0a7c8f1/workspaces/9d5b1c6e-51d8-4f4a-b5b9-2cf0b3f0a5de';
const UI_URL =
  'https://app.prefect.cloud/account/4b1e0e43-a3bd-4b5e-a1ef-0bd8c0a7c8f1/workspace/9d5b1c6e-51d8-4f4a-b5b9-2cf0b3f0a5de';
const now = () => new Date('2026-03-31T18:40:00.000Z');
let writer: MemoryWriter;
let app: ReturnType<typeof prefectRoutes>;

beforeEach(() => {
  writer = new MemoryWriter();
  app = prefectRoutes({ writer, now, prefect: { apiUrl: API_URL }, maxBodyBytes: 64 * 1024 });
});

/** The object id of a Prefect resource id: what follows the last dot. */
const objectId = (resourceId: string) => resourceId.slice(resourceId.lastIndexOf('.') + 1);
const related = (event: Loose, role: string) =>
  event.related.find((r: Loose) => r['prefect.resource.role'] === role);

async function store(name: string): Promise<Loose> {
  const answer = await post(app, PATH, fixtureBytes('prefect', name));
  expect(answer.status).toBe(200);
  expect(answer.json.accepted).toHaveLength(1);
  return writer.get(answer.json.accepted[0].id);
}

describe('POST /hooks/prefect with the shared fixtures', () => {
  for (const name of fixtureFiles('prefect')) {
    it(`stores ${name} under prefect:<event id> with its digest and a link into Prefect Cloud`, async () => {
      const event = fixtureJson('prefect', name);
      const entry = await store(name);
      expect(entry.id).toBe(`prefect:${event.id}`);
      expect(entry.runEvent.source.eventId).toBe(event.id);
      expect(entry.runEvent.source.type).toBe(event.event);
      expect(entry.occurredAt).toBe(new Date(event.occurred).toISOString());
      expect(entry.recordedAt).toBe(now().toISOString());
      expect(entry.run.orchestrator).toBe('prefect');
      expect(entry.run.namespace).toBe(
        '4b1e0e43-a3bd-4b5e-a1ef-0bd8c0a7c8f1/9d5b1c6e-51d8-4f4a-b5b9-2cf0b3f0a5de',
      );
      expect(entry.run.url.startsWith(`${UI_URL}/runs/`)).toBe(true);
    });
  }

  it('links the flow-run state event field by field', async () => {
    const event = fixtureJson('prefect', 'flow-run-running.event.json');
    const entry = await store('flow-run-running.event.json');
    const flowRunId = objectId(event.resource['prefect.resource.id']);
    const flow = related(event, 'flow');
    expect(entry.run).toEqual({
      orchestrator: 'prefect',
      id: flowRunId,
      workflow: { id: objectId(flow['prefect.resource.id']), name: flow['prefect.resource.name'] },
      attempt: Number(event.resource['prefect.run-count']),
      namespace: entry.run.namespace,
      tags: event.related
        .filter((r: Loose) => r['prefect.resource.role'] === 'tag')
        .map((r: Loose) => r['prefect.resource.id'].slice('prefect.tag.'.length)),
      url: `${UI_URL}/runs/flow-run/${flowRunId}`,
      ids: {
        'prefect.deploymentId': objectId(related(event, 'deployment')['prefect.resource.id']),
        'prefect.workPoolId': objectId(related(event, 'work-pool')['prefect.resource.id']),
      },
    });
    expect(entry.runEvent).toMatchObject({ status: 'started', state: event.resource['prefect.state-name'] });
  });

  it('links the task-run state event to its flow run and task field by field', async () => {
    const event = fixtureJson('prefect', 'task-run-completed.event.json');
    const entry = await store('task-run-completed.event.json');
    const taskRunId = objectId(event.resource['prefect.resource.id']);
    expect(entry.run.id).toBe(event.payload.task_run.flow_run_id);
    expect(entry.run.task).toEqual({
      id: event.payload.task_run.task_key,
      runId: taskRunId,
      name: event.resource['prefect.resource.name'],
    });
    expect(entry.run.attempt).toBe(Number(event.resource['prefect.run-count']));
    expect(entry.run.tags).toEqual(event.payload.task_run.tags);
    expect(entry.run.ids).toEqual({ 'prefect.taskRunId': taskRunId });
    expect(entry.run.url).toBe(`${UI_URL}/runs/task-run/${taskRunId}`);
    expect(entry.runEvent).toMatchObject({
      status: 'succeeded',
      state: event.resource['prefect.state-name'],
    });
  });

  it('stores the worker event under the related flow run as other', async () => {
    const event = fixtureJson('prefect', 'worker-executed-flow-run.event.json');
    const entry = await store('worker-executed-flow-run.event.json');
    const flowRunId = objectId(related(event, 'flow-run')['prefect.resource.id']);
    expect(entry.run.id).toBe(flowRunId);
    expect(entry.run.task).toBeUndefined();
    expect(entry.run.attempt).toBeUndefined();
    expect(entry.run.ids).toEqual({
      'prefect.workPoolId': objectId(related(event, 'work-pool')['prefect.resource.id']),
    });
    expect(entry.run.url).toBe(`${UI_URL}/runs/flow-run/${flowRunId}`);
    expect(entry.runEvent).toMatchObject({ status: 'other', state: event.event });
  });

  it('stores nothing new when Prefect sends an event twice, even from two automations of two templates', async () => {
    const event = fixtureJson('prefect', 'flow-run-running.event.json');
    const first = await postJson(app, PATH, event);
    const stored = writer.entries;
    const again = await postJson(app, PATH, event);
    const notification = await postJson(app, PATH, { subject: 's', body: JSON.stringify(event), name: 'n' });
    expect([again.json.accepted[0], notification.json.accepted[0]]).toEqual([
      { ...first.json.accepted[0], duplicate: true },
      { ...first.json.accepted[0], duplicate: true },
    ]);
    expect(writer.entries).toEqual(stored);
  });

  it('acknowledges a heartbeat with nothing stored', async () => {
    const heartbeat = {
      ...fixtureJson('prefect', 'flow-run-running.event.json'),
      event: 'prefect.flow-run.heartbeat',
    };
    const answer = await postJson(app, PATH, heartbeat);
    expect(answer).toMatchObject({ status: 200, json: { accepted: [] } });
    expect(writer.appendCalls).toBe(0);
  });
});

describe('POST /hooks/prefect with bad bodies', () => {
  it("answers 400 for the call-webhook action's default empty payload", async () => {
    const answer = await post(app, PATH, '');
    expect(answer.status).toBe(400);
    expect(answer.json.problems[0].message).toBe('body: expected a JSON document, got an empty body');
  });

  it('answers 400 with every broken field', async () => {
    const event = fixtureJson('prefect', 'task-run-completed.event.json');
    event.id = 17;
    event.occurred = 'yesterday';
    event.related = {};
    const answer = await postJson(app, PATH, event);
    expect(answer.status).toBe(400);
    expect(answer.json.problems.map((p: { path: string }) => p.path)).toEqual(['id', 'occurred', 'related']);
  });

  it('answers 413 for a body over the limit', async () => {
    const answer = await post(app, PATH, `"${'x'.repeat(64 * 1024)}"`);
    expect(answer.status).toBe(413);
  });

  it('answers 503 with Retry-After when the ledger is down, and stores on the next delivery', async () => {
    writer.failWith('unavailable');
    const down = await post(app, PATH, fixtureBytes('prefect', 'flow-run-running.event.json'));
    expect(down.status).toBe(503);
    expect(down.json).toEqual({ error: 'unavailable' });
    expect(down.headers.get('Retry-After')).toBe('5');
    writer.recover();
    await store('flow-run-running.event.json');
  });

  for (const name of fixtureFiles('prefect')) {
    it(`never answers 5xx nor loses stored entries for mutations of ${name}`, async () => {
      for (const other of fixtureFiles('prefect')) await store(other);
      const before = writer.entries;
      const bodies = fc.oneof(
        jsonMutations(fixtureJson('prefect', name)).map((value) => JSON.stringify(value) ?? ''),
        jsonMutations(fixtureJson('prefect', name)).map((value) =>
          JSON.stringify({ subject: 's', body: JSON.stringify(value) }),
        ),
        byteMutation(fixtureBytes('prefect', name)),
      );
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const answer = await post(app, PATH, body);
          expect(answer.status).toBeLessThan(500);
          expect(writer.entries.slice(0, before.length)).toEqual(before);
        }),
        { numRuns: 150 },
      );
    });
  }
});
