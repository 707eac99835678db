import type { tasks } from '@trigger.dev/sdk';
import { describeError, observe, observeFailedAttempt } from './lifecycle.js';
import { currentSession } from './session.js';
import type { AttemptSession } from './session.js';

// The hook types by the registration functions' own parameter (the last overload takes the function alone), not
// by their exported names: AnyOnStartAttemptHookFunction is exported only since SDK 4.4.0, and the peer range
// starts at 4.1.0.
type StartAttemptHook = Parameters<typeof tasks.onStartAttempt>[0];
type SuccessHook = Parameters<typeof tasks.onSuccess>[0];
type CatchErrorHook = Parameters<typeof tasks.catchError>[0];
type FailureHook = Parameters<typeof tasks.onFailure>[0];
type CompleteHook = Parameters<typeof tasks.onComplete>[0];

/**
 * Runs `body` against the attempt's session, if Cairn's middleware opened one (hooks are global; tasks outside
 * Cairn have no session). Never throws: an error in `onStartAttempt` or `catchError` would fail the user's
 * attempt (reference §2.4), which fail-open auditing must never do.
 */
function withSession(hook: string, body: (session: AttemptSession) => void): void {
  const session = currentSession();
  if (session === undefined) return;
  try {
    body(session);
  } catch (cause) {
    session.config.report({
      code: 'hook_failed',
      message: `${hook} hook failed for run ${session.ctx.run.id} attempt ${session.ctx.attempt.number}: ${describeError(cause).message}`,
      runId: session.ctx.run.id,
      attempt: session.ctx.attempt.number,
      cause,
    });
  }
}

/** Attempt start: fires for every attempt, after `init` and the deprecated `onStart`, before `run`. */
const onStartAttempt: StartAttemptHook = () => {
  withSession('onStartAttempt', (session) =>
    observe(session, { state: 'ATTEMPT_STARTED', status: 'started', by: 'onStartAttempt' }),
  );
};

/** Success of the run (its last attempt). */
const onSuccess: SuccessHook = () => {
  withSession('onSuccess', (session) => {
    session.outcome.succeeded = true;
    observe(session, { state: 'RUN_SUCCEEDED', status: 'succeeded', by: 'onSuccess' });
  });
};

/**
 * Every failed attempt passes here first, before the executor decides on a retry, unless a task-level
 * `catchError` returned a decision first. Only remembers the error: whether it is retried is known later.
 * Returns undefined so the task's retry settings apply unchanged.
 */
const catchError: CatchErrorHook = ({ error }) => {
  withSession('catchError', (session) => {
    session.outcome.caught = { error };
  });
  return undefined;
};

/** The run failed for good: the failed attempt, then the final failure. */
const onFailure: FailureHook = ({ error }) => {
  withSession('onFailure', (session) => {
    observeFailedAttempt(session, 'failed', 'onFailure', { value: session.outcome.caught?.error ?? error });
    observe(session, { state: 'RUN_FAILED', status: 'failed', by: 'onFailure', error: { value: error } });
  });
};

/** The run is finished, either way. */
const onComplete: CompleteHook = ({ result }) => {
  withSession('onComplete', (session) => {
    session.outcome.completed = true;
    if (result.ok) observe(session, { state: 'RUN_COMPLETED', status: 'succeeded', by: 'onComplete' });
    else
      observe(session, {
        state: 'RUN_COMPLETED',
        status: 'failed',
        by: 'onComplete',
        error: { value: result.error },
      });
  });
};

/** Cairn's lifecycle hooks; they act only inside attempts that Cairn's middleware wraps. */
export const LIFECYCLE_HOOKS = Object.freeze({
  onStartAttempt,
  onSuccess,
  catchError,
  onFailure,
  onComplete,
});
