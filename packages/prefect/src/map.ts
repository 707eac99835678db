// A Prefect event becomes one Cairn run event. Flow-run and task-run state events (reference §1.1, §1.2) are
// classified by their `prefect.state-type` label; any other event that concerns a run (a worker that executed a
// flow run, an artifact collection of a task run…) is stored as `other` with the event name as its state. Events
// that concern no run, and flow-run heartbeats, are acknowledged without an entry.
import { fail, ok } from '@cairn/core';
import type { Problem, Result, RunEventEntry, RunLink } from '@cairn/core';
import { buildRunEventEntry, optionalRecord, optionalString } from '@cairn/openlineage';
import type { RunEventStatus } from '@cairn/openlineage';
import { readPrefectEvent } from './event.js';
import type { PrefectEvent } from './event.js';
import { parseResourceId, prefectRunIds, relatedOfRole } from './resources.js';
import type { PrefectRunIds } from './resources.js';
import { classifyPrefectState } from './states.js';
import { flowRunUrl, taskRunUrl } from './urls.js';

/** Options of {@link mapPrefectEvent}. */
export type PrefectMapOptions = {
  /** When the receiver got the event (RFC 3339 UTC, milliseconds). */
  readonly receivedAt: string;
  /** `sha256:<hex>` of the received body bytes. */
  readonly rawDigest: string;
  /** The Prefect UI base, for `run.url` (see `prefectUiUrl`). */
  readonly uiUrl?: string | undefined;
  /** The Cloud workspace (`<account>/<workspace>`), for `run.namespace`. */
  readonly namespace?: string | undefined;
};

/** Producer id of entries made from Prefect events. */
export const PREFECT_PRODUCER = 'cairn-receiver:prefect';

// The server emits this every few seconds per running flow run (reference §1.1); it carries no state.
const HEARTBEAT = 'prefect.flow-run.heartbeat';
const MAX_TAGS = 100;

type Classified = { status: RunEventStatus; state: string; error?: { message: string } | undefined };

function classify(event: PrefectEvent, ids: PrefectRunIds): Classified {
  const type = event.resource['prefect.state-type'];
  const isRunResource = ids.primary === 'flow-run' || ids.primary === 'task-run';
  if (!isRunResource || type === undefined || type === '') return { status: 'other', state: event.event };
  const name = event.resource['prefect.state-name'];
  const status = classifyPrefectState(type, name);
  const message = event.resource['prefect.state-message'];
  const error = status === 'failed' && message !== undefined && message !== '' ? { message } : undefined;
  return { status, state: name !== undefined && name !== '' ? name : type, error };
}

function relatedId(event: PrefectEvent, role: string): { id: string; name?: string | undefined } | undefined {
  const [first] = relatedOfRole(event, role);
  const ref = first === undefined ? undefined : parseResourceId(first.labels['prefect.resource.id']!);
  return ref === undefined ? undefined : { id: ref.id, name: first?.labels['prefect.resource.name'] };
}

function tagsOf(event: PrefectEvent): string[] {
  const tags = relatedOfRole(event, 'tag').flatMap(({ labels }) => {
    const ref = parseResourceId(labels['prefect.resource.id']!);
    return ref?.kind === 'tag' ? [ref.id] : [];
  });
  return [...new Set(tags)].slice(0, MAX_TAGS);
}

function idsOf(event: PrefectEvent, ids: PrefectRunIds, runId: string): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== '') out[key] = value;
  };
  add('prefect.deploymentId', relatedId(event, 'deployment')?.id);
  add('prefect.workQueueId', relatedId(event, 'work-queue')?.id);
  add('prefect.workPoolId', relatedId(event, 'work-pool')?.id);
  add('prefect.parentTaskRunId', ids.parentTaskRunId);
  add('prefect.createdBy', relatedOfRole(event, 'creator')[0]?.labels['prefect.resource.id']);
  if (ids.taskRunId !== undefined && ids.taskRunId !== runId) add('prefect.taskRunId', ids.taskRunId);
  return out;
}

function attemptOf(event: PrefectEvent, ids: PrefectRunIds): number | undefined {
  // prefect.run-count is a string label; it is 0 until the run first enters Running.
  const count =
    ids.primary === 'flow-run' || ids.primary === 'task-run'
      ? event.resource['prefect.run-count']
      : undefined;
  return count !== undefined && /^\d{1,9}$/.test(count) && Number(count) >= 1 ? Number(count) : undefined;
}

function taskOf(event: PrefectEvent, ids: PrefectRunIds): RunLink['task'] {
  if (ids.taskRunId === undefined) return undefined;
  const taskKey = optionalString(optionalRecord(event.payload, 'task_run'), 'task_key');
  const name = ids.primary === 'task-run' ? event.resource['prefect.resource.name'] : undefined;
  return { id: taskKey ?? ids.taskRunId, runId: ids.taskRunId, name: name === '' ? undefined : name };
}

function runLinkOf(
  event: PrefectEvent,
  ids: PrefectRunIds,
  runId: string,
  options: PrefectMapOptions,
): RunLink {
  const flow = relatedId(event, 'flow');
  const taskPage = ids.primary === 'task-run' || ids.flowRunId === undefined ? ids.taskRunId : undefined;
  const url =
    options.uiUrl === undefined
      ? undefined
      : taskPage !== undefined
        ? taskRunUrl(options.uiUrl, taskPage)
        : flowRunUrl(options.uiUrl, runId);
  return {
    orchestrator: 'prefect',
    id: runId,
    workflow:
      flow === undefined ? undefined : { id: flow.id, name: flow.name === '' ? undefined : flow.name },
    task: taskOf(event, ids),
    attempt: attemptOf(event, ids),
    namespace: options.namespace,
    tags: tagsOf(event),
    url,
    ids: idsOf(event, ids, runId),
  };
}

/**
 * Maps a Prefect webhook body (the event, or a custom-webhook notification carrying it) to Cairn run events: one
 * entry with id `prefect:<event id>`, so a redelivered or reconciled event stores nothing new; none for a heartbeat
 * or an event that concerns no run. A task run whose flow run is unknown (a task run outside any flow) is linked
 * by the task run's own id.
 *
 * @example
 * const mapped = mapPrefectEvent(body, { receivedAt, rawDigest, uiUrl: 'https://app.prefect.cloud/account/a/workspace/w' });
 */
export function mapPrefectEvent(payload: unknown, options: PrefectMapOptions): Result<RunEventEntry[]> {
  const read = readPrefectEvent(payload);
  if (!read.ok) return fail(read.problems);
  const event = read.value;
  if (event.event === HEARTBEAT) return ok([]);
  const problems: Problem[] = [];
  const ids = prefectRunIds(event, problems);
  if (problems.length > 0) return fail(problems);
  const runId = ids.flowRunId ?? ids.taskRunId;
  if (runId === undefined) return ok([]);
  const { status, state, error } = classify(event, ids);
  return ok([
    buildRunEventEntry({
      id: `prefect:${event.id.toLowerCase()}`,
      occurredAt: event.occurred.iso,
      recordedAt: options.receivedAt,
      producerId: PREFECT_PRODUCER,
      run: runLinkOf(event, ids, runId, options),
      status,
      state,
      error,
      source: { eventId: event.id, payloadDigest: options.rawDigest, type: event.event },
    }),
  ]);
}
