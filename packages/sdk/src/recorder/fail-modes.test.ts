import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { isCairnError } from '@cairn/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpSink } from '../sinks/http-sink.js';
import { ledgerSink } from '../sinks/ledger-sink.js';
import { spooledSink } from '../spool/spooled-sink.js';
import { loanDecision } from '../test-support/examples.js';
import { startReceiver } from '../test-support/http-receiver.js';
import { createMemoryWriter } from '../test-support/memory-writer.js';
import { tempDir } from '../test-support/temp-dir.js';
import { createRecorder } from './create-recorder.js';
import type { AuditProblem, Logger } from './problems.js';
import type { Captured } from './types.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

const fast = { maxRetries: 1, backoff: { baseMs: 1, maxMs: 5 } };

describe('fail-closed', () => {
  it('rejects with unavailable when the server is unreachable and there is no spool', async () => {
    const problems: AuditProblem[] = [];
    const recorder = createRecorder({
      sink: httpSink({ url: await closedPortUrl(), ...fast }),
      agent: { id: 'a' },
      failMode: 'closed',
      onProblem: (p) => problems.push(p),
      logger: false,
    });
    const error = await recorder.decision(loanDecision(1)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCairnError(error, 'unavailable')).toBe(true);
    expect(problems.map((p) => p.code)).toContain('lost');
  });

  it('resolves once the entry is in the spool even though the server is down', async () => {
    const dir = tempDir('closed');
    cleanups.push(dir.cleanup);
    const sink = spooledSink({ sink: httpSink({ url: await closedPortUrl(), ...fast }), dir: dir.path });
    const recorder = createRecorder({ sink, agent: { id: 'a' }, failMode: 'closed', logger: false });
    cleanups.push(() => recorder.close());
    const captured = await recorder.decision(loanDecision(1));
    expect(captured.seq).toBe(0);
    expect(sink.pendingBytes).toBeGreaterThan(0);
  });

  it('resolves after the ledger acknowledged when the sink is in-process', async () => {
    const writer = createMemoryWriter();
    const recorder = createRecorder({
      sink: ledgerSink(writer),
      agent: { id: 'a' },
      failMode: 'closed',
      logger: false,
    });
    const captured = await recorder.decision(loanDecision(1));
    expect(writer.entries.map((e) => e.id)).toEqual([captured.id]);
  });
});

describe('fail-open', () => {
  it('never throws, reports through onProblem and the logger, and loses nothing once the server is back', async () => {
    const dir = tempDir('open');
    cleanups.push(dir.cleanup);
    const server = await startReceiver();
    cleanups.push(() => server.stop());
    await server.stop();
    const problems: AuditProblem[] = [];
    const logged: string[] = [];
    const logger: Logger = { warn: (m) => logged.push(m), error: (m) => logged.push(m) };
    const sink = spooledSink({
      sink: httpSink({ url: server.url, ...fast }),
      dir: dir.path,
      retry: { baseMs: 5, maxMs: 20 },
    });
    const recorder = createRecorder({
      sink,
      agent: { id: 'a' },
      onProblem: (p) => {
        problems.push(p);
        throw new Error('a broken callback');
      },
      logger,
    });
    const captured = Array.from({ length: 25 }, (_, n) => recorder.decision(loanDecision(n)));
    await recorder.flush();
    expect(captured.every((c) => c.ok)).toBe(true);
    await vi.waitFor(() => expect(problems.some((p) => p.code === 'sink_unavailable')).toBe(true));
    expect(logged.some((m) => m.startsWith('cairn: '))).toBe(true);
    await server.start();
    await sink.drained();
    await recorder.close();
    expect(server.writer.entries.map((e) => e.id)).toEqual(captured.map((c) => (c as Captured).id));
  });

  it('reports an entry it could not store at all, and resolves its sealed with the problem instead of throwing', async () => {
    const problems: AuditProblem[] = [];
    const recorder = createRecorder({
      sink: httpSink({ url: await closedPortUrl(), ...fast }),
      agent: { id: 'a' },
      onProblem: (p) => problems.push(p),
      logger: false,
    });
    const captured = recorder.decision(loanDecision(1));
    const sealed = await captured.sealed;
    expect(sealed.ok).toBe(false);
    expect(sealed.ok ? undefined : sealed.problems[0]!.code).toBe('lost');
    expect(problems.find((p) => p.code === 'lost')!.entryIds).toEqual([captured.id]);
  });
});
