import { readdirSync } from 'node:fs';
import { isCairnError } from '@cairn/core';
import type { Problem } from '@cairn/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecorder } from './recorder/create-recorder.js';
import { httpSink } from './sinks/http-sink.js';
import type { HttpSinkOptions } from './sinks/http-sink.js';
import { ledgerSink } from './sinks/ledger-sink.js';
import { spooledSink } from './spool/spooled-sink.js';
import type { SpooledSinkOptions } from './spool/spooled-sink.js';
import { loanDecision } from './test-support/examples.js';
import { createMemoryWriter } from './test-support/memory-writer.js';
import { tempDir } from './test-support/temp-dir.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** The config error `make` throws: its message and the paths of its problems. */
function refusal(make: () => unknown): { message: string; paths: string[] } {
  try {
    make();
  } catch (error) {
    expect(isCairnError(error, 'config')).toBe(true);
    const problems = ((error as Error).cause as { problems: Problem[] }).problems;
    return { message: (error as Error).message, paths: problems.map((p) => p.path) };
  }
  throw new Error('expected a config error, but nothing was thrown');
}

const recorderBase = {
  sink: ledgerSink(createMemoryWriter()),
  agent: { id: 'underwriter' },
  logger: false as const,
};

function recorderWith(extra: Record<string, unknown>) {
  return () => createRecorder({ ...recorderBase, ...extra });
}

describe('createRecorder: options', () => {
  it('refuses a batchSize of 0, which would spin the pump forever, naming batchSize', () => {
    const { message, paths } = refusal(recorderWith({ batchSize: 0 }));
    expect(paths).toEqual(['batchSize']);
    expect(message).toBe('createRecorder: batchSize: expected a whole number of at least 1, got 0');
  });

  it('refuses each bad option, naming it', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ maxQueue: 0 }, 'maxQueue'],
      [{ batchSize: 2.5 }, 'batchSize'],
      [{ startSeq: -1 }, 'startSeq'],
      [{ startSeq: Number.NaN }, 'startSeq'],
      [{ lingerMs: 60_001 }, 'lingerMs'],
      [{ lingerMs: '5' }, 'lingerMs'],
      [{ failMode: 'opne' }, 'failMode'],
      [{ overflow: 'rejct' }, 'overflow'],
      [{ producerId: 'has a space' }, 'producerId'],
      [{ producerId: 'x'.repeat(129) }, 'producerId'],
      [{ clock: 1_700_000_000_000 }, 'clock'],
      [{ entryId: 'dec_1' }, 'entryId'],
      [{ onProblem: true }, 'onProblem'],
      [{ agent: { id: '' } }, 'agent.id'],
      [{ agent: undefined }, 'agent.id'],
    ];
    for (const [extra, path] of cases) expect(refusal(recorderWith(extra)).paths).toEqual([path]);
  });

  it('refuses a ledger passed as the sink, pointing at ledgerSink', () => {
    const { message, paths } = refusal(recorderWith({ sink: createMemoryWriter() }));
    expect(paths).toEqual(['sink']);
    expect(message).toContain('ledgerSink(…)');
  });

  it('lists every bad option in one error, not only the first', () => {
    const { message, paths } = refusal(recorderWith({ batchSize: 0, maxQueue: -5, failMode: 'closd' }));
    expect(paths).toEqual(['failMode', 'maxQueue', 'batchSize']);
    expect(message.split('; ')).toHaveLength(3);
  });

  it('accepts the edges of every range and records with them', async () => {
    const writer = createMemoryWriter();
    const recorder = createRecorder({
      ...recorderBase,
      sink: ledgerSink(writer),
      producerId: 'x'.repeat(128),
      startSeq: 0,
      maxQueue: 1,
      batchSize: 1,
      lingerMs: 0,
      overflow: 'drop-oldest-and-report',
    });
    recorder.decision(loanDecision(1));
    await recorder.close();
    expect(writer.entries.map((e) => e.producer)).toEqual([{ id: 'x'.repeat(128), seq: 0 }]);
    expect(() => createRecorder({ ...recorderBase, lingerMs: 60_000, startSeq: 2 ** 53 - 1 })).not.toThrow();
  });
});

const httpBase = { url: 'http://127.0.0.1:1' };

describe('httpSink: options', () => {
  it('refuses each bad option, naming it', () => {
    const cases: [Partial<Record<keyof HttpSinkOptions, unknown>>, string[]][] = [
      [{ batchSize: 0 }, ['batchSize']],
      [{ maxRetries: -1 }, ['maxRetries']],
      [{ timeoutMs: 0 }, ['timeoutMs']],
      [{ timeoutMs: 2 ** 31 }, ['timeoutMs']],
      [{ backoff: { baseMs: 100, maxMs: 50 } }, ['backoff.maxMs']],
      [{ backoff: { maxMs: 50 } }, ['backoff.baseMs']],
      [{ backoff: 100 }, ['backoff']],
      [{ fetch: 'https://example.test' }, ['fetch']],
      [{ token: 42 }, ['token']],
      [{ url: 'ftp://cairn.internal' }, ['url']],
      [{ url: 'cairn.internal:8080' }, ['url']],
      [{ url: undefined }, ['url']],
    ];
    for (const [extra, paths] of cases) {
      expect(refusal(() => httpSink({ ...httpBase, ...extra } as HttpSinkOptions)).paths).toEqual(paths);
    }
  });

  it('does not quote a refused URL, which may carry credentials', () => {
    const { message } = refusal(() => httpSink({ url: 'mailto://user:s3cret@cairn.internal' }));
    expect(message).toBe('httpSink: url: expected an http:// or https:// URL, got another string');
  });

  it('accepts http and https URLs and the edges of every range', () => {
    for (const url of ['http://127.0.0.1:8080', 'https://cairn.internal/base/']) {
      expect(() =>
        httpSink({ url, batchSize: 1, maxRetries: 0, timeoutMs: 1, backoff: { baseMs: 1, maxMs: 1 } }),
      ).not.toThrow();
    }
  });
});

describe('spooledSink: options', () => {
  it('refuses each bad option, naming it, before it touches the directory', () => {
    const dir = tempDir('spool-options');
    cleanups.push(dir.cleanup);
    const cases: [Partial<Record<keyof SpooledSinkOptions, unknown>>, string][] = [
      [{ dir: '' }, 'dir'],
      [{ sink: createMemoryWriter() }, 'sink'],
      [{ maxBytes: 0 }, 'maxBytes'],
      [{ segmentBytes: 1.5 }, 'segmentBytes'],
      [{ batchSize: 0 }, 'batchSize'],
      [{ retry: { baseMs: 0, maxMs: 10 } }, 'retry.baseMs'],
      [{ maxPendingReceipts: 0 }, 'maxPendingReceipts'],
      [{ onProblem: 'log' }, 'onProblem'],
    ];
    for (const [extra, path] of cases) {
      const options = {
        sink: ledgerSink(createMemoryWriter()),
        dir: dir.path,
        ...extra,
      } as SpooledSinkOptions;
      expect(refusal(() => spooledSink(options)).paths).toEqual([path]);
    }
    expect(readdirSync(dir.path)).toEqual([]);
  });
});
