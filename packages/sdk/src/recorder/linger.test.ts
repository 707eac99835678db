import type { AppendResult, Entry } from '@cairn/core';
import { isCairnError } from '@cairn/core';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ledgerSink } from '../sinks/ledger-sink.js';
import { loanDecision } from '../test-support/examples.js';
import { createMemoryWriter } from '../test-support/memory-writer.js';
import { createRecorder } from './create-recorder.js';
import type { RecorderOptions } from './create-recorder.js';

// A memory writer that remembers the size of every append: what the pump handed the sink, write by write.
function countingSetup(extra: Partial<RecorderOptions<'open'>> = {}) {
  const writer = createMemoryWriter();
  const writes: number[] = [];
  const counting = {
    append(entries: readonly Entry[]): Promise<readonly AppendResult[]> {
      writes.push(entries.length);
      return writer.append(entries);
    },
  };
  const recorder = createRecorder({
    sink: ledgerSink(counting),
    agent: { id: 'underwriter', version: '3.2.0' },
    logger: false,
    ...extra,
  });
  return { writer, writes, recorder };
}

describe('createRecorder: lingerMs', () => {
  it('sends a burst of fail-open decisions as one write after the linger, not one write per turn of the event loop', async () => {
    const { writes, writer, recorder } = countingSetup({ lingerMs: 40 });
    recorder.decision(loanDecision(1));
    recorder.decision(loanDecision(2));
    await nextTurn();
    await nextTurn();
    recorder.decision(loanDecision(3));
    await nextTurn();
    expect(writes).toEqual([]);
    await sleep(120);
    expect(writes).toEqual([3]);
    expect(writer.entries).toHaveLength(3);
  });

  it('sends at once, without waiting for the linger, when batchSize entries are queued', async () => {
    const { writes, recorder } = countingSetup({ lingerMs: 60_000, batchSize: 3 });
    for (let n = 0; n < 3; n++) recorder.decision(loanDecision(n));
    await nextTurn();
    await nextTurn();
    expect(writes).toEqual([3]);
    await recorder.close();
  });

  it('cuts the linger short on flush and on close', async () => {
    const { writes, writer, recorder } = countingSetup({ lingerMs: 60_000 });
    recorder.decision(loanDecision(1));
    const flushed = await Promise.race([recorder.flush().then(() => 'flushed'), sleep(2_000, 'waited')]);
    expect(flushed).toBe('flushed');
    recorder.decision(loanDecision(2));
    const closed = await Promise.race([recorder.close().then(() => 'closed'), sleep(2_000, 'waited')]);
    expect(closed).toBe('closed');
    expect(writes).toEqual([1, 1]);
    expect(writer.entries).toHaveLength(2);
  });

  it('does not linger by default under fail-closed, where the caller waits for durability', async () => {
    const writer = createMemoryWriter();
    const recorder = createRecorder({
      sink: ledgerSink(writer),
      agent: { id: 'underwriter', version: '3.2.0' },
      failMode: 'closed',
      logger: false,
    });
    // Three turns of the event loop are far less than any linger timer: the entry must be durable by then.
    const durable = recorder.decision(loanDecision(1));
    let settled = false;
    void durable.then(() => (settled = true));
    for (let turn = 0; turn < 3; turn++) await nextTurn();
    expect(settled).toBe(true);
    expect(writer.entries).toHaveLength(1);
  });

  it('refuses a lingerMs that is not a number of ms from 0 to 60000, naming lingerMs', () => {
    for (const lingerMs of [-1, Number.NaN, 60_001, Number.POSITIVE_INFINITY]) {
      let thrown: unknown;
      try {
        countingSetup({ lingerMs });
      } catch (error) {
        thrown = error;
      }
      expect(isCairnError(thrown, 'config')).toBe(true);
      expect((thrown as Error).message).toContain('lingerMs');
    }
  });
});
