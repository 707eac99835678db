import { appendFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCairnError } from '@cairn/core';
import type { DecisionEntry } from '@cairn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecorder } from '../recorder/create-recorder.js';
import type { AuditProblem } from '../recorder/problems.js';
import type { Captured } from '../recorder/types.js';
import { httpSink } from '../sinks/http-sink.js';
import { ledgerSink } from '../sinks/ledger-sink.js';
import { loanDecision } from '../test-support/examples.js';
import { startReceiver } from '../test-support/http-receiver.js';
import type { Receiver } from '../test-support/http-receiver.js';
import { createMemoryWriter } from '../test-support/memory-writer.js';
import type { MemoryWriter } from '../test-support/memory-writer.js';
import { tempDir } from '../test-support/temp-dir.js';
import { spooledSink } from './spooled-sink.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function spoolDir(): string {
  const dir = tempDir('spool');
  cleanups.push(dir.cleanup);
  return dir.path;
}

async function receiver(): Promise<Receiver> {
  const r = await startReceiver();
  cleanups.push(() => r.stop());
  return r;
}

const fast = { maxRetries: 1, backoff: { baseMs: 5, maxMs: 20 } };
const retry = { baseMs: 5, maxMs: 50 };

function contexts(entries: readonly unknown[]): unknown[] {
  return entries.map((e) => (e as DecisionEntry).decision.context.applicationId);
}

/** A process that recorded `count` loan decisions while its store was down, then stopped: they stay in `dir`. */
async function leftInSpool(count: number): Promise<{ dir: string; writer: MemoryWriter; ids: string[] }> {
  const dir = spoolDir();
  const writer = createMemoryWriter();
  writer.down = true;
  const first = createRecorder({
    sink: spooledSink({ sink: ledgerSink(writer), dir, retry }),
    agent: { id: 'a' },
    logger: false,
  });
  const ids = Array.from({ length: count }, (_, n) => (first.decision(loanDecision(n)) as Captured).id);
  await first.close();
  expect(writer.entries).toHaveLength(0);
  writer.down = false;
  return { dir, writer, ids };
}

