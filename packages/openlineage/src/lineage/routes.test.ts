import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { payloadDigest } from '../entry.js';
import { fixtureBytes, fixtureFiles, fixtureHeaders, fixtureJson, post } from '../test-support/fixtures.js';
import { MemoryWriter } from '../test-support/memory-writer.js';
import { byteMutation, jsonMutations } from '../test-support/mutations.js';
import { lineageRoutes } from './routes.js';
import type { Loose } from '../test-support/fixtures.js';

const PATH = '/api/v1/lineage';
const now = () => new Date('2026-08-20T10:00:09.000Z');
let writer: MemoryWriter;
let app: ReturnType<typeof lineageRoutes>;

beforeEach(() => {
  writer = new MemoryWriter();
  app = lineageRoutes({ writer, now, maxBodyBytes: 64 * 1024 });
});

function postFixture(name: string) {
  return post(app, PATH, fixtureBytes('openlineage', name), fixtureHeaders(name));
}

describe('POST /api/v1/lineage with the shared fixtures', () => {
  for (const name of fixtureFiles('openlineage')) {
    it(`stores ${name} as one run event linked to its OpenLineage run`, async () => {
      const event = fixtureJson('openlineage', name);
      const answer = await postFixture(name);
      expect(answer.status).toBe(200);
      expect(answer.json.accepted).toEqual([{ id: expect.any(String), index: 0, duplicate: false }]);
      const entry: Loose = writer.get(answer.json.accepted[0].id);
      expect(entry.run.id).toBe(event.run.runId);
      expect(entry.run.namespace).toBe(event.job.namespace);
      expect(entry.run.workflow.id).toBe(event.job.name);
      expect(entry.run.ids['openlineage.runId']).toBe(event.run.runId);
      expect(entry.runEvent.state).toBe(event.eventType);
      expect(entry.recordedAt).toBe(now().toISOString());
    });
  }

  it('digests the decompressed bytes, so the plain and gzip wire fixtures are one event', async () => {
    const plain = await postFixture('airflow3-task-complete.wire.json');
    const gzip = await postFixture('airflow3-task-complete.wire.json.gz');
    expect(gzip.json.accepted).toEqual([{ ...plain.json.accepted[0], duplicate: true }]);
    const entry: Loose = writer.get(plain.json.accepted[0].id);
    expect(entry.runEvent.source.payloadDigest).toBe(
      payloadDigest(fixtureBytes('openlineage', 'airflow3-task-complete.wire.json')),
    );
    expect(writer.size).toBe(1);
  });

  it('treats the same event with other whitespace and key order as a redelivery', async () => {
    const pretty = await postFixture('airflow3-task-complete.json');
    const wire = await postFixture('airflow3-task-complete.wire.json');
    expect(wire.json.accepted[0]).toEqual({ ...pretty.json.accepted[0], duplicate: true });
  });

  it('stores nothing new when an event is delivered again', async () => {
    await postFixture('airflow3-task-start.json');
    const stored = writer.entries;
    const again = await postFixture('airflow3-task-start.json');
    expect(again.status).toBe(200);
    expect(again.json.accepted[0].duplicate).toBe(true);
    expect(writer.entries).toEqual(stored);
  });

  it('accepts a task COMPLETE that arrives before its DAG START', async () => {
    const complete = await postFixture('airflow3-task-complete.json');
    const start = await postFixture('airflow3-dag-start.json');
    expect([complete.status, start.status]).toEqual([200, 200]);
    expect(writer.size).toBe(2);
  });
});

