import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../openlineage/src/test-support/fixtures.js';
import { MAX_ENTRIES_PER_REQUEST } from './ingest.js';
import { INGEST, decisionEntry, readVerified, startTestServer } from './test-support/server.js';
import type { Loose, TestServer } from './test-support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ CAIRN_MAX_BODY_BYTES: String(64 * 1024) });
});

afterAll(async () => {
  await server.stop();
});

async function size(): Promise<number> {
  return (await server.get('/healthz')).json.size;
}

describe('POST /v1/decisions', () => {
  it('seals one entry and answers its id, index and leaf hash, which the read API returns with a valid receipt', async () => {
    const entry = decisionEntry();
    const posted = await server.postJson('/v1/decisions', entry);
    expect(posted.status).toBe(200);
    const [accepted] = posted.json.accepted;
    expect(accepted).toMatchObject({ id: entry.id, duplicate: false });
    const stored = await readVerified(server, entry.id);
    expect(stored.entry).toEqual(entry);
    expect(stored.index).toBe(accepted.index);
    expect(stored.leafHash).toBe(accepted.leafHash);
  });

  it('seals an array of entries in order, answering one result per entry', async () => {
    const entries = [decisionEntry(), decisionEntry(), decisionEntry()];
    const posted = await server.postJson('/v1/decisions', entries);
    expect(posted.status).toBe(200);
    expect(posted.json.accepted.map((a: Loose) => a.id)).toEqual(entries.map((e) => e.id));
    const indices = posted.json.accepted.map((a: Loose) => a.index);
    expect(indices).toEqual([indices[0], indices[0] + 1, indices[0] + 2]);
  });

  it('is idempotent by entry id: a resent entry answers its first index with duplicate true and stores nothing', async () => {
    const entry = decisionEntry();
    const first = await server.postJson('/v1/decisions', entry);
    const before = await size();
    const again = await server.postJson('/v1/decisions', [entry, entry]);
    expect(again.status).toBe(200);
    for (const result of again.json.accepted) {
      expect(result).toEqual({ ...first.json.accepted[0], duplicate: true });
    }
    expect(await size()).toBe(before);
  });

  it('rejects an invalid entry with 400 naming the field, and stores none of its batch', async () => {
    const before = await size();
    const bad = decisionEntry();
    bad.decision.confidence = 1.7;
    const single = await server.postJson('/v1/decisions', bad);
    expect(single.status).toBe(400);
    expect(single.json.problems.map((p: Loose) => p.path)).toContain('decision.confidence');
    const batch = await server.postJson('/v1/decisions', [decisionEntry(), bad]);
    expect(batch.status).toBe(400);
    expect(
      batch.json.problems.some(
        (p: Loose) => p.path === '[1].decision.confidence' && p.message.includes('1.7'),
      ),
    ).toBe(true);
    expect(await size()).toBe(before);
  });

  it('reports every problem of a batch, not only the first', async () => {
    const one = decisionEntry({ occurredAt: 'yesterday' });
    const two = decisionEntry({ producer: { id: 'p', seq: -1 } });
    const posted = await server.postJson('/v1/decisions', [one, two]);
    expect(posted.status).toBe(400);
    const paths = posted.json.problems.map((p: Loose) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['[0].occurredAt', '[1].producer.seq']));
  });

  it('answers 400 for an empty array and for more entries than one request may carry', async () => {
    expect((await server.postJson('/v1/decisions', [])).status).toBe(400);
    const many = Array.from({ length: MAX_ENTRIES_PER_REQUEST + 1 }, () => ({ v: 1 }));
    const tooMany = await server.postJson('/v1/decisions', many);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.problems[0].message).toContain(`got ${MAX_ENTRIES_PER_REQUEST + 1}`);
  });

  it('answers 400 with a position for a body that is not strict JSON', async () => {
    for (const body of ['{"v":1,', '{"id":"a","id":"b"}', 'null x', '']) {
      const posted = await server.post('/v1/decisions', body);
      expect(posted.status).toBe(400);
      expect(posted.json.problems.length).toBeGreaterThan(0);
    }
  });

  it('accepts a gzip body and seals the entry it carries', async () => {
    const entry = decisionEntry();
    const posted = await server.post('/v1/decisions', gzipSync(JSON.stringify(entry)), {
      ...INGEST,
      'content-encoding': 'gzip',
    });
    expect(posted.status).toBe(200);
    expect((await readVerified(server, entry.id)).entry).toEqual(entry);
  });

  it('answers 413 for a body over CAIRN_MAX_BODY_BYTES, on the wire or once decompressed, and 415 for an unknown encoding', async () => {
    const big = JSON.stringify(decisionEntry({ tags: ['x'.repeat(70 * 1024)] }));
    expect((await server.post('/v1/decisions', big)).status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect((await server.post('/v1/decisions', bomb, { ...INGEST, 'content-encoding': 'gzip' })).status).toBe(
      413,
    );
    expect((await server.post('/v1/decisions', '{}', { ...INGEST, 'content-encoding': 'br' })).status).toBe(
      415,
    );
  });
});

describe('POST /api/v1/lineage with gzip', () => {
  it('stores the gzip and the plain form of one event as one entry with one payload digest', async () => {
    const plain = fixtureBytes('openlineage', 'airflow3-task-complete.wire.json');
    const zipped = fixtureBytes('openlineage', 'airflow3-task-complete.wire.json.gz');
    const first = await server.post('/api/v1/lineage', zipped, { ...INGEST, 'content-encoding': 'gzip' });
    const second = await server.post('/api/v1/lineage', plain);
    expect(first.status).toBe(200);
    expect(second.json.accepted[0]).toEqual({ ...first.json.accepted[0], duplicate: true });
    const stored = await readVerified(server, first.json.accepted[0].id);
    expect(stored.entry.runEvent.source.payloadDigest).toBe(
      `sha256:${createHash('sha256').update(plain).digest('hex')}`,
    );
  });

  it('answers 400, not 5xx, for a gzip body that does not decode', async () => {
    const zipped = fixtureBytes('openlineage', 'airflow3-task-complete.wire.json.gz');
    const posted = await server.post('/api/v1/lineage', zipped.slice(0, zipped.length - 20), {
      ...INGEST,
      'content-encoding': 'gzip',
    });
    expect(posted.status).toBe(400);
  });
});

describe('POST /api/v1/lineage when the event maps to an entry the ledger refuses', () => {
  it('answers 400 naming the field, stores nothing, and does not fail the events grouped with it', async () => {
    const before = await size();
    const event = JSON.parse(
      new TextDecoder().decode(fixtureBytes('openlineage', 'airflow3-task-start.json')),
    );
    const bad = { ...event, job: { ...event.job, namespace: 'x'.repeat(20_000) } };
    const good = { ...event, run: { ...event.run, runId: '01a01e9c-fd7b-7677-a18e-0000000000aa' } };
    // Sent together, so the group commit holds both: the bad one must not take the good one down.
    const [refused, stored] = await Promise.all([
      server.postJson('/api/v1/lineage', bad),
      server.postJson('/api/v1/lineage', good),
    ]);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toBe('invalid_payload');
    expect(refused.json.problems[0].path).toMatch(/^run\./);
    expect(stored.status).toBe(200);
    expect(await size()).toBe(before + 1);
  });
});
