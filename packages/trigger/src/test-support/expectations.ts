// What a test expects Cairn to have sealed for a Trigger.dev run, built from the inputs the test chose and from
// independent implementations (node:crypto for SHA-256), never from the package under test.
import { createHash } from 'node:crypto';
import { canonicalize } from '@cairn/core';
import type { Entry, RunEventEntry, RunLink } from '@cairn/core';

/** Project and environment every harness execution runs in (harness.ts makeExecution defaults). */
export const PROJECT_REF = 'proj_abcdefghijklmnopqrst';

/** The run link of a harness execution with default project, environment, machine and queue. */
export function expectedRunLink(
  taskId: string,
  runId: string,
  attempt: number,
  options: { origin?: string; tags?: string[]; ids?: Record<string, string> } = {},
): RunLink {
  const link: RunLink = {
    orchestrator: 'trigger.dev',
    id: runId,
    workflow: { id: taskId },
    attempt,
    namespace: PROJECT_REF,
    environment: 'prod',
    url: `${options.origin ?? 'https://cloud.trigger.dev'}/projects/v3/${PROJECT_REF}/runs/${runId}`,
    ids: {
      'trigger.version': '20261123.1',
      'trigger.machine': 'small-1x',
      'trigger.queue': `task/${taskId}`,
      'trigger.projectId': 'proj_cm0000000000000000000001',
      'trigger.organizationId': 'org_cm00000000000000000000001',
      'trigger.environmentId': 'env_cm00000000000000000000001',
      'trigger.environmentType': 'PRODUCTION',
      ...options.ids,
    },
  };
  if (options.tags !== undefined) link.tags = options.tags;
  return link;
}

/** The run event body Cairn should seal for one lifecycle observation. */
export function expectedRunEvent(
  taskId: string,
  runId: string,
  attempt: number,
  event: { state: string; status: string; hook: string; error?: { type?: string; message: string } },
): RunEventEntry['runEvent'] {
  const seen = {
    runId,
    taskId,
    attempt,
    state: event.state,
    status: event.status,
    ...(event.error === undefined ? {} : { error: event.error }),
  };
  const digest = createHash('sha256').update(canonicalize(seen), 'utf8').digest('hex');
  return {
    status: event.status as RunEventEntry['runEvent']['status'],
    state: event.state,
    ...(event.error === undefined ? {} : { error: event.error }),
    source: {
      eventId: `${runId}:${attempt}:${event.state}`,
      payloadDigest: `sha256:${digest}`,
      type: `trigger.dev/${event.hook}`,
    },
  };
}

/** The entries of one run, in ledger order. */
export function entriesOfRun(entries: readonly Entry[], runId: string): Entry[] {
  return entries.filter((entry) => entry.run?.id === runId);
}

/** A compact view for order assertions: `decision@1`, `ATTEMPT_STARTED@2`, … */
export function timeline(entries: readonly Entry[]): string[] {
  return entries.map((entry) =>
    entry.kind === 'run_event'
      ? `${entry.runEvent.state}@${entry.run.attempt}`
      : `${entry.kind}:${entry.kind === 'decision' ? entry.decision.chosen.label : ''}@${entry.run?.attempt}`,
  );
}

/** The run event bodies among `entries`, in order. */
export function runEventsOf(entries: readonly Entry[]): RunEventEntry['runEvent'][] {
  return entries.flatMap((entry) => (entry.kind === 'run_event' ? [entry.runEvent] : []));
}
