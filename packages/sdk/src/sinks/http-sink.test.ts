import { isCairnError } from '@cairn/core';
import type { DecisionEntry, Entry } from '@cairn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecorder } from '../recorder/create-recorder.js';
import type { AuditProblem } from '../recorder/problems.js';
import { loanDecision } from '../test-support/examples.js';
import { startReceiver } from '../test-support/http-receiver.js';
import type { Receiver } from '../test-support/http-receiver.js';
import { createMemoryWriter } from '../test-support/memory-writer.js';
import { backoffDelay } from './backoff.js';
import { httpSink } from './http-sink.js';
import { ledgerSink } from './ledger-sink.js';
import type { Rejection } from './sink.js';

const servers: Receiver[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  servers.push(r);
  return r;
}

/** Valid entries, made by a recorder into a memory writer. */
async function entries(count: number): Promise<DecisionEntry[]> {
  const writer = createMemoryWriter();
  const recorder = createRecorder({ sink: ledgerSink(writer), agent: { id: 'a' }, logger: false });
  for (let n = 0; n < count; n++) recorder.decision(loanDecision(n));
  await recorder.close();
  return writer.entries as DecisionEntry[];
}

const quick = { backoff: { baseMs: 1, maxMs: 10 } };

describe('httpSink', () => {
  it('posts batches of batchSize and returns one receipt per entry, in order', async () => {
    const server = await receiver();
    const batch = await entries(10);
    const results = await httpSink({ url: server.url, batchSize: 4 }).write(batch);
    expect(results.map((r) => r.id)).toEqual(batch.map((e) => e.id));
    expect(results.map((r) => r.index)).toEqual(batch.map((_, i) => i));
    expect(server.requests).toBe(3);
  });

  it('retries after a lost response and the retry stores nothing twice', async () => {
    const server = await receiver();
    const batch = await entries(5);
    server.dropResponses(1);
    const results = await httpSink({ url: server.url, ...quick }).write(batch);
    expect(server.writer.entries.map((e) => e.id)).toEqual(batch.map((e) => e.id));
    expect(server.writer.duplicates).toBe(5);
    expect(results.every((r) => r.duplicate)).toBe(true);
  });

  it('retries while the server is down and delivers once it is back', async () => {
    const server = await receiver();
    await server.stop();
    const problems: AuditProblem[] = [];
    const sink = httpSink({ url: server.url, maxRetries: 50, backoff: { baseMs: 5, maxMs: 20 } });
    sink.bind?.((p) => problems.push(p));
    const writing = sink.write(await entries(3));
    while (problems.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await server.start();
    expect(await writing).toHaveLength(3);
    expect(problems.every((p) => p.code === 'sink_unavailable')).toBe(true);
  });

  it('gives up with unavailable after maxRetries', async () => {
    const server = await receiver();
    await server.stop();
    const error = await httpSink({ url: server.url, maxRetries: 2, ...quick })
      .write(await entries(1))
      .catch((e: unknown) => e);
    expect(isCairnError(error, 'unavailable')).toBe(true);
    expect((error as Error).message).toContain('3 attempts');
  });

  it('never retries a 400: it isolates the bad entries, stores the rest, and reports the bad ones as rejected', async () => {
    const server = await receiver();
    const batch: Entry[] = await entries(6);
    const broken = { ...batch[3]!, occurredAt: 'yesterday' } as Entry;
    batch[3] = broken;
    const rejected: Rejection[] = [];
    const results = await httpSink({ url: server.url }).write(batch, {
      onRejected: (r) => rejected.push(...r),
    });
    expect(results.map((r) => r.id)).toEqual(batch.filter((e) => e !== broken).map((e) => e.id));
    expect(rejected.map((r) => r.id)).toEqual([broken.id]);
    expect(rejected[0]!.problems.map((p) => p.path).join()).toContain('occurredAt');
  });

  it('reports a refused token as a configuration error', async () => {
    const error = await httpSink({
      url: 'http://127.0.0.1:1',
      fetch: () => Promise.resolve(new Response(null, { status: 401 })),
    })
      .write(await entries(1))
      .catch((e: unknown) => e);
    expect(isCairnError(error, 'config')).toBe(true);
  });

  it('retries a 503, waiting at least what Retry-After asks (capped by maxMs)', async () => {
    const server = await receiver();
    let calls = 0;
    const sink = httpSink({
      url: server.url,
      backoff: { baseMs: 1, maxMs: 50 },
      fetch: (input, init) =>
        ++calls === 1
          ? Promise.resolve(new Response(null, { status: 503, headers: { 'retry-after': '0' } }))
          : fetch(input, init),
    });
    expect(await sink.write(await entries(2))).toHaveLength(2);
    expect(calls).toBe(2);
  });
});

describe('backoffDelay', () => {
  it('draws uniformly below min(maxMs, baseMs·2^attempt) (full jitter)', () => {
    const backoff = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(backoff, 0, () => 0.999)).toBe(99);
    expect(backoffDelay(backoff, 3, () => 0.5)).toBe(400);
    expect(backoffDelay(backoff, 9, () => 0.999)).toBe(999);
    expect(backoffDelay(backoff, 2, () => 0)).toBe(0);
  });
});
