import { lineageRoutes } from '@cairn/openlineage';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  fixtureBytes,
  fixtureFiles,
  fixtureHeaders,
  post,
  postJson,
} from '../../openlineage/src/test-support/fixtures.js';
import { MemoryWriter } from '../../openlineage/src/test-support/memory-writer.js';
import { jsonMutations } from '../../openlineage/src/test-support/mutations.js';
import { dagsterLineage } from './lineage.js';
import type { Loose } from '../../openlineage/src/test-support/fixtures.js';

// Events shaped as dagster-openlineage 0.2.1 emits them (community-integrations libraries/dagster-openlineage
// adapter.py: _emit_pipeline_event, _emit_step_event, asset_materialization); no captured fixture exists.
const PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/0.2.1/integration/dagster';
const RUN_ID = '3c2e5f0a-8b1d-4d2e-9f6a-7b8c9d0e1f2a';
const STEP_RUN_ID = '01977e4c-30a1-7b42-9f5d-2c1e8f0a4b6d';
const BASE = 'https://acme.dagster.cloud/prod';
const jobStart = {
  eventType: 'START',
  eventTime: '2026-05-22T09:00:00.000000Z',
  run: { runId: RUN_ID, facets: {} },
  job: { namespace: 'analytics_repo', name: 'daily_orders', facets: {} },
  producer: PRODUCER,
  schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  inputs: [],
  outputs: [],
};
const stepFail = {
  ...jobStart,
  eventType: 'FAIL',
  eventTime: '2026-05-22T09:01:30.250000Z',
  run: {
    runId: STEP_RUN_ID,
    facets: {
      parent: {
        _producer: PRODUCER,
        _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ParentRunFacet.json#/$defs/ParentRunFacet',
        run: { runId: RUN_ID },
        job: { namespace: 'analytics_repo', name: 'daily_orders' },
      },
    },
  },
  job: { namespace: 'analytics_repo', name: 'daily_orders.load_orders', facets: {} },
};
const assetComplete = {
  ...jobStart,
  eventType: 'COMPLETE',
  eventTime: '2026-05-22T09:02:00.000000Z',
  job: { namespace: 'analytics_repo', name: 'warehouse/orders', facets: {} },
  outputs: [{ namespace: 'analytics_repo', name: 'warehouse/orders', facets: {} }],
};
const assetCheck = {
  ...assetComplete,
  job: { namespace: 'analytics_repo', name: 'warehouse/orders__checks', facets: {} },
  inputs: [{ namespace: 'analytics_repo', name: 'warehouse/orders' }],
  outputs: [],
};

let writer: MemoryWriter;
let app: ReturnType<typeof lineageRoutes>;

beforeEach(() => {
  writer = new MemoryWriter();
  app = lineageRoutes({ writer, facetMappers: [dagsterLineage({ baseUrl: BASE })] });
});

async function store(event: unknown): Promise<Loose> {
  const answer = await postJson(app, '/api/v1/lineage', event);
  expect(answer.status).toBe(200);
  return writer.get(answer.json.accepted[0].id);
}

describe('dagster-openlineage events through POST /api/v1/lineage', () => {
  it('links a job event to the Dagster run it is keyed by', async () => {
    expect((await store(jobStart)).run).toEqual({
      orchestrator: 'dagster',
      id: RUN_ID,
      namespace: jobStart.job.namespace,
      workflow: { id: jobStart.job.name },
      url: `${BASE}/runs/${RUN_ID}`,
      ids: { 'openlineage.runId': RUN_ID },
    });
  });

  it("links a step event to its parent Dagster run, with the step as task and the step's random runId kept", async () => {
    const entry = await store(stepFail);
    expect(entry.run).toEqual({
      orchestrator: 'dagster',
      id: RUN_ID,
      namespace: stepFail.job.namespace,
      workflow: { id: 'daily_orders' },
      task: { id: 'load_orders', runId: STEP_RUN_ID },
      url: `${BASE}/runs/${RUN_ID}`,
      ids: { 'openlineage.runId': STEP_RUN_ID, 'openlineage.parentRunId': RUN_ID },
    });
    expect(entry.runEvent.status).toBe('failed');
    expect(entry.id.startsWith(`openlineage:${STEP_RUN_ID}:FAIL:`)).toBe(true);
  });

  it('links an asset materialization and an asset check to the run, naming the asset', async () => {
    for (const event of [assetComplete, assetCheck]) {
      const entry = await store(event);
      expect(entry.run.workflow).toBeUndefined();
      expect(entry.run.id).toBe(RUN_ID);
      expect(entry.run.ids['dagster.assetKey']).toBe('warehouse/orders');
    }
  });

  it('leaves events of other producers, such as the Airflow fixtures, to other mappers', async () => {
    for (const name of fixtureFiles('openlineage')) {
      const answer = await post(
        app,
        '/api/v1/lineage',
        fixtureBytes('openlineage', name),
        fixtureHeaders(name),
      );
      const entry: Loose = writer.get(answer.json.accepted[0].id);
      expect(entry.run.orchestrator).toBe('other');
    }
    const foreign = {
      ...jobStart,
      producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.53.0/integration/spark',
    };
    expect((await store(foreign)).run.orchestrator).toBe('other');
  });

  it('adds no link when no Dagster base URL is configured', async () => {
    const bare = lineageRoutes({ writer, facetMappers: [dagsterLineage()] });
    const answer = await postJson(bare, '/api/v1/lineage', jobStart);
    expect(writer.get(answer.json.accepted[0].id)?.run?.url).toBeUndefined();
  });

  for (const [name, event] of Object.entries({ jobStart, stepFail, assetComplete, assetCheck })) {
    it(`never answers 5xx nor loses stored entries for mutations of the ${name} event`, async () => {
      for (const stored of [jobStart, stepFail, assetComplete, assetCheck]) await store(stored);
      const before = writer.entries;
      await fc.assert(
        fc.asyncProperty(jsonMutations(event), async (mutated) => {
          const answer = await post(app, '/api/v1/lineage', JSON.stringify(mutated) ?? '');
          expect(answer.status).toBeLessThan(500);
          expect(writer.entries.slice(0, before.length)).toEqual(before);
        }),
        { numRuns: 150 },
      );
    });
  }
});
