// Malformed, truncated, oversized, wrongly typed and randomly mutated bodies on every ingest route of a running
// server: never a 5xx, and every entry stored before is still there, at the same index with the same leaf hash.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureBytes,
  fixtureFiles,
  fixtureHeaders,
  fixtureJson,
} from '../../openlineage/src/test-support/fixtures.js';
import { byteMutation, jsonMutations } from '../../openlineage/src/test-support/mutations.js';
import { INGEST, decisionEntry, startTestServer } from './test-support/server.js';
import type { Answer, Loose, TestServer } from './test-support/server.js';

const LIMIT = 64 * 1024;
const RUNS = Number(process.env.CAIRN_PROPERTY_RUNS ?? 100);

// Payloads as the Airflow callback and Dagster run-status hooks document them (their packages' READMEs).
const airflowCallback = {
  dag_id: 'loan_review',
  run_id: 'manual__2026-11-23T10:00:00+00:00',
  task_id: 'underwrite',
  try_number: 1,
  map_index: -1,
  state: 'failed',
  timestamp: '2026-11-23T10:05:00.000000+00:00',
  exception: 'model timed out',
  callback: 'on_failure_callback',
};
const dagsterRunStatus = {
  run_id: '3c2e5f0a-8b1d-4d2e-9f6a-7b8c9d0e1f2a',
  job_name: 'daily_orders',
  status: 'FAILURE',
  event_type: 'PIPELINE_FAILURE',
  timestamp: 1_779_440_580.25,
  failure_message: 'Steps failed: load_orders.',
};

const TARGETS: { route: string; name: string; payload: unknown }[] = [
  {
    route: '/api/v1/lineage',
    name: 'airflow3-task-start',
    payload: fixtureJson('openlineage', 'airflow3-task-start.json'),
  },
  {
    route: '/api/v1/lineage',
    name: 'airflow-task-fail',
    payload: fixtureJson('openlineage', 'airflow-task-fail.json'),
  },
  {
    route: '/hooks/prefect',
    name: 'flow-run-running',
    payload: fixtureJson('prefect', 'flow-run-running.event.json'),
  },
  {
    route: '/hooks/prefect',
    name: 'task-run-completed',
    payload: fixtureJson('prefect', 'task-run-completed.event.json'),
  },
  { route: '/hooks/airflow', name: 'an Airflow callback', payload: airflowCallback },
  { route: '/hooks/dagster', name: 'a Dagster run-status sensor', payload: dagsterRunStatus },
  { route: '/v1/decisions', name: 'a decision entry', payload: decisionEntry() },
  { route: '/v1/decisions', name: 'a batch of decisions', payload: [decisionEntry(), decisionEntry()] },
];

let server: TestServer;
/** Every entry the server acknowledged: id → index and leaf hash as first answered. */
const acknowledged = new Map<string, { index: number; leafHash?: string }>();

function remember(answer: Answer): void {
  if (answer.status !== 200) return;
  for (const result of answer.json.accepted as Loose[]) {
    const known = acknowledged.get(result.id);
    if (known !== undefined)
      expect({ id: result.id, index: result.index }).toEqual({ id: result.id, index: known.index });
    else acknowledged.set(result.id, { index: result.index, leafHash: result.leafHash });
  }
}

async function expectNothingLost(): Promise<void> {
  const { ledger } = server.server;
  for (const [id, { index, leafHash }] of acknowledged) {
    const stored = await ledger.get(id);
    expect({ id, index: stored?.index }).toEqual({ id, index });
    if (leafHash !== undefined) expect(stored?.leafHash).toBe(leafHash);
  }
  expect(await ledger.size()).toBe(acknowledged.size);
}

async function send(
  route: string,
  body: Uint8Array | string,
  headers: Record<string, string> = INGEST,
): Promise<Answer> {
  const answer = await server.post(route, body, headers);
  expect({ route, status: answer.status < 500 ? 'not 5xx' : answer.status }).toEqual({
    route,
    status: 'not 5xx',
  });
  remember(answer);
  return answer;
}

