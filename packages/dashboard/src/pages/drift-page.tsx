// `/drift`: the drift findings of a period and, per agent and decision type, the chosen-option mix and the
// confidence distribution over time (issue 8: "charts of the distributions over time, not only tables").
import type { Finding, SeriesGroup } from '@cairn/drift';
import { driftSearch, windowText } from '../drift/drift-query.js';
import type { PeriodDrift } from '../drift/period-drift.js';
import { ConfidenceChart, MixChart, chartedMix } from './drift-charts.js';
import { ConfidenceTable, FindingsTable, MixTable } from './drift-tables.js';
import { Time, entryHref } from './format.js';
import { Layout } from './layout.js';

/** Download paths of the drift report of the page's period. */
export const DRIFT_REPORT_PATHS = { html: '/drift/report.html', json: '/drift/report.json' } as const;

function PeriodForm({ drift }: { drift: PeriodDrift }) {
  const { since, until, windowMs } = drift.query;
  return (
    <form class="filters" method="get" action="/drift">
      <div>
        <label for="drift-since">Since (UTC date or RFC 3339 time)</label>
        <input id="drift-since" name="since" value={new Date(since).toISOString()} size={26} />
      </div>
      <div>
        <label for="drift-until">Until, exclusive</label>
        <input id="drift-until" name="until" value={new Date(until).toISOString()} size={26} />
      </div>
      <div>
        <label for="drift-window">Window (30m, 6h, 1d, 1w)</label>
        <input id="drift-window" name="window" value={windowText(windowMs)} size={6} />
      </div>
      <button type="submit">Analyse</button>
    </form>
  );
}

function Coverage({ drift }: { drift: PeriodDrift }) {
  const { counts } = drift.series;
  const search = driftSearch(drift.query);
  return (
    <>
      {drift.analysed < drift.inPeriod && (
        <p class="notice" role="status" data-drift-bounded>
          The period holds {drift.inPeriod} entries, more than one analysis reads: only the most recent{' '}
          {drift.analysed} (in log order) were analysed. Choose a shorter period to analyse all of it.
        </p>
      )}
      <p class="meta">
        {counts.entries} entries read ({counts.decisions} decisions, {counts.oversight} oversight), windows of{' '}
        {windowText(drift.series.windowMs)} from the start of the period, each tested against the{' '}
        {drift.series.baseline.kind === 'preceding'
          ? `${drift.series.baseline.windows} windows before it`
          : 'fixed baseline'}{' '}
        at α = {drift.series.alpha}. Analysed <Time iso={drift.analysedAt.toISOString()} />; the analysis is
        reused for a minute.
      </p>
      <p>
        <a class="button" href={`${DRIFT_REPORT_PATHS.html}?${search}`} data-report="drift-html">
          Download the drift report (HTML)
        </a>{' '}
        <a class="button" href={`${DRIFT_REPORT_PATHS.json}?${search}`} data-report="drift-json">
          Download the drift report (JSON)
        </a>
      </p>
    </>
  );
}

function VersionChanges({ group, findings }: { group: SeriesGroup; findings: readonly Finding[] }) {
  if (group.versionChanges.length === 0)
    return <p class="meta">No model, prompt, policy or agent version change.</p>;
  return (
    <ul>
      {group.versionChanges.map((v) => {
        // The version-change finding names the first decision made under the new version.
        const first = findings.find((f) => f.id === v.findingId)?.entries[0];
        return (
          <li>
            {v.component} changed at <Time iso={v.at} />, entry{' '}
            {first ? <a href={entryHref(first.id)}>#{v.index}</a> : `#${v.index}`}
          </li>
        );
      })}
    </ul>
  );
}

function GroupSection(props: {
  group: SeriesGroup;
  i: number;
  windowMs: number;
  findings: readonly Finding[];
}) {
  const { group, i, windowMs } = props;
  const id = `g${i}`;
  return (
    <section aria-labelledby={id} class="drift-group">
      <h2 id={id}>
        {group.agentId} · {group.decisionType}
      </h2>
      <h3>Chosen-option mix</h3>
      <MixChart group={group} windowMs={windowMs} id={`${id}-mix`} />
      <p class="meta">
        ▼ marks a window the test flagged; a dashed line marks a version change. Hover a bar for its numbers.
      </p>
      <details>
        <summary>Table of this chart's data</summary>
        <MixTable group={group} mix={chartedMix(group)} />
      </details>
      <h3>Confidence</h3>
      <ConfidenceChart group={group} windowMs={windowMs} id={`${id}-confidence`} />
      <details>
        <summary>Table of this chart's data</summary>
        <ConfidenceTable group={group} />
      </details>
      <h3>Version changes</h3>
      <VersionChanges group={group} findings={props.findings} />
    </section>
  );
}

/**
 * The drift page of one analysed period.
 *
 * @example return page(c, <DriftPage drift={await cache.analyse(query)} />);
 */
export function DriftPage({ drift }: { drift: PeriodDrift }) {
  return (
    <Layout title="Drift" section="drift">
      <h1>Drift of the decisions</h1>
      <p>
        Shifts in what the agents choose and how confident they are, per window, against the windows before
        it. A flagged window is a prompt for review, not proof of a fault: on a stable stream about α of the
        tested windows are flagged by chance.
      </p>
      <PeriodForm drift={drift} />
      <Coverage drift={drift} />
      <section aria-labelledby="drift-findings">
        <h2 id="drift-findings">Findings</h2>
        <FindingsTable findings={drift.findings} />
      </section>
      {drift.series.groups.length === 0 && <p>No decision occurred in this period.</p>}
      {drift.series.groups.map((group, i) => (
        <GroupSection group={group} i={i} windowMs={drift.series.windowMs} findings={drift.findings} />
      ))}
    </Layout>
  );
}
