import { CairnError } from '@cairn/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixtureJson } from '../../openlineage/src/test-support/fixtures.js';
import { createPrefectClient } from './client.js';
import { PrefectApi, flowRunResponse, taskRunResponse } from './test-support/prefect-api.js';
import type { Loose } from '../../openlineage/src/test-support/fixtures.js';

const KEY = 'pnu_test0123456789abcdefghijklmnopqrstuv';
const FLOW_RUN = 'e3755d32-cec5-42ca-9bcd-af236e308ba6';
const FLOW = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';
const TASK_RUN = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';
const api = new PrefectApi(KEY);

beforeAll(() => api.start());
afterAll(() => api.stop());
beforeEach(() => {
  api.requests.length = 0;
  api.artifacts.length = 0;
  api.flowRuns.set(FLOW_RUN, flowRunResponse(FLOW_RUN, FLOW));
  api.taskRuns.set(TASK_RUN, taskRunResponse(TASK_RUN, FLOW_RUN));
});

const client = () => createPrefectClient({ apiUrl: api.apiUrl, apiKey: KEY });

async function rejection(promise: Promise<unknown>): Promise<CairnError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CairnError);
  return error as CairnError;
}

describe('createPrefectClient', () => {
  it('reads a flow run with the API key as a bearer token', async () => {
    const run = await client().readFlowRun(FLOW_RUN);
    expect(run).toEqual(flowRunResponse(FLOW_RUN, FLOW));
    expect(api.requests[0]).toMatchObject({ method: 'GET', path: `/api/flow_runs/${FLOW_RUN}` });
    expect(api.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('reads a task run', async () => {
    expect((await client().readTaskRun(TASK_RUN))['flow_run_id']).toBe(FLOW_RUN);
  });

  it("reports Prefect's 404 as not_found", async () => {
    const error = await rejection(client().readFlowRun('00000000-0000-4000-8000-000000000000'));
    expect(error.code).toBe('not_found');
  });

  it('reports a refused key as config, without echoing the key', async () => {
    const error = await rejection(
      createPrefectClient({ apiUrl: api.apiUrl, apiKey: 'wrong-key' }).readFlowRun(FLOW_RUN),
    );
    expect(error.code).toBe('config');
    expect(error.message).not.toContain('wrong-key');
  });

  it('sends a self-hosted auth string as basic auth', async () => {
    await rejection(
      createPrefectClient({ apiUrl: api.apiUrl, authString: 'admin:s3cret' }).readFlowRun(FLOW_RUN),
    );
    expect(api.requests[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('admin:s3cret').toString('base64')}`,
    );
  });

  it('retries a 503 that carries Retry-After, then succeeds', async () => {
    api.failNext(503, 2, '0');
    expect((await client().readFlowRun(FLOW_RUN)).id).toBe(FLOW_RUN);
    expect(api.requests).toHaveLength(3);
  });

  it('gives up after its attempts with unavailable', async () => {
    api.failNext(502, 3, '0');
    const error = await rejection(client().readFlowRun(FLOW_RUN));
    expect(error.code).toBe('unavailable');
    expect(api.requests).toHaveLength(3);
  });

  it('does not retry a 500', async () => {
    api.failNext(500, 1);
    expect((await rejection(client().readFlowRun(FLOW_RUN))).code).toBe('unavailable');
    expect(api.requests).toHaveLength(1);
  });

  it('reports a server that does not answer as unavailable', async () => {
    const gone = new PrefectApi(KEY);
    await gone.start();
    const apiUrl = gone.apiUrl;
    await gone.stop();
    const error = await rejection(
      createPrefectClient({ apiUrl, apiKey: KEY, maxAttempts: 1 }).readFlowRun(FLOW_RUN),
    );
    expect(error.code).toBe('unavailable');
  });

  it('creates a markdown link artifact exactly as create_link_artifact does', async () => {
    const link = 'https://cairn.example/runs/prefect/e3755d32-cec5-42ca-9bcd-af236e308ba6';
    const artifact = await client().createLinkArtifact(FLOW_RUN, {
      key: 'cairn-run-x',
      link,
      linkText: 'Cairn [audit]',
      description: 'd',
    });
    expect(api.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/artifacts/',
      body: {
        key: 'cairn-run-x',
        type: 'markdown',
        description: 'd',
        data: `[Cairn audit](${link})`,
        flow_run_id: FLOW_RUN,
      },
    });
    expect(artifact.id).toBe(api.artifacts[0]!['id']);
  });

  it('refuses an artifact key Prefect would refuse, before sending it', async () => {
    const error = await rejection(
      client().createLinkArtifact(FLOW_RUN, { key: 'Cairn_Run', link: 'https://c.example' }),
    );
    expect(error.code).toBe('invalid_argument');
    expect(api.requests).toHaveLength(0);
  });

  it('pages through events with the filter body and the page token of next_page', async () => {
    const base = fixtureJson('prefect', 'flow-run-running.event.json');
    api.events = [0, 1, 2].map((i) => ({
      ...base,
      id: `f6a7b890-1234-5678-9012-abcdef34567${i}`,
      occurred: `2026-03-31T18:3${i}:00.000000Z`,
    }));
    const first = await client().readEvents({
      since: '2026-03-31T00:00:00Z',
      until: '2026-04-01T00:00:00Z',
      limit: 2,
    });
    expect(api.requests[0]!.body).toEqual({
      filter: {
        occurred: { since: '2026-03-31T00:00:00Z', until: '2026-04-01T00:00:00Z' },
        event: { prefix: ['prefect.flow-run.', 'prefect.task-run.'] },
        order: 'ASC',
      },
      limit: 2,
    });
    expect(first.events.map((e: Loose) => e.id)).toEqual(api.events.slice(0, 2).map((e) => e['id']));
    expect(first.total).toBe(3);
    const second = await client().readEvents({ pageToken: first.nextPageToken! });
    expect(api.requests[1]).toMatchObject({
      method: 'GET',
      path: `/api/events/filter/next?page-token=${encodeURIComponent(first.nextPageToken!)}`,
    });
    expect(second.events.map((e: Loose) => e.id)).toEqual([api.events[2]!['id']]);
    expect(second.nextPageToken).toBeUndefined();
  });
});
