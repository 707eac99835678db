import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { post, postJson } from '../../openlineage/src/test-support/fixtures.js';
import { MemoryWriter } from '../../openlineage/src/test-support/memory-writer.js';
import { byteMutation, jsonMutations } from '../../openlineage/src/test-support/mutations.js';
import { dagsterRoutes } from './routes.js';
import type { Loose } from '../../openlineage/src/test-support/fixtures.js';

const PATH = '/hooks/dagster';
const BASE = 'http://dagster.internal:3000';
const now = () => new Date('2026-05-22T09:05:00.000Z');
const RUN_ID = '3c2e5f0a-8b1d-4d2e-9f6a-7b8c9d0e1f2a';

/** What the README's run-status sensor posts for a failed retry run of a partitioned job. */
const sensorFailure = {
  run_id: RUN_ID,
  job_name: 'daily_orders',
  status: 'FAILURE',
  tags: {
    'dagster/partition': '2026-05-21',
    'dagster/retry_number': '1',
    'dagster/parent_run_id': '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
    'dagster/root_run_id': '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
    team: 'analytics',
  },
  parent_run_id: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  root_run_id: '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  event_type: 'PIPELINE_FAILURE',
  partition_key: '2026-05-21',
  timestamp: 1_779_440_580.25,
  failure_message: 'Execution of run for "daily_orders" failed. Steps failed: [\'load_orders\'].',
  location_name: 'analytics',
  repository_name: '__repository__',
};

/** What the README's Dagster+ webhook template renders. */
const dagsterPlus = {
  source: 'dagster-plus',
  run_id: RUN_ID,
  job_name: 'daily_orders',
  status: 'SUCCESS',
  run_url: `https://acme.dagster.cloud/prod/runs/${RUN_ID}`,
  deployment: 'prod',
  sample: false,
};

let writer: MemoryWriter;
let app: ReturnType<typeof dagsterRoutes>;

beforeEach(() => {
  writer = new MemoryWriter();
  app = dagsterRoutes({ writer, now, dagster: { baseUrl: BASE }, maxBodyBytes: 16 * 1024 });
});

async function store(payload: unknown, target = app): Promise<Loose> {
  const answer = await postJson(target, PATH, payload);
  expect(answer.status).toBe(200);
  return writer.get(answer.json.accepted[0].id);
}

describe('POST /hooks/dagster', () => {
  it('stores a run-status sensor failure field by field', async () => {
    const entry = await store(sensorFailure);
    expect(entry.id).toBe(`dagster:${RUN_ID}:FAILURE`);
    expect(entry.run).toEqual({
      orchestrator: 'dagster',
      id: RUN_ID,
      workflow: { id: sensorFailure.job_name },
      attempt: 2,
      parentRunId: sensorFailure.parent_run_id,
      rootRunId: sensorFailure.root_run_id,
      namespace: sensorFailure.location_name,
      url: `${BASE}/runs/${RUN_ID}`,
      ids: {
        'dagster.partition': '2026-05-21',
        'dagster.location': 'analytics',
        'dagster.repository': '__repository__',
      },
    });
    expect(entry.runEvent).toMatchObject({
      status: 'failed',
      state: 'FAILURE',
      error: { message: sensorFailure.failure_message },
      source: { eventId: `${RUN_ID}:FAILURE`, type: 'PIPELINE_FAILURE' },
    });
    expect(entry.occurredAt).toBe(new Date(sensorFailure.timestamp * 1000).toISOString());
    expect(entry.producer.id).toBe('cairn-receiver:dagster');
  });

  it("stores a Dagster+ webhook alert with Dagster+'s own run link when no base URL is set", async () => {
    const entry = await store(dagsterPlus, dagsterRoutes({ writer, now }));
    expect(entry.run).toEqual({
      orchestrator: 'dagster',
      id: RUN_ID,
      workflow: { id: 'daily_orders' },
      namespace: 'prod',
      url: dagsterPlus.run_url,
    });
    expect(entry.runEvent.status).toBe('succeeded');
    expect(entry.occurredAt).toBe(now().toISOString());
  });

  it('acknowledges a Dagster+ sample ping without storing it', async () => {
    for (const sample of [true, 'true', 'True']) {
      const answer = await postJson(app, PATH, { ...dagsterPlus, sample });
      expect(answer).toMatchObject({ status: 200, json: { accepted: [] } });
    }
    expect(writer.size).toBe(0);
  });

  it('stores nothing new when the sensor re-sends the same run status after a daemon crash', async () => {
    const first = await postJson(app, PATH, sensorFailure);
    const stored = writer.entries;
    const again = await postJson(app, PATH, { ...sensorFailure, timestamp: sensorFailure.timestamp + 30 });
    expect(again.json.accepted).toEqual([{ ...first.json.accepted[0], duplicate: true }]);
    expect(writer.entries).toEqual(stored);
  });

  it('accepts an RFC 3339 timestamp and refuses anything else', async () => {
    const entry = await store({ ...dagsterPlus, timestamp: '2026-05-22T09:03:00+02:00' });
    expect(entry.occurredAt).toBe('2026-05-22T07:03:00.000Z');
    const answer = await postJson(app, PATH, {
      ...dagsterPlus,
      status: 'STARTED',
      timestamp: 'Jan 8, 2026 10:00 AM',
    });
    expect(answer.json.problems.map((p: { path: string }) => p.path)).toEqual(['timestamp']);
  });

  it('answers 400 naming every missing or mistyped field', async () => {
    const answer = await postJson(app, PATH, { run_id: 5, status: ['SUCCESS'], tags: 'x', parent_run_id: 3 });
    expect(answer.status).toBe(400);
    expect(answer.json.problems.map((p: { path: string }) => p.path)).toEqual([
      'run_id',
      'job_name',
      'status',
      'parent_run_id',
      'tags',
    ]);
  });

  it('answers 503 with Retry-After when the ledger is down', async () => {
    writer.failWith('unavailable');
    const answer = await postJson(app, PATH, sensorFailure);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('Retry-After')).toBe('5');
  });

  for (const [name, payload] of Object.entries({ sensorFailure, dagsterPlus })) {
    it(`never answers 5xx nor loses stored entries for mutations of the ${name} payload`, async () => {
      await store(sensorFailure);
      await store(dagsterPlus);
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
