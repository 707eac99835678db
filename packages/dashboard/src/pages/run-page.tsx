// `/runs/:orchestrator/:runId`: the orchestrator's run events and the agent's decisions on one timeline, with a
// link to the run in the orchestrator's own UI.
import type { RunLink } from '@cairn/core';
import type { PortEntry } from '../ledger.js';
import { Badge, Time, entryHeadline, entryHref } from './format.js';
import { Layout } from './layout.js';

/** Timeline items per page. */
export const TIMELINE_PAGE_SIZE = 100;

const ORCHESTRATOR_NAMES: Readonly<Record<string, string>> = {
  'trigger.dev': 'Trigger.dev',
  prefect: 'Prefect',
  airflow: 'Airflow',
  dagster: 'Dagster',
};

/**
 * The orchestrator's product name, for "Open in …" links.
 *
 * @example orchestratorName('airflow') === 'Airflow'
 */
export function orchestratorName(orchestrator: string): string {
  return ORCHESTRATOR_NAMES[orchestrator] ?? orchestrator;
}

function runLinkOf(entries: readonly PortEntry[]): RunLink | undefined {
  const links = entries.map((e) => e.entry.run).filter((r): r is RunLink => r !== undefined);
  return links.find((r) => r.url !== undefined) ?? links[0];
}

function RunFacts({ run }: { run: RunLink }) {
  const facts: [string, string | undefined][] = [
    [
      'Workflow',
      run.workflow === undefined ? undefined : `${run.workflow.name ?? run.workflow.id} (${run.workflow.id})`,
    ],
    ['Task', run.task?.id],
    ['Attempt', run.attempt === undefined ? undefined : String(run.attempt)],
    ['Namespace', run.namespace],
    ['Environment', run.environment],
    ['Parent run', run.parentRunId],
    ['Root run', run.rootRunId],
    ...Object.entries(run.ids ?? {}).map(([k, v]): [string, string] => [k, v]),
  ];
  return (
    <dl class="facts">
      {facts
        .filter((f): f is [string, string] => f[1] !== undefined)
        .map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd>
              <code>{v}</code>
            </dd>
          </>
        ))}
    </dl>
  );
}

function TimelineItem({ stored }: { stored: PortEntry }) {
  const { entry } = stored;
  const tone =
    entry.kind === 'run_event'
      ? entry.runEvent.status
      : entry.kind === 'decision' && entry.decision.outcome?.adverse
        ? 'adverse'
        : 'info';
  return (
    <li class={entry.kind}>
      <span class="kind">{entry.kind === 'run_event' ? 'orchestrator event' : entry.kind}</span> ·{' '}
      <Time iso={entry.occurredAt} />
      <div>
        <a href={entryHref(entry.id)}>{entryHeadline(entry)}</a>{' '}
        {entry.kind === 'run_event' && <Badge text={entry.runEvent.status} tone={tone} />}
        {entry.kind === 'decision' && entry.decision.outcome?.adverse === true && (
          <Badge text="adverse outcome" tone="adverse" />
        )}
      </div>
      <div class="meta">
        entry {stored.index}
        {entry.run?.task?.id === undefined ? '' : ` · task ${entry.run.task.id}`}
        {entry.run?.attempt === undefined ? '' : ` · attempt ${entry.run.attempt}`}
      </div>
    </li>
  );
}

/** The run page; `entries` is the whole run in time order, `page` the 0-based page of the timeline shown. */
export function RunPage(props: {
  orchestrator: string;
  runId: string;
  entries: readonly PortEntry[];
  page: number;
}) {
  const { orchestrator, runId, entries, page } = props;
  const run = runLinkOf(entries);
  const shown = entries.slice(page * TIMELINE_PAGE_SIZE, (page + 1) * TIMELINE_PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(entries.length / TIMELINE_PAGE_SIZE));
  const decisions = entries.filter((e) => e.entry.kind === 'decision').length;
  return (
    <Layout title={`Run ${runId}`} section="runs">
      <h1>
        {orchestratorName(orchestrator)} run <code>{runId}</code>
      </h1>
      <p>
        {entries.length} entries: {entries.length - decisions} orchestrator events and others, {decisions}{' '}
        decisions.{' '}
        {run?.url !== undefined && (
          <a href={run.url} rel="noopener noreferrer" data-orchestrator-link>
            Open this run in {orchestratorName(orchestrator)}
          </a>
        )}
      </p>
      {run !== undefined && <RunFacts run={run} />}
      <h2 id="timeline">Timeline</h2>
      <ol class="timeline" aria-labelledby="timeline">
        {shown.map((s) => (
          <TimelineItem stored={s} />
        ))}
      </ol>
      {pages > 1 && (
        <nav class="pager" aria-label="Timeline pages">
          {page > 0 && (
            <a href={`?page=${page - 1}`} rel="prev">
              Earlier entries
            </a>
          )}
          <span>
            page {page + 1} of {pages}
          </span>
          {page + 1 < pages && (
            <a href={`?page=${page + 1}`} rel="next">
              Later entries
            </a>
          )}
        </nav>
      )}
    </Layout>
  );
}