beforeAll(async () => {
  server = await startTestServer({ CAIRN_MAX_BODY_BYTES: String(LIMIT) });
  for (const folder of ['openlineage', 'prefect'] as const) {
    const route = folder === 'openlineage' ? '/api/v1/lineage' : '/hooks/prefect';
    for (const name of fixtureFiles(folder)) {
      const answer = await send(route, fixtureBytes(folder, name), { ...INGEST, ...fixtureHeaders(name) });
      expect(answer.status).toBe(200);
    }
  }
  expect((await send('/v1/decisions', JSON.stringify([decisionEntry(), decisionEntry()]))).status).toBe(200);
});

afterAll(async () => {
  await server.stop();
});

describe('hostile bodies on every ingest route', () => {
  for (const { route, name, payload } of TARGETS) {
    it(`never answers 5xx nor loses an entry for random mutations of ${name} on ${route}`, async () => {
      const bytes = new TextEncoder().encode(JSON.stringify(payload));
      const bodies = fc.oneof(
        jsonMutations(payload).map((value) => JSON.stringify(value) ?? ''),
        byteMutation(bytes),
      );
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => void (await send(route, body))),
        { numRuns: RUNS },
      );
      await expectNothingLost();
    });
  }

  const fixed: [string, Uint8Array | string, Record<string, string>?][] = [
    ['an empty body', ''],
    ['a body that is not JSON', 'airflow says hello'],
    ['a truncated event', fixtureBytes('openlineage', 'airflow3-task-start.json').slice(0, 700)],
    ['a JSON string', '"START"'],
    ['JSON null', 'null'],
    ['an array of numbers', '[1, 2, 3]'],
    ['a number beyond 2^53', '{"eventTime": 9007199254740993}'],
    ['duplicate keys', '{"eventType":"START","eventType":"COMPLETE"}'],
    ['a lone surrogate', '{"eventType":"\\ud800"}'],
    ['nesting 100,000 levels deep', '['.repeat(100_000)],
    ['bytes that are not UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ['a body labelled gzip that is not', '{"a":1}', { ...INGEST, 'content-encoding': 'gzip' }],
    ['an unknown content encoding', '{"a":1}', { ...INGEST, 'content-encoding': 'compress' }],
    ['a body over the size limit', `{"pad":"${'x'.repeat(LIMIT)}"}`],
    ['a gzip bomb', gzipSync(Buffer.alloc(8 * LIMIT, 0x20)), { ...INGEST, 'content-encoding': 'gzip' }],
  ];
  for (const [what, body, headers] of fixed) {
    it(`answers ${what} with a 4xx on every ingest route and stores nothing`, async () => {
      const before = acknowledged.size;
      for (const route of new Set(TARGETS.map((t) => t.route))) {
        const answer = await send(route, body, headers);
        expect({ route, status: answer.status >= 400 && answer.status < 500 }).toEqual({
          route,
          status: true,
        });
      }
      expect(acknowledged.size).toBe(before);
      await expectNothingLost();
    });
  }

  it('answers 413 for an oversized body sent without a Content-Length (chunked), and stores nothing', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${server.url}/api/v1/lineage`, {
      method: 'POST',
      headers: INGEST,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    await expectNothingLost();
  });

  it('accepts a well-formed OpenLineage event of a kind it does not know as an `other` run event', async () => {
    const event = {
      ...fixtureJson('openlineage', 'airflow3-task-start.json'),
      eventType: 'PAUSED',
      eventTime: '2026-08-20T10:00:03.999999+00:00',
    };
    const answer = await send('/api/v1/lineage', JSON.stringify(event));
    expect(answer.status).toBe(200);
    const stored = await server.server.ledger.get(answer.json.accepted[0].id);
    expect(stored?.entry.kind === 'run_event' && stored.entry.runEvent.status).toBe('other');
  });

  it('keeps a ledger that verifies after all of it', async () => {
    const report = await server.server.ledger.verify();
    expect(report.ok).toBe(true);
  });
});
