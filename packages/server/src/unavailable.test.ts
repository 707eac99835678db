// The 503 path with storage that really fails: another connection holds SQLite's write lock longer than the
// server's busy timeout, then lets go; and a ledger closed under a running server.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../openlineage/src/test-support/fixtures.js';
import { RETRY_AFTER_SECONDS } from '@cairn/openlineage';
import { decisionEntry, readVerified, startTestServer } from './test-support/server.js';
import type { Loose, TestServer } from './test-support/server.js';

let server: TestServer | undefined;

afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** Holds SQLite's write lock on the server's file from a second connection until released. */
function holdWriteLock(path: string): { release(): void } {
  const other = new Database(path);
  other.exec('begin immediate');
  return {
    release() {
      other.exec('rollback');
      other.close();
    },
  };
}

function expectUnavailable(answer: { status: number; json: Loose; headers: Headers }): void {
  expect(answer.status).toBe(503);
  expect(answer.json).toEqual({ error: 'unavailable' });
  expect(answer.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS));
}

describe('a temporary storage failure', () => {
  it('answers 503 with Retry-After on every ingest route while the database is locked, loses nothing, and recovers', async () => {
    server = await startTestServer({ CAIRN_DB_BUSY_TIMEOUT_MS: '50' });
    const before = [decisionEntry(), decisionEntry()];
    for (const entry of before) expect((await server.postJson('/v1/decisions', entry)).status).toBe(200);

    const lock = holdWriteLock(server.env.CAIRN_DB!);
    const blocked = decisionEntry();
    try {
      expectUnavailable(await server.postJson('/v1/decisions', blocked));
      expectUnavailable(
        await server.post('/api/v1/lineage', fixtureBytes('openlineage', 'airflow3-task-start.json')),
      );
      expectUnavailable(
        await server.post('/hooks/prefect', fixtureBytes('prefect', 'flow-run-running.event.json')),
      );
      // WAL readers are not blocked by a writer: the read API keeps answering.
      expect((await server.get('/healthz')).json.size).toBe(2);
    } finally {
      lock.release();
    }

    const retried = await server.postJson('/v1/decisions', blocked);
    expect(retried.status).toBe(200);
    expect(retried.json.accepted[0]).toMatchObject({ index: 2, duplicate: false });
    for (const entry of [...before, blocked])
      expect((await readVerified(server, entry.id)).entry).toEqual(entry);
    expect((await server.server.ledger.verify()).ok).toBe(true);
  });

  it('answers 503, not 500, when the database connection is gone under a running server, and still closes', async () => {
    server = await startTestServer();
    const entry = decisionEntry();
    expect((await server.postJson('/v1/decisions', entry)).status).toBe(200);
    await server.server.ledger.store.close();
    expectUnavailable(await server.postJson('/v1/decisions', decisionEntry()));
    expectUnavailable(
      await server.post('/api/v1/lineage', fixtureBytes('openlineage', 'airflow3-task-start.json')),
    );
    expectUnavailable(await server.get(`/v1/decisions/${entry.id}`));
    await server.stop();
    server = undefined;
  });
});
