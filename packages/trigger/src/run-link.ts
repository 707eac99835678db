import type { RunLink } from '@cairn/core';
import type { TaskRunContext } from '@trigger.dev/sdk';
import { triggerRunUrl } from './run-url.js';

/** The orchestrator name Cairn files Trigger.dev runs under. @example ledger.query.runEntries(TRIGGER_ORCHESTRATOR, ctx.run.id) */
export const TRIGGER_ORCHESTRATOR = 'trigger.dev';

function definedIds(ids: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(ids)) if (value !== undefined && value !== '') out[key] = value;
  return out;
}

/** Every other identifier of the run, under Trigger.dev's own names (RunLink.ids). */
function contextIds(ctx: TaskRunContext): Record<string, string> {
  return definedIds({
    'trigger.version': ctx.run.version ?? ctx.deployment?.version,
    'trigger.machine': ctx.machine.name,
    'trigger.queue': ctx.queue.name,
    'trigger.batchId': ctx.batch?.id,
    'trigger.projectId': ctx.project.id,
    'trigger.organizationId': ctx.organization.id,
    'trigger.environmentId': ctx.environment.id,
    'trigger.environmentType': ctx.environment.type,
    'trigger.branch': ctx.environment.branchName,
    'trigger.deploymentId': ctx.deployment?.id,
    'trigger.gitCommit': ctx.deployment?.git?.commitSha ?? ctx.environment.git?.commitSha,
    // Flags rather than ids, kept only when set: an auditor must be able to tell dashboard test runs and replays
    // from production traffic.
    'trigger.isTest': ctx.run.isTest ? 'true' : undefined,
    'trigger.isReplay': ctx.run.isReplay ? 'true' : undefined,
  });
}

/**
 * Maps a Trigger.dev v4 task context to the run link Cairn seals with every decision and run event of the attempt:
 * run id, task, attempt, project ref, environment, tags, parent and root runs, the dashboard URL, and the other
 * ids (version, machine, queue, batch, …) under `trigger.*` names. The run's idempotency key is left out on
 * purpose: users choose it and it may carry personal data.
 *
 * @example
 * const run = runLinkFromContext(ctx, { triggerOrigin: 'https://cloud.trigger.dev' });
 * run.url === `https://cloud.trigger.dev/projects/v3/${ctx.project.ref}/runs/${ctx.run.id}`
 */
export function runLinkFromContext(
  ctx: TaskRunContext,
  options: { readonly triggerOrigin: string },
): RunLink {
  const link: RunLink = {
    orchestrator: TRIGGER_ORCHESTRATOR,
    id: ctx.run.id,
    workflow: { id: ctx.task.id },
    attempt: ctx.attempt.number,
    namespace: ctx.project.ref,
    environment: ctx.environment.slug,
    url: triggerRunUrl(options.triggerOrigin, ctx.project.ref, ctx.run.id),
    ids: contextIds(ctx),
  };
  if (ctx.run.parentTaskRunId !== undefined) link.parentRunId = ctx.run.parentTaskRunId;
  if (ctx.run.rootTaskRunId !== undefined) link.rootRunId = ctx.run.rootTaskRunId;
  if (ctx.run.tags.length > 0) link.tags = [...ctx.run.tags];
  return link;
}
