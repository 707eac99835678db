import { CairnError } from '@cairn/core';
import type { FailMode, Recorder } from '@cairn/sdk';
import { tasks } from '@trigger.dev/sdk';
import { settleWithin } from './bounded.js';
import type { Settled } from './bounded.js';
import { LIFECYCLE_HOOKS } from './hooks.js';
import { observeFailedAttempt, UNSEEN_ERROR_MESSAGE } from './lifecycle.js';
import { linkDecisionsInMetadata } from './metadata-link.js';
import { resolveConfig } from './options.js';
import type { CairnTriggerConfig, CairnTriggerOptions, TriggerProblem } from './options.js';
import { openSession } from './session.js';
import type { AttemptSession } from './session.js';

/**
 * A middleware function as `tasks.middleware` and a task's `middleware` option take it.
 *
 * @example const middleware: TaskMiddleware = cairnMiddleware({ sink, agent });
 */
export type TaskMiddleware = Parameters<typeof tasks.middleware>[0];

/**
 * The name Cairn's middleware and hooks are registered under. Trigger.dev keys global hooks by name, so a second
 * registration under it replaces the first instead of running twice.
 *
 * @example lifecycleHooks.getGlobalMiddlewareHooks().some((h) => h.name === CAIRN_HOOK_NAME)
 */
export const CAIRN_HOOK_NAME = '@cairn/trigger';

/** Records the failed attempt when no hook did: an inner middleware threw, or a retry was scheduled. */
function recordUnfinished(
  session: AttemptSession,
  innerError: { readonly value: unknown } | undefined,
): void {
  const { outcome } = session;
  if (innerError !== undefined) {
    observeFailedAttempt(session, 'failed', 'middleware', innerError);
  } else if (!outcome.succeeded && !outcome.completed) {
    // onFailure and onComplete run only when no retry is left (taskExecutor.js), so a failure they did not see
    // is a failed attempt the executor retries, or one whose error never reached the global hooks.
    if (outcome.caught !== undefined) {
      observeFailedAttempt(session, 'retrying', 'catchError', { value: outcome.caught.error });
    } else {
      observeFailedAttempt(session, 'failed', 'middleware', { value: UNSEEN_ERROR_MESSAGE });
    }
  }
}

/** The problem with the attempt's entries after the bounded flush, if any. */
function judge(session: AttemptSession, settled: Settled): TriggerProblem | undefined {
  const { ctx, config } = session;
  const where = `run ${ctx.run.id} attempt ${ctx.attempt.number}`;
  const base = { runId: ctx.run.id, attempt: ctx.attempt.number };
  if (settled.status === 'timeout') {
    return {
      ...base,
      code: 'flush_timeout',
      message: `entries of ${where} were not stored within ${config.flushTimeoutMs} ms`,
    };
  }
  if (settled.status === 'failed') {
    return { ...base, code: 'not_durable', message: `the flush of ${where} failed`, cause: settled.error };
  }
  const lost = session.entries.notDurable();
  if (lost.length === 0) return undefined;
  return {
    ...base,
    code: 'not_durable',
    message: `${lost.length} of ${session.entries.all.length} entries of ${where} were refused or could not be stored`,
    entryIds: lost.flatMap((item) => (item.id === undefined ? [] : [item.id])),
  };
}

/**
 * Ends the attempt: records what the hooks could not, flushes within the bound, links the stored decisions from
 * the run's metadata. Returns the error that fails the attempt under fail-closed, else undefined.
 */
async function endAttempt(
  session: AttemptSession,
  innerError: { readonly value: unknown } | undefined,
): Promise<CairnError | undefined> {
  recordUnfinished(session, innerError);
  const settled = await settleWithin(session.config.recorder.flush(), session.config.flushTimeoutMs);
  // Only a finished flush tells stored entries from lost ones; after a timeout nothing is linked.
  if (settled.status === 'done') linkDecisionsInMetadata(session);
  const problem = judge(session, settled);
  if (problem === undefined) return undefined;
  session.config.report(problem);
  return session.config.failMode === 'closed'
    ? new CairnError('unavailable', `@cairn/trigger (fail-closed): ${problem.message}`, {
        cause: problem.cause,
      })
    : undefined;
}

function middlewareFor(config: CairnTriggerConfig): TaskMiddleware {
  return async ({ ctx, next }) => {
    const session = openSession(ctx, config);
    // An outer Cairn middleware (the global one) already covers this attempt.
    if (session === undefined) return next();
    let innerError: { readonly value: unknown } | undefined;
    try {
      // Resolves even when run() throws (reference §2.4): the hooks have captured the outcome by now. It rejects
      // only when a middleware inside this one threw before its own next().
      await next();
    } catch (error) {
      innerError = { value: error };
    }
    let closedError: CairnError | undefined;
    try {
      closedError = await endAttempt(session, innerError);
    } finally {
      session.end();
    }
    if (innerError !== undefined) throw innerError.value;
    if (closedError !== undefined) throw closedError;
  };
}

function registerLifecycleHooks(): void {
  tasks.onStartAttempt(CAIRN_HOOK_NAME, LIFECYCLE_HOOKS.onStartAttempt);
  tasks.onSuccess(CAIRN_HOOK_NAME, LIFECYCLE_HOOKS.onSuccess);
  tasks.catchError(CAIRN_HOOK_NAME, LIFECYCLE_HOOKS.catchError);
  tasks.onFailure(CAIRN_HOOK_NAME, LIFECYCLE_HOOKS.onFailure);
  tasks.onComplete(CAIRN_HOOK_NAME, LIFECYCLE_HOOKS.onComplete);
}

/**
 * Registers Cairn for every task of the project, in one line: a global middleware that binds a recorder to each
 * attempt's run (read it with `getCairn()`), and global lifecycle hooks that record attempt start, success, each
 * failed attempt with its error, the final failure and completion as run events. Call it once, from
 * `trigger/init.ts` (loaded before every task file). Middleware runs in registration order, so register Cairn
 * first when other middleware should be able to record through it. Returns the recorder.
 *
 * @example
 * // trigger/init.ts
 * registerCairn({
 *   sink: spooledSink({ sink: httpSink({ url: process.env.CAIRN_URL!, token: process.env.CAIRN_TOKEN! }), dir: '/tmp/cairn' }),
 *   agent: { id: 'underwriter', version: '3.2.0' },
 *   cairnUrl: process.env.CAIRN_URL,
 * });
 */
export function registerCairn<M extends FailMode = 'open'>(options: CairnTriggerOptions<M>): Recorder<M> {
  const config = resolveConfig(options);
  tasks.middleware(CAIRN_HOOK_NAME, middlewareFor(config));
  registerLifecycleHooks();
  return config.recorder as Recorder<M>;
}

/**
 * Cairn for one task: pass the result as the task's `middleware`. It also registers Cairn's lifecycle hooks
 * globally (by name, so once); they act only in attempts a Cairn middleware wraps. On a task already covered by
 * `registerCairn`, the global registration wins and this one stands aside.
 *
 * @example
 * export const underwrite = task({
 *   id: 'underwrite-loan',
 *   run: async (application: Application) => {
 *     getCairn().decision({ type: 'loan.underwriting', … });
 *   },
 *   middleware: cairnMiddleware({ sink, agent: { id: 'underwriter' } }),
 * });
 */
export function cairnMiddleware<M extends FailMode = 'open'>(
  options: CairnTriggerOptions<M>,
): TaskMiddleware {
  const config = resolveConfig(options);
  registerLifecycleHooks();
  return middlewareFor(config);
}
