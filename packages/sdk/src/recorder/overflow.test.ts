import { isCairnError } from '@cairn/core';
import type { DecisionEntry } from '@cairn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ledgerSink } from '../sinks/ledger-sink.js';
import { spooledSink } from '../spool/spooled-sink.js';
import { loanDecision } from '../test-support/examples.js';
import { createMemoryWriter } from '../test-support/memory-writer.js';
import { tempDir } from '../test-support/temp-dir.js';
import { createRecorder } from './create-recorder.js';
import type { AuditProblem } from './problems.js';
import type { Captured } from './types.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function apps(entries: readonly unknown[]): unknown[] {
  return entries.map((e) => (e as DecisionEntry).decision.context.applicationId);
}

describe('a full queue', () => {
  it("'reject' refuses the new entry with queue_full and keeps the ones queued", async () => {
    const writer = createMemoryWriter();
    const problems: AuditProblem[] = [];
    const recorder = createRecorder({
      sink: ledgerSink(writer),
      agent: { id: 'a' },
      maxQueue: 3,
      onProblem: (p) => problems.push(p),
      logger: false,
    });
    const results = Array.from({ length: 5 }, (_, n) => recorder.decision(loanDecision(n)));
    expect(results.map((r) => r.ok)).toEqual([true, true, true, false, false]);
    expect(problems.map((p) => p.code)).toEqual(['queue_full', 'queue_full']);
    await recorder.flush();
    expect(apps(writer.entries)).toEqual(['app-0', 'app-1', 'app-2']);
    expect(writer.entries.map((e) => e.producer.seq)).toEqual([0, 1, 2]);
  });

  it("'drop-oldest-and-report' drops the oldest, reports it, and leaves a sequence gap", async () => {
    const writer = createMemoryWriter();
    const problems: AuditProblem[] = [];
    const recorder = createRecorder({
      sink: ledgerSink(writer),
      agent: { id: 'a' },
      maxQueue: 3,
      overflow: 'drop-oldest-and-report',
      onProblem: (p) => problems.push(p),
      logger: false,
    });
    const results = Array.from({ length: 5 }, (_, n) => recorder.decision(loanDecision(n)) as Captured);
    await recorder.flush();
    expect(writer.entries.map((e) => e.producer.seq)).toEqual([2, 3, 4]);
    expect(problems.filter((p) => p.code === 'dropped').flatMap((p) => p.entryIds)).toEqual([
      results[0]!.id,
      results[1]!.id,
    ]);
    expect((await results[0]!.sealed).ok).toBe(false);
  });

  it("'spool' moves the whole queue into the journal from the caller's turn and keeps the order", async () => {
    const dir = tempDir('overflow');
    cleanups.push(dir.cleanup);
    const writer = createMemoryWriter();
    const sink = spooledSink({ sink: ledgerSink(writer), dir: dir.path });
    const recorder = createRecorder({ sink, agent: { id: 'a' }, maxQueue: 10, logger: false });
    for (let n = 0; n < 35; n++) recorder.decision(loanDecision(n));
    expect(sink.pendingBytes).toBeGreaterThan(0);
    await recorder.flush();
    await sink.drained();
    await recorder.close();
    expect(writer.entries.map((e) => e.producer.seq)).toEqual(Array.from({ length: 35 }, (_, i) => i));
  });

  it("'block' makes fail-closed calls wait for room, then stores every entry in order", async () => {
    const writer = createMemoryWriter();
    const recorder = createRecorder({
      sink: ledgerSink(writer),
      agent: { id: 'a' },
      failMode: 'closed',
      maxQueue: 2,
      logger: false,
    });
    const all = await Promise.all(Array.from({ length: 9 }, (_, n) => recorder.decision(loanDecision(n))));
    expect(all.map((c) => c.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(writer.entries.map((e) => e.producer.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it("refuses 'block' under fail-open and 'spool' without a spooled sink", () => {
    const sink = ledgerSink(createMemoryWriter());
    expect(() => createRecorder({ sink, agent: { id: 'a' }, overflow: 'block' })).toThrow(
      expect.objectContaining({ code: 'config' }),
    );
    let error: unknown;
    try {
      createRecorder({ sink, agent: { id: 'a' }, overflow: 'spool' });
    } catch (e) {
      error = e;
    }
    expect(isCairnError(error, 'config')).toBe(true);
  });
});
