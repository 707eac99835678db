// Pins the executor behaviour this package is built on (reference §2.3, §2.4), so an SDK upgrade that changes it
// fails here first: middleware order, next() resolving when run() throws, hooks per attempt, retry decisions,
// locals reset per attempt and metadata carried across attempts.
import { locals, metadata, task, tasks } from '@trigger.dev/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { installTriggerTestRuntime, runTask } from './harness.js';
import type { TriggerTestRuntime } from './harness.js';

const log: string[] = [];
let runtime: TriggerTestRuntime;

beforeAll(() => {
  runtime = installTriggerTestRuntime();
  const seen = locals.create<{ attempt: number }>('@cairn/trigger-test/seen');
  tasks.middleware('test/global', async ({ ctx, next }) => {
    log.push(`global:before stale=${locals.get(seen)?.attempt ?? 'none'}`);
    locals.set(seen, { attempt: ctx.attempt.number });
    await next();
    log.push('global:after');
  });
  tasks.onStartAttempt('test', ({ ctx }) => void log.push(`onStartAttempt ${ctx.attempt.number}`));
  tasks.catchError('test', ({ error, retryDelayInMs }) => {
    log.push(`catchError ${(error as Error).message} retry=${retryDelayInMs === undefined ? 'no' : 'yes'}`);
    return undefined;
  });
  tasks.onSuccess('test', () => void log.push('onSuccess'));
  tasks.onFailure('test', () => void log.push('onFailure'));
  tasks.onComplete('test', ({ result }) => void log.push(`onComplete ok=${result.ok}`));
  task({
    id: 'flaky',
    retry: { maxAttempts: 3, minTimeoutInMs: 1, maxTimeoutInMs: 1 },
    run: async (payload: { failUntil: number }, { ctx }) => {
      log.push(`run ${ctx.attempt.number} local=${locals.get(seen)?.attempt}`);
      metadata.set(`attempt${ctx.attempt.number}`, true);
      if (ctx.attempt.number < payload.failUntil) throw new Error(`boom ${ctx.attempt.number}`);
      return Promise.resolve('done');
    },
    middleware: async ({ next }) => {
      log.push('task:before');
      await next();
      log.push('task:after');
    },
  });
});

describe('the executor harness', () => {
  it('runs middleware around every hook, resolves next() after a failed run, and retries until success', async () => {
    log.length = 0;
    const { attempts } = await runTask('flaky', { failUntil: 2 });
    expect(attempts.map((a) => a.ok)).toStrictEqual([false, true]);
    expect(log).toStrictEqual([
      'global:before stale=none',
      'task:before',
      'onStartAttempt 1',
      'run 1 local=1',
      'catchError boom 1 retry=yes',
      'task:after',
      'global:after',
      'global:before stale=none',
      'task:before',
      'onStartAttempt 2',
      'run 2 local=2',
      'onSuccess',
      'onComplete ok=true',
      'task:after',
      'global:after',
    ]);
    expect(runtime.metadata.current()).toStrictEqual({ attempt1: true, attempt2: true });
  });

  it('calls onFailure and onComplete only on the last attempt of a run that fails for good', async () => {
    log.length = 0;
    const { attempts, final } = await runTask('flaky', { failUntil: 9 });
    expect(attempts).toHaveLength(3);
    expect(!final.ok && final.retry).toBeUndefined();
    expect(log.filter((line) => !line.startsWith('global') && !line.startsWith('task'))).toStrictEqual([
      'onStartAttempt 1',
      'run 1 local=1',
      'catchError boom 1 retry=yes',
      'onStartAttempt 2',
      'run 2 local=2',
      'catchError boom 2 retry=yes',
      'onStartAttempt 3',
      'run 3 local=3',
      'catchError boom 3 retry=no',
      'onFailure',
      'onComplete ok=false',
    ]);
  });
});