describe('POST /api/v1/lineage with bad bodies', () => {
  const valid = fixtureBytes('openlineage', 'airflow3-task-complete.wire.json');

  it('answers 400 naming the position of a JSON syntax error', async () => {
    const answer = await post(app, PATH, valid.subarray(0, valid.length - 1));
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalid_payload');
    expect(answer.json.problems[0].message).toMatch(/line 1, column \d+/);
  });

  it('answers 400 for an empty body', async () => {
    const answer = await post(app, PATH, '');
    expect(answer.json).toEqual({
      error: 'invalid_payload',
      problems: [
        { path: '', code: 'required', message: 'body: expected a JSON document, got an empty body' },
      ],
    });
  });

  it('answers 400 for bytes that are not UTF-8', async () => {
    const answer = await post(app, PATH, new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]));
    expect(answer.status).toBe(400);
    expect(answer.json.problems[0].code).toBe('invalid_encoding');
  });

  it('answers 400 for duplicate keys, which strict I-JSON refuses', async () => {
    const answer = await post(
      app,
      PATH,
      '{"eventTime": "2026-08-20T10:00:00Z", "eventTime": "2026-08-21T10:00:00Z"}',
    );
    expect(answer.status).toBe(400);
  });

  it('answers 400 with every wrongly typed field', async () => {
    const event = fixtureJson('openlineage', 'airflow3-task-start.json');
    event.run.runId = 12;
    event.job.name = ['x'];
    const answer = await post(app, PATH, JSON.stringify(event));
    expect(answer.status).toBe(400);
    expect(answer.json.problems.map((p: { path: string }) => p.path)).toEqual(['run.runId', 'job.name']);
  });

  it('answers 400 for a gzip header on bytes that are not gzip', async () => {
    const answer = await post(app, PATH, valid, { 'Content-Encoding': 'gzip' });
    expect(answer.status).toBe(400);
    expect(answer.json.problems[0].code).toBe('invalid_encoding');
  });

  it('answers 413 for a body over the limit', async () => {
    const answer = await post(app, PATH, new Uint8Array(64 * 1024 + 1).fill(0x20));
    expect(answer.status).toBe(413);
    expect(answer.json).toEqual({ error: 'payload_too_large', limit: 64 * 1024 });
  });

  it('answers 413 for a gzip body that expands past the limit', async () => {
    const answer = await post(app, PATH, gzipSync(new Uint8Array(1024 * 1024).fill(0x20)), {
      'Content-Encoding': 'gzip',
    });
    expect(answer.status).toBe(413);
  });

  it('answers 415 for a content coding it cannot decode', async () => {
    const answer = await post(app, PATH, valid, { 'Content-Encoding': 'br' });
    expect(answer.status).toBe(415);
  });

  it.each(['unavailable', 'storage'] as const)(
    'answers 503 with Retry-After when the writer throws %s',
    async (code) => {
      writer.failWith(code);
      const answer = await postFixture('airflow3-task-start.json');
      expect(answer.status).toBe(503);
      expect(answer.json).toEqual({ error: 'unavailable' });
      expect(answer.headers.get('Retry-After')).toBe('5');
      writer.recover();
      expect((await postFixture('airflow3-task-start.json')).status).toBe(200);
    },
  );

  it('lets a writer bug surface instead of disguising it as an outage', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    writer.failWith('integrity');
    const response = await app.request(PATH, { method: 'POST', body: valid as BodyInit });
    expect(response.status).toBe(500);
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });
});

describe('POST /api/v1/lineage with random damage', () => {
  for (const name of fixtureFiles('openlineage').filter((n) => !n.endsWith('.gz'))) {
    it(`never answers 5xx nor loses stored entries for mutations of ${name}`, async () => {
      for (const stored of fixtureFiles('openlineage')) await postFixture(stored);
      const before = writer.entries;
      const base = fixtureJson('openlineage', name);
      const bytes = fixtureBytes('openlineage', name);
      const bodies = fc.oneof(
        jsonMutations(base).map((value) => JSON.stringify(value) ?? ''),
        byteMutation(bytes),
        byteMutation(gzipSync(bytes)).map((gz) => ({ gz })),
      );
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const answer =
            typeof body === 'object' && 'gz' in body
              ? await post(app, PATH, body.gz, { 'Content-Encoding': 'gzip' })
              : await post(app, PATH, body);
          expect(answer.status).toBeLessThan(500);
          expect(writer.entries.slice(0, before.length)).toEqual(before);
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe('POST /api/v1/lineage when the writer refuses what the event maps to', () => {
  it('answers 400 with every problem the writer listed, and stores nothing', async () => {
    const event = fixtureJson('openlineage', 'airflow3-task-complete.json');
    event.job.name = 'x'.repeat(20_000);
    const answer = await post(app, PATH, new TextEncoder().encode(JSON.stringify(event)), {
      'content-type': 'application/json',
    });
    expect(answer.status).toBe(400);
    expect(answer.json.error).toBe('invalid_payload');
    expect(answer.json.problems.length).toBeGreaterThan(0);
    expect(answer.json.problems[0].path).toMatch(/^run\./);
    expect(writer.size).toBe(0);
    expect(writer.appendCalls).toBe(1);
  });
});
