// `/search?q=`: one box for any id. A query is looked up as a record id, as any run id the orchestrators use
// (run id, task run id, parent/root run id, OpenLineage run id, …) and as a data-subject reference.
import type { PortEntry, RunSummary } from '../ledger.js';
import { Time, entryHeadline, entryHref } from './format.js';
import { Layout } from './layout.js';
import { subjectHref } from './reports-page.js';
import { RunTable } from './runs-page.js';

/** Most subject entries listed on the search page; the access export has them all. */
export const SUBJECT_PAGE_SIZE = 100;

/** What a search found. */
export type SearchResults = {
  readonly query: string;
  readonly entry: PortEntry | undefined;
  readonly runs: readonly RunSummary[];
  readonly subjectEntries: readonly PortEntry[];
  /** True when the subject has more entries than listed. */
  readonly more: boolean;
};

/**
 * Where a search should go straight away: the only thing it found, if it found exactly one.
 *
 * @example searchRedirect({ query, entry: undefined, runs: [run], subjectEntries: [], more: false }) // '/runs/airflow/…'
 */
export function searchRedirect(results: SearchResults): string | undefined {
  const found = (results.entry ? 1 : 0) + results.runs.length + (results.subjectEntries.length > 0 ? 1 : 0);
  if (found !== 1) return undefined;
  if (results.entry !== undefined) return entryHref(results.entry.entry.id);
  const run = results.runs[0];
  return run === undefined
    ? undefined
    : `/runs/${encodeURIComponent(run.orchestrator)}/${encodeURIComponent(run.runId)}`;
}

function SubjectEntries({ results }: { results: SearchResults }) {
  return (
    <section aria-labelledby="subject-heading">
      <h2 id="subject-heading">Entries about the subject {results.query}</h2>
      <p>
        <a href={subjectHref(results.query, 'html')} download>
          Download the subject access export (HTML)
        </a>{' '}
        ·{' '}
        <a href={subjectHref(results.query, 'json')} download>
          as JSON, with receipts
        </a>
      </p>
      <table>
        <caption>
          {results.more
            ? `The first ${results.subjectEntries.length} entries, in ledger order`
            : `${results.subjectEntries.length} entries, in ledger order`}
        </caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              Index
            </th>
            <th scope="col">Occurred</th>
            <th scope="col">Kind</th>
            <th scope="col">Entry</th>
          </tr>
        </thead>
        <tbody>
          {results.subjectEntries.map((s) => (
            <tr>
              <td class="num">{s.index}</td>
              <td>
                <Time iso={s.entry.occurredAt} />
              </td>
              <td>{s.entry.kind}</td>
              <td>
                <a href={entryHref(s.entry.id)}>{entryHeadline(s.entry)}</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The search results page. */
export function SearchPage({ results }: { results: SearchResults }) {
  const nothing =
    results.entry === undefined && results.runs.length === 0 && results.subjectEntries.length === 0;
  return (
    <Layout title={`Search ${results.query}`} section="search" query={results.query}>
      <h1>
        Results for <code>{results.query}</code>
      </h1>
      {nothing && <p role="status">Nothing in the ledger has this run id, record id or subject reference.</p>}
      {results.entry !== undefined && (
        <p>
          Record: <a href={entryHref(results.entry.entry.id)}>{entryHeadline(results.entry.entry)}</a>
        </p>
      )}
      {results.runs.length > 0 && <RunTable runs={results.runs} caption="Runs with this id" />}
      {results.subjectEntries.length > 0 && <SubjectEntries results={results} />}
    </Layout>
  );
}
