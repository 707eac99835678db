import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fixtureJson, postJson } from '../../openlineage/src/test-support/fixtures.js';
import { MemoryWriter } from '../../openlineage/src/test-support/memory-writer.js';
import { createPrefectClient } from './client.js';
import { reconcilePrefectEvents } from './reconcile.js';
import { prefectRoutes } from './routes.js';
import { PrefectApi } from './test-support/prefect-api.js';

const KEY = 'pnu_reconcile0123456789abcdefghijklmnop';
const api = new PrefectApi(KEY);
const flowRunning = fixtureJson('prefect', 'flow-run-running.event.json');
const taskCompleted = fixtureJson('prefect', 'task-run-completed.event.json');
const since = '2026-03-31T00:00:00Z';
let writer: MemoryWriter;

function flowState(i: number, name: string, type: string) {
  const event = structuredClone(flowRunning);
  event.id = `f6a7b890-1234-4678-9012-abcdef3456${String(i).padStart(2, '0')}`;
  event.event = `prefect.flow-run.${name}`;
  event.occurred = `2026-03-31T18:${String(30 + i).padStart(2, '0')}:00.000000Z`;
  event.received = `2026-03-31T18:${String(30 + i).padStart(2, '0')}:00.100000Z`;
  Object.assign(event.resource, { 'prefect.state-name': name, 'prefect.state-type': type });
  return event;
}

beforeAll(() => api.start());
afterAll(() => api.stop());
beforeEach(() => {
  writer = new MemoryWriter();
  api.requests.length = 0;
  api.events = [
    flowState(0, 'Pending', 'PENDING'),
    flowRunning,
    taskCompleted,
    {
      ...flowRunning,
      id: '11111111-2222-4333-8444-555555555555',
      event: 'prefect.flow-run.heartbeat',
      occurred: '2026-03-31T18:32:00Z',
    },
    flowState(3, 'Completed', 'COMPLETED'),
  ];
});

const client = () => createPrefectClient({ apiUrl: api.apiUrl, apiKey: KEY });

describe('reconcilePrefectEvents', () => {
  it('stores the events the webhook missed and nothing it already stored', async () => {
    const hook = prefectRoutes({ writer });
    await postJson(hook, '/hooks/prefect', flowRunning);
    const report = await reconcilePrefectEvents({ client: client(), writer, since, pageSize: 2 });
    expect(report).toEqual({
      read: 5,
      stored: 3,
      duplicates: 1,
      ignored: 1,
      problems: [],
      pages: 3,
      complete: true,
    });
    expect(writer.entries.map((e) => e.id).sort()).toEqual(
      [flowRunning, taskCompleted, api.events[0]!, api.events[4]!].map((e) => `prefect:${e['id']}`).sort(),
    );
  });

  it('stores nothing new when the same window is read again', async () => {
    await reconcilePrefectEvents({ client: client(), writer, since, pageSize: 2 });
    const stored = writer.entries;
    const again = await reconcilePrefectEvents({ client: client(), writer, since, pageSize: 2 });
    expect(again).toMatchObject({ stored: 0, duplicates: 4 });
    expect(writer.entries).toEqual(stored);
  });

  it('reports an event it cannot map by its position and stores the others', async () => {
    api.events[1] = {
      ...flowRunning,
      resource: { ...flowRunning.resource, 'prefect.resource.id': 'prefect.flow-run.oops' },
    };
    const report = await reconcilePrefectEvents({ client: client(), writer, since });
    expect(report.problems.map((p) => p.path)).toEqual(['events[1].resource["prefect.resource.id"]']);
    expect(report.stored).toBe(3);
  });

  it('stops after maxPages and says the read is incomplete', async () => {
    const report = await reconcilePrefectEvents({
      client: client(),
      writer,
      since,
      pageSize: 2,
      maxPages: 1,
    });
    expect(report).toMatchObject({ read: 2, pages: 1, complete: false });
  });

  it('passes the window to Prefect', async () => {
    await reconcilePrefectEvents({ client: client(), writer, since, until: '2026-03-31T18:31:30Z' });
    expect(api.requests[0]!.body.filter.occurred).toEqual({ since, until: '2026-03-31T18:31:30Z' });
    expect(writer.size).toBe(3);
  });

  it('throws a storage outage so the window can be read again later', async () => {
    writer.failWith('unavailable');
    await expect(reconcilePrefectEvents({ client: client(), writer, since })).rejects.toMatchObject({
      code: 'unavailable',
    });
  });
});
