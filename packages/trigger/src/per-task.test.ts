// cairnMiddleware() on one task, driven through Trigger.dev's own TaskExecutor: only the tasks that carry it are
// recorded, and a run outside a real Trigger.dev runtime (no run metadata) still seals its decisions.
import { isCairnError } from '@cairn/core';
import type { Entry } from '@cairn/core';
import { ledgerSink } from '@cairn/sdk';
import { task } from '@trigger.dev/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cairnMiddleware, getCairn } from './index.js';
import { entriesOfRun, expectedRunLink, timeline } from './test-support/expectations.js';
import { installTriggerTestRuntime, runTask } from './testing/harness.js';
import { openTestLedger } from './test-support/ledger.js';
import type { TestLedger } from './test-support/ledger.js';

let t: TestLedger;
const problems: { code: string; message: string }[] = [];

function pricing(band = 'B') {
  return {
    type: 'loan.pricing',
    context: { band },
    alternatives: [{ label: 'standard-rate' }, { label: 'risk-adjusted-rate' }],
    chosen: { label: 'risk-adjusted-rate' },
    aiRole: 'advisory' as const,
  };
}

async function sealedOf(runId: string): Promise<Entry[]> {
  return entriesOfRun(await t.entries(), runId);
}

function defineTasks(): void {
  const cairn = cairnMiddleware({
    sink: ledgerSink(t.ledger),
    agent: { id: 'pricer' },
    cairnUrl: 'https://cairn.example.com',
    logger: false,
    onProblem: (p) => problems.push(p),
  });
  task({
    id: 'price-loan',
    // A typed payload next to the middleware: cairnMiddleware() must not disturb the payload's inference.
    run: async (quote: { band: string }) => {
      getCairn().decision(pricing(quote.band));
      return Promise.resolve('priced');
    },
    middleware: cairn,
  });
  task({
    id: 'send-letter',
    retry: { maxAttempts: 1 },
    run: async () => {
      getCairn().decision(pricing());
      return Promise.resolve('sent');
    },
  });
}

beforeAll(async () => {
  t = await openTestLedger();
});

afterAll(async () => {
  await t.close();
});

describe('cairnMiddleware on one task', () => {
  beforeAll(() => {
    installTriggerTestRuntime();
    defineTasks();
  });

  it('records the attempts of the task that carries it, with the run link', async () => {
    const { runId, final } = await runTask('price-loan', { band: 'B' }, { run: { tags: ['band:B'] } });
    expect(final.ok).toBe(true);
    const entries = await sealedOf(runId);
    expect(timeline(entries)).toStrictEqual([
      'ATTEMPT_STARTED@1',
      'decision:risk-adjusted-rate@1',
      'RUN_SUCCEEDED@1',
      'RUN_COMPLETED@1',
    ]);
    for (const entry of entries)
      expect(entry.run).toStrictEqual(expectedRunLink('price-loan', runId, 1, { tags: ['band:B'] }));
  });

  it('leaves other tasks alone: their lifecycle is not recorded and getCairn() refuses inside them', async () => {
    const { runId, final } = await runTask('send-letter', {});
    expect(!final.ok && final.error).toMatchObject({ type: 'BUILT_IN_ERROR', name: 'CairnError' });
    expect(!final.ok && final.error.type === 'BUILT_IN_ERROR' && final.error.message).toMatch(
      /^getCairn\(\): no Cairn session/,
    );
    expect(await sealedOf(runId)).toStrictEqual([]);
    expect((await t.verify()).problems).toStrictEqual([]);
  });
});

describe('cairnMiddleware outside a real Trigger.dev runtime', () => {
  beforeAll(() => {
    problems.length = 0;
    installTriggerTestRuntime({ metadata: false });
    defineTasks();
  });

  it('seals the decision and reports, without failing the task, that run metadata cannot be written', async () => {
    const { runId, final } = await runTask('price-loan', { band: 'C' });
    expect(final.ok).toBe(true);
    const entries = await sealedOf(runId);
    expect(timeline(entries)).toStrictEqual([
      'ATTEMPT_STARTED@1',
      'decision:risk-adjusted-rate@1',
      'RUN_SUCCEEDED@1',
      'RUN_COMPLETED@1',
    ]);
    expect(problems.map((p) => p.code)).toStrictEqual(['metadata_failed']);
    expect(problems[0]!.message).toBe(
      `could not link 1 decision from the metadata of run ${runId}: Method not implemented.`,
    );
    expect((await t.verify()).problems).toStrictEqual([]);
  });

  it('gives getCairn() no session once the attempt is over', () => {
    let caught: unknown;
    try {
      getCairn();
    } catch (error) {
      caught = error;
    }
    expect(isCairnError(caught, 'config')).toBe(true);
  });
});
