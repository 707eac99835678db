// Cairn among other middleware, driven through Trigger.dev's own TaskExecutor: global middleware run in
// registration order and the task's own middleware runs last, so Cairn's session is there for whatever runs
// inside it and its flush is finished before an outer middleware resumes.
import { isCairnError } from '@cairn/core';
import type { Entry } from '@cairn/core';
import { ledgerSink } from '@cairn/sdk';
import { task, tasks } from '@trigger.dev/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cairnMiddleware, getCairn, registerCairn } from './index.js';
import { UNSEEN_ERROR_MESSAGE } from './lifecycle.js';
import {
  entriesOfRun,
  expectedRunEvent,
  expectedRunLink,
  runEventsOf,
  timeline,
} from './test-support/expectations.js';
import { installTriggerTestRuntime, runTask } from './testing/harness.js';
import { openTestLedger } from './test-support/ledger.js';
import type { TestLedger } from './test-support/ledger.js';

const ORIGIN = 'https://trigger.example.com';
const log: string[] = [];
const problems: unknown[] = [];
let t: TestLedger;
let other: TestLedger;

function screening(label: string) {
  return {
    type: 'loan.screening',
    context: { step: label },
    alternatives: [{ label: 'continue' }, { label: 'stop' }],
    chosen: { label: 'continue' },
    aiRole: 'assistive' as const,
  };
}

async function sealedOf(runId: string): Promise<Entry[]> {
  return entriesOfRun(await t.entries(), runId);
}

beforeAll(async () => {
  installTriggerTestRuntime();
  t = await openTestLedger();
  other = await openTestLedger();
  tasks.middleware('app/outer', async ({ ctx, next }) => {
    log.push('outer:before');
    try {
      getCairn();
      log.push('outer:cairn');
    } catch (error) {
      log.push(isCairnError(error, 'config') ? 'outer:no-cairn' : 'outer:unexpected');
    }
    await next();
    log.push(`outer:after sealed=${(await sealedOf(ctx.run.id)).length}`);
  });
  registerCairn({
    sink: ledgerSink(t.ledger),
    agent: { id: 'screener' },
    triggerOrigin: ORIGIN,
    logger: false,
    onProblem: (p) => problems.push(p),
  });
  tasks.middleware('app/inner', async ({ next }) => {
    log.push('inner:before');
    getCairn().decision(screening('inner-middleware'));
    await next();
    log.push('inner:after');
  });
});

afterAll(async () => {
  await t.close();
  await other.close();
});

describe('Cairn among other middleware', () => {
  it('is available to middleware registered after it and to the run, and has sealed everything before outer middleware resumes', async () => {
    task({
      id: 'screen',
      run: async () => {
        log.push('run');
        getCairn().decision(screening('run'));
        return Promise.resolve('ok');
      },
      middleware: async ({ next }) => {
        log.push('task:before');
        await next();
        log.push('task:after');
      },
    });
    log.length = 0;
    const { runId, final } = await runTask('screen', {});
    expect(final.ok).toBe(true);
    const entries = await sealedOf(runId);
    expect(log).toStrictEqual([
      'outer:before',
      'outer:no-cairn',
      'inner:before',
      'task:before',
      'run',
      'task:after',
      'inner:after',
      `outer:after sealed=${entries.length}`,
    ]);
    // The inner middleware's decision comes before attempt start: middleware wraps init and every hook.
    expect(timeline(entries)).toStrictEqual([
      'decision:continue@1',
      'ATTEMPT_STARTED@1',
      'decision:continue@1',
      'RUN_SUCCEEDED@1',
      'RUN_COMPLETED@1',
    ]);
    for (const entry of entries)
      expect(entry.run).toStrictEqual(expectedRunLink('screen', runId, 1, { origin: ORIGIN }));
    expect((await t.verify()).problems).toStrictEqual([]);
  });

  it('records the failed attempt with its error when a middleware inside it throws, and lets the error through', async () => {
    task({
      id: 'screen-broken-middleware',
      run: async () => Promise.resolve('never'),
      middleware: () => Promise.reject(new TypeError('feature flags unavailable')),
    });
    const { runId, final } = await runTask('screen-broken-middleware', {});
    expect(!final.ok && final.error).toMatchObject({ type: 'INTERNAL_ERROR', code: 'TASK_MIDDLEWARE_ERROR' });
    const entries = await sealedOf(runId);
    expect(timeline(entries)).toStrictEqual(['decision:continue@1', 'ATTEMPT_FAILED@1']);
    expect(runEventsOf(entries)[0]).toStrictEqual(
      expectedRunEvent('screen-broken-middleware', runId, 1, {
        state: 'ATTEMPT_FAILED',
        status: 'failed',
        hook: 'middleware',
        error: { type: 'TypeError', message: 'feature flags unavailable' },
      }),
    );
    expect((await t.verify()).problems).toStrictEqual([]);
  });

  it("records a failed attempt whose error a task-level catchError kept from Cairn's hooks, saying so", async () => {
    task({
      id: 'screen-own-catch',
      retry: { maxAttempts: 2 },
      run: async (_payload: unknown, { ctx }) => {
        if (ctx.attempt.number === 1) throw new Error('rate limited');
        return Promise.resolve('ok');
      },
      // A task-level catchError that decides runs before the global ones, which then never run (taskExecutor.js).
      catchError: () => ({ retryDelayInMs: 1 }),
    });
    const { runId, attempts } = await runTask('screen-own-catch', {});
    expect(attempts.map((a) => a.ok)).toStrictEqual([false, true]);
    const entries = await sealedOf(runId);
    expect(timeline(entries)).toStrictEqual([
      'decision:continue@1',
      'ATTEMPT_STARTED@1',
      'ATTEMPT_FAILED@1',
      'decision:continue@2',
      'ATTEMPT_STARTED@2',
      'RUN_SUCCEEDED@2',
      'RUN_COMPLETED@2',
    ]);
    expect(runEventsOf(entries)[1]).toStrictEqual(
      expectedRunEvent('screen-own-catch', runId, 1, {
        state: 'ATTEMPT_FAILED',
        status: 'failed',
        hook: 'middleware',
        error: { message: UNSEEN_ERROR_MESSAGE },
      }),
    );
  });

  it('lets the global registration win over a per-task cairnMiddleware on the same task', async () => {
    task({
      id: 'screen-both',
      run: async () => {
        getCairn().decision(screening('run'));
        return Promise.resolve('ok');
      },
      middleware: cairnMiddleware({ sink: ledgerSink(other.ledger), agent: { id: 'other' }, logger: false }),
    });
    const { runId } = await runTask('screen-both', {});
    expect(timeline(await sealedOf(runId))).toStrictEqual([
      'decision:continue@1',
      'ATTEMPT_STARTED@1',
      'decision:continue@1',
      'RUN_SUCCEEDED@1',
      'RUN_COMPLETED@1',
    ]);
    expect(await other.entries()).toStrictEqual([]);
  });

  it('reported no problem', () => {
    expect(problems).toStrictEqual([]);
  });
});
