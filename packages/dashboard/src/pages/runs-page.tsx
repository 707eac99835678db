// `/`: the runs of every orchestrator, most recently active first, filtered and keyset-paged (the ledger serves
// each page from an index, so page 1,000 costs what page 1 does).
import { ORCHESTRATORS, RUN_STATUSES } from '@cairn/core';
import type { Problem } from '@cairn/core';
import { problem } from '@cairn/core';
import type { RunFilter, RunSummary } from '../ledger.js';
import { Badge, Time, runHref } from './format.js';
import { Layout } from './layout.js';

/** Rows per page of the run list. */
export const RUNS_PAGE_SIZE = 50;

/** The filter form's fields, as typed. */
export type RunQuery = {
  orchestrator: string;
  status: string;
  type: string;
  from: string;
  to: string;
  cursor: string;
};

const MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z?$/;

function toIso(field: 'from' | 'to', value: string, problems: Problem[]): string | undefined {
  if (value === '') return undefined;
  const date = MINUTE.test(value)
    ? new Date(value.endsWith('Z') ? value : `${value}Z`)
    : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) {
    problems.push(
      problem(
        field,
        'invalid_time',
        `${field}: expected a UTC date and time like 2026-11-23T10:00, got ${JSON.stringify(value.slice(0, 40))}`,
      ),
    );
    return undefined;
  }
  return date.toISOString();
}

/**
 * Reads the filter form into the port's RunFilter, listing every field that is not acceptable.
 *
 * @example
 * const { filter, problems } = runFilterOf({ orchestrator: 'airflow', status: '', type: '', from: '', to: '', cursor: '' });
 */
export function runFilterOf(query: RunQuery): { filter: RunFilter; problems: Problem[] } {
  const problems: Problem[] = [];
  const pick = (field: 'orchestrator' | 'status', allowed: readonly string[]) => {
    const value = query[field];
    if (value === '' || allowed.includes(value)) return value || undefined;
    problems.push(
      problem(
        field,
        'invalid_value',
        `${field}: expected one of ${allowed.join(', ')}, got ${JSON.stringify(value.slice(0, 40))}`,
      ),
    );
    return undefined;
  };
  const filter: RunFilter = {
    orchestrator: pick('orchestrator', ORCHESTRATORS),
    status: pick('status', RUN_STATUSES),
    decisionType: query.type.trim() || undefined,
    from: toIso('from', query.from, problems),
    to: toIso('to', query.to, problems),
    cursor: query.cursor || undefined,
    limit: RUNS_PAGE_SIZE,
  };
  return { filter, problems };
}

function Select(props: { id: keyof RunQuery; label: string; options: readonly string[]; value: string }) {
  return (
    <div>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.id}>
        <option value="">any</option>
        {props.options.map((o) => (
          <option value={o} selected={o === props.value}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}

function Filters({ query }: { query: RunQuery }) {
  return (
    <form class="filters" method="get" action="/" aria-label="Filter runs">
      <Select id="orchestrator" label="Orchestrator" options={ORCHESTRATORS} value={query.orchestrator} />
      <Select id="status" label="Status" options={RUN_STATUSES} value={query.status} />
      <div>
        <label for="type">Decision type</label>
        <input id="type" name="type" value={query.type} placeholder="e.g. credit.limit_increase" />
      </div>
      <div>
        <label for="from">Active from (UTC)</label>
        <input id="from" name="from" type="datetime-local" value={query.from} />
      </div>
      <div>
        <label for="to">Active until (UTC)</label>
        <input id="to" name="to" type="datetime-local" value={query.to} />
      </div>
      <button type="submit">Apply filters</button>
      <a href="/">Clear</a>
    </form>
  );
}

/** A table of runs; shared by the list and the search results. */
export function RunTable({ runs, caption }: { runs: readonly RunSummary[]; caption: string }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Orchestrator</th>
          <th scope="col">Status</th>
          <th scope="col">First seen</th>
          <th scope="col">Last activity</th>
          <th scope="col" class="num">
            Entries
          </th>
          <th scope="col" class="num">
            Decisions
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr>
            <td>
              <a href={runHref(r.orchestrator, r.runId)}>{r.runId}</a>
            </td>
            <td>{r.orchestrator}</td>
            <td>
              {r.lastStatus === null ? <span class="meta">no run event</span> : <Badge text={r.lastStatus} />}
            </td>
            <td>
              <Time iso={r.firstAt} />
            </td>
            <td>
              <Time iso={r.lastAt} />
            </td>
            <td class="num">{r.entryCount}</td>
            <td class="num">{r.decisionCount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The run list page. */
export function RunsPage(props: {
  query: RunQuery;
  runs: readonly RunSummary[];
  nextCursor?: string | undefined;
  problems: readonly Problem[];
}) {
  const { query } = props;
  const next = new URLSearchParams({ ...query, cursor: props.nextCursor ?? '' });
  for (const [k, v] of [...next.entries()]) if (v === '') next.delete(k);
  const first = new URLSearchParams(next);
  first.delete('cursor');
  return (
    <Layout title="Runs" section="runs">
      <h1>Runs across all orchestrators</h1>
      <Filters query={query} />
      {props.problems.length > 0 && (
        <div class="notice" role="alert">
          <p>Some filters were not applied:</p>
          <ul>
            {props.problems.map((p) => (
              <li>{p.message}</li>
            ))}
          </ul>
        </div>
      )}
      {props.runs.length === 0 ? (
        <p>No run matches these filters.</p>
      ) : (
        <RunTable
          runs={props.runs}
          caption={`Runs, most recently active first (${props.runs.length} on this page)`}
        />
      )}
      <nav class="pager" aria-label="Pages">
        {query.cursor !== '' && <a href={`/?${first.toString()}`}>First page</a>}
        {props.nextCursor !== undefined && (
          <a href={`/?${next.toString()}`} rel="next">
            Next page
          </a>
        )}
      </nav>
    </Layout>
  );
}
