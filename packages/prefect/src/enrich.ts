// Optional enrichment through Prefect's REST API (reference §3.2) and the link back into Prefect's UI as a link
// artifact on the flow run (§3.3). Both are best effort: Prefect being slow, down or misconfigured must never cost
// the run event itself, so failures go to `onError` and the entry is kept as the event described it.
import type { RunEventEntry, RunLink } from '@cairn/core';
import { joinUrl } from '@cairn/openlineage';
import type { PrefectClient, PrefectObject } from './client.js';

/** Receives what went wrong while talking to Prefect; nothing is thrown to the webhook. */
export type PrefectErrorHandler = (error: unknown) => void;

const MAX_TAGS = 100;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const strings = value.filter((item): item is string => typeof item === 'string' && item !== '');
  return strings.length > 0 ? strings.slice(0, MAX_TAGS) : undefined;
}

/**
 * Fills what the event lacked from the flow run (FlowRunResponse): the flow, tags, run count and deployment. What the
 * event said wins; the task run's own attempt is never replaced by the flow run's.
 *
 * @example const run = enrichRunLink(entry.run, await client.readFlowRun(entry.run.id));
 */
export function enrichRunLink(run: RunLink, flowRun: PrefectObject): RunLink {
  const flowId = text(flowRun['flow_id']);
  const runCount = flowRun['run_count'];
  const ids: Record<string, string> = { ...run.ids };
  const deploymentId = text(flowRun['deployment_id']);
  if (deploymentId !== undefined && ids['prefect.deploymentId'] === undefined)
    ids['prefect.deploymentId'] = deploymentId;
  const parentTaskRunId = text(flowRun['parent_task_run_id']);
  if (parentTaskRunId !== undefined && ids['prefect.parentTaskRunId'] === undefined) {
    ids['prefect.parentTaskRunId'] = parentTaskRunId;
  }
  const attempt =
    run.task === undefined && typeof runCount === 'number' && Number.isSafeInteger(runCount) && runCount >= 1
      ? runCount
      : undefined;
  return {
    ...run,
    workflow: run.workflow ?? (flowId === undefined ? undefined : { id: flowId }),
    attempt: run.attempt ?? attempt,
    tags: run.tags !== undefined && run.tags.length > 0 ? run.tags : stringList(flowRun['tags']),
    ids,
  };
}

/** A task run outside any known flow run was linked by its own id; the task run names its flow run. */
async function resolveFlowRun(entry: RunEventEntry, client: PrefectClient): Promise<RunEventEntry> {
  const taskRunId = entry.run.task?.runId;
  if (taskRunId === undefined || taskRunId !== entry.run.id) return entry;
  const flowRunId = text((await client.readTaskRun(taskRunId))['flow_run_id']);
  return flowRunId === undefined ? entry : { ...entry, run: { ...entry.run, id: flowRunId } };
}

/**
 * Enriches a Prefect run event from the REST API (`GET /task_runs/{id}` when only the task run is known, then
 * `GET /flow_runs/{id}`). On any failure the entry comes back as it was and `onError` hears why.
 *
 * @example const enriched = await enrichEntry(entry, client, (e) => log.warn(e));
 */
export async function enrichEntry(
  entry: RunEventEntry,
  client: PrefectClient,
  onError: PrefectErrorHandler,
): Promise<RunEventEntry> {
  try {
    const resolved = await resolveFlowRun(entry, client);
    if (resolved.run.task?.runId === resolved.run.id) return resolved;
    const flowRun = await client.readFlowRun(resolved.run.id);
    return { ...resolved, run: enrichRunLink(resolved.run, flowRun) };
  } catch (error) {
    onError(error);
    return entry;
  }
}

/** Flow-run state events worth a link: the run started or ended. Queued and other events would only add versions. */
const LINKED_STATUSES = new Set(['started', 'succeeded', 'failed', 'cancelled']);

/**
 * True for an entry that should put a link to Cairn on its Prefect flow run: a flow-run state event that
 * started or ended the run.
 *
 * @example if (shouldLinkBack(entry)) await client.createLinkArtifact(entry.run.id, artifactFor(entry, cairnUiUrl));
 */
export function shouldLinkBack(entry: RunEventEntry): boolean {
  return (
    entry.run.orchestrator === 'prefect' &&
    entry.run.task === undefined &&
    (entry.runEvent.source.type ?? '').startsWith('prefect.flow-run.') &&
    LINKED_STATUSES.has(entry.runEvent.status)
  );
}

/**
 * The Cairn page of a Prefect flow run: `<cairnUiUrl>/runs/prefect/<flow run id>`.
 *
 * @example cairnRunUrl('https://cairn.example', id) === `https://cairn.example/runs/prefect/${id}`
 */
export function cairnRunUrl(cairnUiUrl: string, flowRunId: string): string {
  return joinUrl(cairnUiUrl, `runs/prefect/${encodeURIComponent(flowRunId)}`);
}

/**
 * The link artifact for a flow run: one key per flow run (`cairn-run-<id>`), so Prefect versions it instead of
 * listing one artifact per event.
 *
 * @example await client.createLinkArtifact(id, linkArtifactFor(id, 'https://cairn.example'));
 */
export function linkArtifactFor(flowRunId: string, cairnUiUrl: string) {
  return {
    key: `cairn-run-${flowRunId.toLowerCase()}`,
    link: cairnRunUrl(cairnUiUrl, flowRunId),
    linkText: 'Cairn audit trail',
    description:
      'Decisions and run events of this flow run, sealed in a Cairn ledger (hash-chained, verifiable).',
  };
}
