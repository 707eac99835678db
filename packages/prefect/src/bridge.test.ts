import type { CairnError } from '@cairn/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fixtureJson, postJson } from '../../openlineage/src/test-support/fixtures.js';
import { MemoryWriter } from '../../openlineage/src/test-support/memory-writer.js';
import { ENRICH_TIMEOUT_MS, prefectRoutes } from './routes.js';
import type { PrefectBridgeOptions } from './routes.js';
import { PrefectApi, flowRunResponse, taskRunResponse } from './test-support/prefect-api.js';
import type { Loose } from '../../openlineage/src/test-support/fixtures.js';

const KEY = 'pnu_bridge0123456789abcdefghijklmnopqrs';
const CAIRN = 'https://cairn.example';
const api = new PrefectApi(KEY);
const flowRunning = fixtureJson('prefect', 'flow-run-running.event.json');
const taskCompleted = fixtureJson('prefect', 'task-run-completed.event.json');
const worker = fixtureJson('prefect', 'worker-executed-flow-run.event.json');
const FLOW_RUN = flowRunning.resource['prefect.resource.id'].split('.').at(-1) as string;
const FLOW = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';
const TASK_RUN = taskCompleted.resource['prefect.resource.id'].split('.').at(-1) as string;
let writer: MemoryWriter;
let errors: unknown[];

beforeAll(() => api.start());
afterAll(() => api.stop());
beforeEach(() => {
  writer = new MemoryWriter();
  errors = [];
  api.requests.length = 0;
  api.artifacts.length = 0;
  api.flowRuns.set(FLOW_RUN, flowRunResponse(FLOW_RUN, FLOW));
  api.taskRuns.set(TASK_RUN, taskRunResponse(TASK_RUN, FLOW_RUN));
});

function bridge(options: Partial<PrefectBridgeOptions>) {
  const prefect = { apiUrl: api.apiUrl, apiKey: KEY, onError: (e: unknown) => errors.push(e), ...options };
  return prefectRoutes({ writer, prefect });
}

async function deliver(app: ReturnType<typeof prefectRoutes>, event: unknown): Promise<Loose> {
  const answer = await postJson(app, '/hooks/prefect', event);
  expect(answer.status).toBe(200);
  return answer.json.accepted.length === 0 ? undefined : writer.get(answer.json.accepted[0].id);
}

describe('enrichment through the Prefect REST API', () => {
  it('fills the flow, tags, run count and deployment the worker event lacks from GET /flow_runs/{id}', async () => {
    const entry = await deliver(bridge({ enrich: true }), worker);
    const flowRun = flowRunResponse(FLOW_RUN, FLOW);
    expect(api.requests.map((r) => r.path)).toEqual([`/api/flow_runs/${FLOW_RUN}`]);
    expect(entry.run.workflow).toEqual({ id: flowRun['flow_id'] });
    expect(entry.run.tags).toEqual(flowRun['tags']);
    expect(entry.run.attempt).toBe(flowRun['run_count']);
    expect(entry.run.ids['prefect.deploymentId']).toBe(flowRun['deployment_id']);
    expect(entry.run.url).toBe(`http://127.0.0.1:${new URL(api.apiUrl).port}/runs/flow-run/${FLOW_RUN}`);
  });

  it('seals the event without enrichment when the Prefect API answers slower than the enrichment bound', async () => {
    // Prefect gives a webhook 5 s and never retries it: the event must not wait for a slow API.
    api.delayMs = ENRICH_TIMEOUT_MS + 1000;
    try {
      const entry = await deliver(bridge({ enrich: true }), worker);
      expect(entry.id).toBe(`prefect:${worker.id}`);
      expect(entry.run.workflow).toBeUndefined();
      expect(errors).toHaveLength(1);
    } finally {
      api.delayMs = 0;
    }
  });

  it('keeps what the event said over what the API says', async () => {
    const entry = await deliver(bridge({ enrich: true }), flowRunning);
    expect(entry.run.tags).toEqual(['production']);
    expect(entry.run.workflow.name).toBe('my-etl-flow');
  });

  it('finds the flow run of a task run that came without one through GET /task_runs/{id}', async () => {
    const standalone = structuredClone(taskCompleted);
    delete standalone.payload.task_run.flow_run_id;
    const entry = await deliver(bridge({ enrich: true }), standalone);
    expect(api.requests.map((r) => r.path)).toEqual([
      `/api/task_runs/${TASK_RUN}`,
      `/api/flow_runs/${FLOW_RUN}`,
    ]);
    expect(entry.run.id).toBe(FLOW_RUN);
    expect(entry.run.task.runId).toBe(TASK_RUN);
  });

  it('stores the event as it came when Prefect cannot be read, and reports why', async () => {
    api.flowRuns.clear();
    const entry = await deliver(bridge({ enrich: true }), worker);
    expect(entry.run.workflow).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect((errors[0] as CairnError).code).toBe('not_found');
  });
});

describe('link artifacts on the flow run', () => {
  it('puts a markdown link to the Cairn run page on the flow run once per stored event', async () => {
    const app = bridge({ linkArtifacts: true, cairnUiUrl: CAIRN });
    await deliver(app, flowRunning);
    // The artifact is created after the webhook has its answer, so wait for it.
    await vi.waitFor(() => expect(api.artifacts).toHaveLength(1));
    await deliver(app, flowRunning);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(api.artifacts).toHaveLength(1);
    expect(api.artifacts[0]).toMatchObject({
      key: `cairn-run-${FLOW_RUN}`,
      type: 'markdown',
      data: `[Cairn audit trail](${CAIRN}/runs/prefect/${FLOW_RUN})`,
      flow_run_id: FLOW_RUN,
    });
  });

  it('adds no artifact for task-run events or non-state events', async () => {
    const app = bridge({ linkArtifacts: true, cairnUiUrl: CAIRN });
    await deliver(app, taskCompleted);
    await deliver(app, worker);
    expect(api.artifacts).toHaveLength(0);
  });

  it('answers 200 with the entry stored when the artifact cannot be created', async () => {
    api.failNext(500, 1);
    const entry = await deliver(bridge({ linkArtifacts: true, cairnUiUrl: CAIRN }), flowRunning);
    expect(entry.id).toBe(`prefect:${flowRunning.id}`);
    await vi.waitFor(() => expect((errors[0] as CairnError | undefined)?.code).toBe('unavailable'));
  });
});

describe('bridge configuration', () => {
  it.each([
    [{ linkArtifacts: true }, 'prefect.cairnUiUrl'],
    [{ enrich: true, apiUrl: undefined }, 'prefect.apiUrl'],
    [{ uiUrl: 'javascript:alert(1)' }, 'prefect.uiUrl'],
  ] as const)('refuses %j', (options, field) => {
    expect(() => bridge(options)).toThrowError(
      expect.objectContaining({ code: 'config', message: expect.stringContaining(field) }),
    );
  });
});
