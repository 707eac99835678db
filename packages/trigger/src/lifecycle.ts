import { canonicalBytes, describeValue, ENTRY_LIMITS, sha256, toHex } from '@cairn/core';
import type { Json, RunStatus } from '@cairn/core';
import type { RunEventInput } from '@cairn/sdk';
import type { AttemptSession } from './session.js';

/**
 * The lifecycle states this package records, one run event each. Trigger.dev names no per-attempt states in its
 * API (RunStatus is per run), so these name what the hook saw.
 */
export type LifecycleState =
  'ATTEMPT_STARTED' | 'ATTEMPT_FAILED' | 'RUN_SUCCEEDED' | 'RUN_FAILED' | 'RUN_COMPLETED';

/** The Trigger.dev hook (or the middleware) that observed a state; it becomes `runEvent.source.type`. */
export type ObservedBy =
  'onStartAttempt' | 'catchError' | 'onSuccess' | 'onFailure' | 'onComplete' | 'middleware';

/** One lifecycle observation, before it becomes a run event. */
export type Observation = {
  readonly state: LifecycleState;
  readonly status: RunStatus;
  readonly by: ObservedBy;
  /** The error, for failures; `undefined` when none was seen. */
  readonly error?: { readonly value: unknown } | undefined;
};

/** Shown when an attempt ended without success and no error reached Cairn's hooks. */
export const UNSEEN_ERROR_MESSAGE =
  "the attempt ended without success and its error did not reach Cairn's hooks (a task-level catchError " +
  'handled it, or the executor failed after run())';

const MAX_ERROR_MESSAGE = ENTRY_LIMITS.errorMessage;

/** Cuts `text` to `max` UTF-16 units without splitting a surrogate pair (a lone surrogate is not valid I-JSON). */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** `runEvent.error` from whatever was thrown: its name as `type`, its message cut to 2,000 characters. */
export function describeError(error: unknown): { type?: string; message: string } {
  if (error instanceof Error) {
    const type = error.name === '' ? undefined : truncate(error.name, 200);
    return type === undefined
      ? { message: truncate(error.message, MAX_ERROR_MESSAGE) }
      : { type, message: truncate(error.message, MAX_ERROR_MESSAGE) };
  }
  if (typeof error === 'string') return { message: truncate(error, MAX_ERROR_MESSAGE) };
  // Never echo a thrown object whole: it may be a payload.
  return { message: `a non-Error value was thrown: ${describeValue(error)}` };
}

/**
 * The run event for one observation. Its source event id names run, attempt and state, so the same observation
 * sent twice is recognisable; its payload digest is the SHA-256 of the RFC 8785 bytes of what the hook saw
 * (Trigger.dev hands hooks objects, not a raw body).
 *
 * @example
 * session.recorder.runEvent(lifecycleEvent(session, { state: 'ATTEMPT_STARTED', status: 'started', by: 'onStartAttempt' }));
 */
export function lifecycleEvent(session: AttemptSession, observation: Observation): RunEventInput {
  const { ctx } = session;
  const error = observation.error === undefined ? undefined : describeError(observation.error.value);
  const seen: Json = {
    runId: ctx.run.id,
    taskId: ctx.task.id,
    attempt: ctx.attempt.number,
    state: observation.state,
    status: observation.status,
    ...(error === undefined ? {} : { error }),
  };
  return {
    status: observation.status,
    state: observation.state,
    ...(error === undefined ? {} : { error }),
    source: {
      eventId: `${ctx.run.id}:${ctx.attempt.number}:${observation.state}`,
      payloadDigest: `sha256:${toHex(sha256(canonicalBytes(seen)))}`,
      type: `trigger.dev/${observation.by}`,
    },
  };
}

/** Records one observation when lifecycle recording is on. Never throws: the recorder is fail-open or async. */
export function observe(session: AttemptSession, observation: Observation): void {
  if (!session.config.lifecycle) return;
  const recorded = session.recorder.runEvent(lifecycleEvent(session, observation));
  // A fail-closed recorder answers with a promise; its rejection is judged at the end of the attempt.
  if (recorded instanceof Promise) recorded.catch(() => undefined);
}

/**
 * Records the failed attempt once. `retrying` when the executor scheduled another attempt, `failed` otherwise.
 *
 * @example
 * observeFailedAttempt(session, 'failed', 'onFailure', error);
 */
export function observeFailedAttempt(
  session: AttemptSession,
  status: 'failed' | 'retrying',
  by: ObservedBy,
  error: { readonly value: unknown },
): void {
  if (session.outcome.failureRecorded) return;
  session.outcome.failureRecorded = true;
  observe(session, { state: 'ATTEMPT_FAILED', status, by, error });
}
