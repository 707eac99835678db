// Prefect state types (src/prefect/server/schemas/states.py StateType) classified for Cairn. The state *type* decides,
// as the reference advises (names are open-ended: Cached, TimedOut, custom names…), except for the two retry
// states, whose type alone would hide the retry: AwaitingRetry is SCHEDULED and Retrying is RUNNING.
import type { RunEventStatus } from '@cairn/openlineage';

const BY_TYPE: Readonly<Record<string, RunEventStatus>> = {
  SCHEDULED: 'queued',
  PENDING: 'queued',
  RUNNING: 'started',
  COMPLETED: 'succeeded',
  FAILED: 'failed',
  CRASHED: 'failed',
  CANCELLED: 'cancelled',
  CANCELLING: 'cancelled',
  PAUSED: 'other',
};

const RETRY_NAMES = new Set(['awaitingretry', 'retrying']);

/**
 * Cairn's status for a Prefect state, from its `prefect.state-type` and `prefect.state-name` labels.
 *
 * @example classifyPrefectState('SCHEDULED', 'AwaitingRetry') === 'retrying'
 */
export function classifyPrefectState(type: string, name?: string): RunEventStatus {
  if (name !== undefined && RETRY_NAMES.has(name.toLowerCase())) return 'retrying';
  const key = type.toUpperCase();
  return Object.hasOwn(BY_TYPE, key) ? BY_TYPE[key]! : 'other';
}
