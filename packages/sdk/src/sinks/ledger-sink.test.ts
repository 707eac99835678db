import { validateEntry } from '@cairn/core';
import type { Entry } from '@cairn/core';
import { describe, expect, it } from 'vitest';
import { createRecorder } from '../recorder/create-recorder.js';
import type { AuditProblem } from '../recorder/problems.js';
import type { Captured } from '../recorder/types.js';
import { loanDecision } from '../test-support/examples.js';
import { createMemoryWriter } from '../test-support/memory-writer.js';
import { ledgerSink } from './ledger-sink.js';

describe('ledgerSink', () => {
  it('appends batches to the writer and returns its receipts', async () => {
    const writer = createMemoryWriter();
    const recorder = createRecorder({ sink: ledgerSink(writer), agent: { id: 'a' }, logger: false });
    const captured = Array.from({ length: 20 }, (_, n) => recorder.decision(loanDecision(n)) as Captured);
    const sealed = await Promise.all(captured.map((c) => c.sealed));
    expect(sealed.map((s) => (s.ok ? s.value.index : -1))).toEqual(captured.map((_, i) => i));
    expect(writer.entries.every((e) => validateEntry(e).ok)).toBe(true);
  });

  it('isolates an entry the ledger refuses and stores the rest of its batch', async () => {
    const writer = createMemoryWriter();
    const good = createMemoryWriter();
    const recorder = createRecorder({ sink: ledgerSink(good), agent: { id: 'a' }, logger: false });
    for (let n = 0; n < 4; n++) recorder.decision(loanDecision(n));
    await recorder.close();
    const batch: Entry[] = [...good.entries];
    batch[1] = { ...batch[1]!, producer: { id: 'p', seq: -1 } };
    const refused: string[] = [];
    const results = await ledgerSink(writer).write(batch, {
      onRejected: (r) => refused.push(...r.map((x) => x.id)),
    });
    expect(results.map((r) => r.id)).toEqual([batch[0]!.id, batch[2]!.id, batch[3]!.id]);
    expect(refused).toEqual([batch[1].id]);
  });

  it('reports entries a ledger refuses through onProblem and resolves their sealed with the problems', async () => {
    const problems: AuditProblem[] = [];
    const writer = createMemoryWriter();
    const refusing = {
      append: (entries: readonly Entry[]) =>
        writer.append(entries.map((e) => ({ ...e, v: 2 }) as unknown as Entry)),
    };
    const recorder = createRecorder({
      sink: ledgerSink(refusing),
      agent: { id: 'a' },
      onProblem: (p) => problems.push(p),
      logger: false,
    });
    const captured = recorder.decision(loanDecision(1)) as Captured;
    const sealed = await captured.sealed;
    expect(sealed.ok).toBe(false);
    expect(problems.map((p) => p.code)).toEqual(['rejected']);
  });
});
