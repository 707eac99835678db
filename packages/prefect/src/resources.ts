// Prefect resource ids have the form `prefect.<kind>.<id>` (reference §1): the object id is what follows the last
// dot, except for tags (`prefect.tag.<tag>`), which may themselves hold dots. Which run an event concerns: a flow
// run as primary resource, a task run as primary resource (its flow run from `related[role=flow-run]`, or in the
// docs' form from `payload.task_run.flow_run_id`), or a flow run among the related resources (worker events).
import { describeValue, problem } from '@cairn/core';
import type { Problem } from '@cairn/core';
import { fieldPath, optionalRecord, optionalString } from '@cairn/openlineage';
import { UUID } from './event.js';
import type { PrefectEvent, PrefectLabels } from './event.js';

/** The kind and object id of a resource id. */
export type ResourceRef = { readonly kind: string; readonly id: string };

/** The runs an event concerns. */
export type PrefectRunIds = {
  /** The kind of the event's primary resource (`flow-run`, `task-run`, `worker`, …). */
  readonly primary: string | undefined;
  readonly flowRunId?: string | undefined;
  readonly taskRunId?: string | undefined;
  /** For a subflow's run: the task run in the parent flow that started it. */
  readonly parentTaskRunId?: string | undefined;
};

const RESOURCE_ID = 'prefect.resource.id';
const ROLE = 'prefect.resource.role';

/**
 * Splits a Prefect resource id.
 *
 * @example parseResourceId('prefect.flow-run.e3755d32-cec5-42ca-9bcd-af236e308ba6') // { kind: 'flow-run', id: 'e3755d32-…' }
 */
export function parseResourceId(resourceId: string): ResourceRef | undefined {
  if (!resourceId.startsWith('prefect.')) return undefined;
  const rest = resourceId.slice('prefect.'.length);
  const dot = rest.indexOf('.');
  if (dot <= 0 || dot === rest.length - 1) return undefined;
  const kind = rest.slice(0, dot);
  return { kind, id: kind === 'tag' ? rest.slice(dot + 1) : rest.slice(rest.lastIndexOf('.') + 1) };
}

/**
 * The related resources of a role, with their index in `related`.
 *
 * @example const [flow] = relatedOfRole(event, 'flow');
 */
export function relatedOfRole(event: PrefectEvent, role: string): { labels: PrefectLabels; index: number }[] {
  return event.related.flatMap((labels, index) => (labels[ROLE] === role ? [{ labels, index }] : []));
}

function runUuid(
  resourceId: string | undefined,
  path: string,
  kind: string,
  problems: Problem[],
): string | undefined {
  if (resourceId === undefined) return undefined;
  const ref = parseResourceId(resourceId);
  if (ref !== undefined && ref.kind === kind && UUID.test(ref.id)) return ref.id.toLowerCase();
  problems.push(
    problem(
      path,
      'invalid_format',
      `${path}: expected prefect.${kind}.<uuid>, got ${describeValue(resourceId)}`,
    ),
  );
  return undefined;
}

function relatedRun(event: PrefectEvent, kind: string, problems: Problem[]): string | undefined {
  const [first] = relatedOfRole(event, kind);
  if (first === undefined) return undefined;
  const path = fieldPath(fieldPath(fieldPath(event.path, 'related'), first.index), RESOURCE_ID);
  return runUuid(first.labels[RESOURCE_ID], path, kind, problems);
}

/** The docs' form of a task-run event: `payload.task_run.flow_run_id` (real events carry a related flow run). */
function payloadFlowRun(event: PrefectEvent): string | undefined {
  const id = optionalString(optionalRecord(event.payload, 'task_run'), 'flow_run_id');
  return id !== undefined && UUID.test(id) ? id.toLowerCase() : undefined;
}

/**
 * The runs an event concerns. A run reference that is not `prefect.<kind>.<uuid>` is a problem.
 *
 * @example const ids = prefectRunIds(event, problems); ids.flowRunId
 */
export function prefectRunIds(event: PrefectEvent, problems: Problem[]): PrefectRunIds {
  const primaryId = event.resource[RESOURCE_ID]!;
  const primary = parseResourceId(primaryId)?.kind;
  const path = fieldPath(fieldPath(event.path, 'resource'), RESOURCE_ID);
  if (primary === 'flow-run') {
    const flowRunId = runUuid(primaryId, path, 'flow-run', problems);
    return { primary, flowRunId, parentTaskRunId: relatedRun(event, 'task-run', problems) };
  }
  if (primary === 'task-run') {
    const taskRunId = runUuid(primaryId, path, 'task-run', problems);
    return {
      primary,
      taskRunId,
      flowRunId: relatedRun(event, 'flow-run', problems) ?? payloadFlowRun(event),
    };
  }
  return {
    primary,
    flowRunId: relatedRun(event, 'flow-run', problems),
    taskRunId: relatedRun(event, 'task-run', problems),
  };
}
