// Every shared fixture is sent through a running server over HTTP, on SQLite and on PostgreSQL, and its run is
// read back through the query API with each id compared field by field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureBytes,
  fixtureFiles,
  fixtureHeaders,
  fixtureJson,
} from '../../openlineage/src/test-support/fixtures.js';
import type { FixtureFolder } from '../../openlineage/src/test-support/fixtures.js';
import { startPostgres } from '../../ledger/src/test-support/postgres.js';
import type { PostgresCluster } from '../../ledger/src/test-support/postgres.js';
import {
  AIRFLOW_UI,
  PREFECT_UI,
  expectedLineage,
  expectedPrefect,
} from './test-support/fixture-expectations.js';
import type { Expected } from './test-support/fixture-expectations.js';
import { INGEST_TOKEN, readVerified, startTestServer } from './test-support/server.js';
import type { Loose, TestServer } from './test-support/server.js';

const ROUTES: Record<FixtureFolder, { path: string; expect: (event: Loose) => Expected }> = {
  openlineage: { path: '/api/v1/lineage', expect: expectedLineage },
  prefect: { path: '/hooks/prefect', expect: expectedPrefect },
};

const FIXTURES = (['openlineage', 'prefect'] as const).flatMap((folder) =>
  fixtureFiles(folder).map((name) => ({ folder, name })),
);

async function checkRoundTrip(
  server: TestServer,
  folder: FixtureFolder,
  name: string,
  seen: Map<string, number>,
): Promise<void> {
  const expected = ROUTES[folder].expect(fixtureJson(folder, name));
  const headers = { ...fixtureHeaders(name), authorization: `Bearer ${INGEST_TOKEN}` };
  const posted = await server.post(ROUTES[folder].path, fixtureBytes(folder, name), headers);
  expect(posted.status).toBe(200);
  const [accepted] = posted.json.accepted;
  expect(accepted.id).toBe(expected.entryId);
  // The same event in another form (wire bytes, gzip) is a redelivery: same entry, nothing new stored.
  expect(accepted.duplicate).toBe(seen.has(expected.entryId));
  if (seen.has(expected.entryId)) expect(accepted.index).toBe(seen.get(expected.entryId));
  seen.set(expected.entryId, accepted.index);

  for (const anyId of expected.findBy) {
    const found = await server.get(`/v1/runs?id=${encodeURIComponent(anyId)}`);
    expect(found.json.runs.map((r: Loose) => `${r.orchestrator}/${r.runId}`)).toContain(
      `${expected.run.orchestrator}/${expected.run.id}`,
    );
  }
  const runPath = `/v1/runs/${expected.run.orchestrator}/${encodeURIComponent(expected.run.id)}`;
  const run = await server.get(runPath);
  expect(run.status).toBe(200);
  const times = run.json.entries.map((e: Loose) => e.entry.occurredAt);
  expect(times).toEqual([...times].sort());
  const stored = run.json.entries.find((e: Loose) => e.entry.id === expected.entryId);
  const entry = stored.entry;
  expect(entry.kind).toBe('run_event');
  expect(entry.occurredAt).toBe(expected.occurredAt);
  expect(entry.runEvent.status).toBe(expected.status);
  expect(entry.runEvent.state).toBe(expected.state);
  expect(entry.runEvent.error?.message).toBe(expected.errorMessage);
  expect(entry.runEvent.source.payloadDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  for (const [field, value] of Object.entries(expected.run))
    expect({ field, value: entry.run[field] }).toEqual({ field, value });
  expect(entry.run.url.startsWith(expected.urlPrefix)).toBe(true);

  const single = await readVerified(server, expected.entryId);
  expect(single.entry).toEqual(entry);
  expect(single.index).toBe(stored.index);
}

describe.each(['sqlite', 'postgres'] as const)(
  'the fixtures round trip through a running server (%s)',
  (kind) => {
    let cluster: PostgresCluster | undefined;
    let server: TestServer;
    const seen = new Map<string, number>();

    beforeAll(async () => {
      const env: Record<string, string> = { CAIRN_AIRFLOW_URL: AIRFLOW_UI, CAIRN_PREFECT_UI_URL: PREFECT_UI };
      if (kind === 'postgres') {
        cluster = await startPostgres();
        env.CAIRN_DB = await cluster.createDatabase();
      }
      server = await startTestServer(env);
    });

    afterAll(async () => {
      await server?.stop();
      await cluster?.stop();
    });

    for (const { folder, name } of FIXTURES) {
      it(`stores ${folder}/${name} and reads its run back with every id mapped`, async () => {
        await checkRoundTrip(server, folder, name, seen);
      });
    }

    it('holds exactly one entry per distinct event, however often and in whatever form each was sent', async () => {
      const { json } = await server.get('/healthz');
      expect(json.size).toBe(seen.size);
      const verified = await server.server.ledger.verify();
      expect(verified.ok).toBe(true);
    });
  },
);