describe('spooledSink', () => {
  it('takes over while the server is down mid-stream and delivers every entry exactly once, in order, on recovery', async () => {
    const server = await receiver();
    const problems: AuditProblem[] = [];
    const sink = spooledSink({
      sink: httpSink({ url: server.url, ...fast }),
      dir: spoolDir(),
      retry,
      batchSize: 7,
    });
    const recorder = createRecorder({
      sink,
      agent: { id: 'a' },
      onProblem: (p) => problems.push(p),
      logger: false,
      batchSize: 5,
    });
    const captured: Captured[] = [];
    const record = (from: number, to: number) => {
      for (let n = from; n < to; n++) captured.push(recorder.decision(loanDecision(n)) as Captured);
    };
    record(0, 40);
    await recorder.flush();
    await sink.drained();
    await server.stop();
    record(40, 120);
    await recorder.flush();
    expect(sink.pendingBytes).toBeGreaterThan(0);
    await server.start();
    record(120, 150);
    const sealed = await Promise.all(captured.map((c) => c.sealed));
    await sink.drained();
    expect(sealed.every((s) => s.ok)).toBe(true);
    expect(server.writer.entries.map((e) => e.id)).toEqual(captured.map((c) => c.id));
    expect(server.writer.entries.map((e) => e.producer.seq)).toEqual(captured.map((_, i) => i));
    expect(problems.some((p) => p.code === 'sink_unavailable')).toBe(true);
    expect(problems.some((p) => p.code === 'sink_recovered')).toBe(true);
    await recorder.close();
  });

  it('delivers what an earlier process left in the spool when it is opened again', async () => {
    const { dir, writer, ids } = await leftInSpool(30);
    const again = spooledSink({ sink: ledgerSink(writer), dir, retry });
    await again.drained();
    await again.close();
    expect(writer.entries.map((e) => e.id)).toEqual(ids);
  });

  it('delivers an earlier process’s records before this one’s own, each once and in order, across batch edges', async () => {
    const { dir, writer, ids: left } = await leftInSpool(5);
    writer.down = true;
    // Batches of 3 against writes of 4: deliveries end inside the first process's records and inside this one's.
    const sink = spooledSink({ sink: ledgerSink(writer), dir, retry, batchSize: 3 });
    const second = createRecorder({ sink, agent: { id: 'a' }, logger: false, batchSize: 4 });
    const own = Array.from({ length: 10 }, (_, n) => (second.decision(loanDecision(5 + n)) as Captured).id);
    await second.flush();
    writer.down = false;
    await sink.drained();
    await second.close();
    expect(writer.entries.map((e) => e.id)).toEqual([...left, ...own]);
    expect(writer.duplicates).toBe(0);
    expect(contexts(writer.entries)).toEqual(Array.from({ length: 15 }, (_, n) => `app-${n}`));
  });

  it('drops a torn last record left by a crash, reports it, and delivers every whole record', async () => {
    const { dir, writer } = await leftInSpool(5);
    const segment = readdirSync(dir).find((f) => f.startsWith('seg-'))!;
    appendFileSync(join(dir, segment), '00000400 1234abcd {"v":1,"kind":"deci');
    const problems: AuditProblem[] = [];
    const again = spooledSink({ sink: ledgerSink(writer), dir, retry, onProblem: (p) => problems.push(p) });
    await again.drained();
    await again.close();
    expect(contexts(writer.entries)).toEqual(['app-0', 'app-1', 'app-2', 'app-3', 'app-4']);
    expect(problems.map((p) => p.code)).toEqual(['spool_torn_tail']);
  });

  it('skips and reports damage in the middle of a segment, delivering the records around it', async () => {
    const dir = spoolDir();
    const writer = createMemoryWriter();
    writer.down = true;
    const sink = spooledSink({ sink: ledgerSink(writer), dir, retry });
    const recorder = createRecorder({ sink, agent: { id: 'a' }, logger: false, batchSize: 1 });
    for (let n = 0; n < 3; n++) {
      recorder.decision(loanDecision(n));
      await recorder.flush();
      if (n === 0)
        appendFileSync(
          join(
            dir,
            readdirSync(dir).find((f) => f.startsWith('seg-'))!,
          ),
          'garbage that is no record\n',
        );
    }
    await recorder.close();
    writer.down = false;
    const problems: AuditProblem[] = [];
    const again = spooledSink({ sink: ledgerSink(writer), dir, retry, onProblem: (p) => problems.push(p) });
    await again.drained();
    await again.close();
    expect(contexts(writer.entries)).toEqual(['app-0', 'app-1', 'app-2']);
    expect(problems.map((p) => p.code)).toEqual(['spool_corrupt']);
  });

  it('rotates segments and deletes the ones fully delivered', async () => {
    const dir = spoolDir();
    const writer = createMemoryWriter();
    writer.down = true;
    const sink = spooledSink({ sink: ledgerSink(writer), dir, retry, segmentBytes: 2048 });
    const recorder = createRecorder({ sink, agent: { id: 'a' }, logger: false, batchSize: 2 });
    for (let n = 0; n < 20; n++) recorder.decision(loanDecision(n));
    await recorder.flush();
    expect(readdirSync(dir).filter((f) => f.startsWith('seg-')).length).toBeGreaterThan(3);
    writer.down = false;
    await sink.drained();
    await recorder.close();
    expect(writer.entries).toHaveLength(20);
    expect(readdirSync(dir).filter((f) => f.startsWith('seg-'))).toHaveLength(1);
  });

  it('refuses writes past maxBytes with spool_full, which a fail-closed call surfaces as a rejection', async () => {
    const writer = createMemoryWriter();
    writer.down = true;
    const problems: AuditProblem[] = [];
    const sink = spooledSink({ sink: ledgerSink(writer), dir: spoolDir(), retry, maxBytes: 3000 });
    const recorder = createRecorder({
      sink,
      agent: { id: 'a' },
      failMode: 'closed',
      onProblem: (p) => problems.push(p),
      logger: false,
    });
    cleanups.push(() => recorder.close());
    let stored = 0;
    let refused: unknown;
    for (let n = 0; n < 20 && refused === undefined; n++) {
      await recorder.decision(loanDecision(n)).then(
        () => (stored += 1),
        (e: unknown) => (refused = e),
      );
    }
    expect(stored).toBeGreaterThan(0);
    expect(isCairnError(refused, 'unavailable')).toBe(true);
    expect(problems.map((p) => p.code)).toContain('spool_full');
  });

  it('refuses a second sink on the same directory while the first is open', async () => {
    const dir = spoolDir();
    const sink = spooledSink({ sink: ledgerSink(createMemoryWriter()), dir });
    expect(() => spooledSink({ sink: ledgerSink(createMemoryWriter()), dir })).toThrow(/already open/);
    await sink.close();
    const reopened = spooledSink({ sink: ledgerSink(createMemoryWriter()), dir });
    await reopened.close();
  });

  it('takes over a lock left by a process that no longer runs', async () => {
    const dir = spoolDir();
    await spooledSink({ sink: ledgerSink(createMemoryWriter()), dir }).close();
    writeFileSync(join(dir, 'lock'), '999999999');
    const sink = spooledSink({ sink: ledgerSink(createMemoryWriter()), dir });
    await sink.close();
  });
});
