// The tables of the drift page: the findings with the entries behind each, and each chart's data as a table (the
// text alternative a screen reader or a copy into a spreadsheet needs).
import type { Finding, SeriesGroup, WindowTest } from '@cairn/drift';
import type { ChartedMix } from './drift-charts.js';
import { Badge, entryHref, shortTime } from './format.js';

/** Entries linked per finding; the rest are counted (the drift report lists them all). */
export const LINKED_ENTRIES = 5;

function number(value: number | undefined, digits = 3): string {
  if (value === undefined) return '–';
  if (value !== 0 && Math.abs(value) < 10 ** -digits) return value.toExponential(1);
  return value.toFixed(digits);
}

function Interval({ from, to }: { from: string; to: string }) {
  return (
    <>
      <time datetime={from}>{shortTime(from)}</time> to <time datetime={to}>{shortTime(to)}</time>
    </>
  );
}

function EntryLinks({ finding }: { finding: Finding }) {
  const shown = finding.entries.slice(0, LINKED_ENTRIES);
  const more = finding.entries.length - shown.length;
  return (
    <>
      <ul class="plain">
        {shown.map((e) => (
          <li>
            <a href={entryHref(e.id)}>{e.id}</a> <span class="meta">#{e.index}</span>
          </li>
        ))}
      </ul>
      {more > 0 && <span class="meta">and {more} more</span>}
    </>
  );
}

function FindingRow({ finding }: { finding: Finding }) {
  const { statistic, test, window, baseline } = finding;
  const severityTone = finding.severity === 'info' ? 'info' : 'fail';
  return (
    <tr data-finding={finding.detector}>
      <td>
        {finding.detector} <Badge text={finding.severity} tone={severityTone} />
        <div class="meta">{finding.summary}</div>
      </td>
      <td>
        {finding.agentId} · {finding.decisionType}
      </td>
      <td>
        {window ? (
          <Interval {...window} />
        ) : (
          <time datetime={finding.occurredAt}>{shortTime(finding.occurredAt)}</time>
        )}
      </td>
      <td>
        {baseline ? (
          <>
            <Interval from={baseline.from} to={baseline.to} /> ({baseline.entries.count} entries)
          </>
        ) : (
          '–'
        )}
      </td>
      <td class="num">{statistic ? `${statistic.name} ${number(statistic.value)}` : '–'}</td>
      <td class="num">{statistic ? number(statistic.threshold) : '–'}</td>
      <td class="num">{test ? number(test.pValue, 4) : '–'}</td>
      <td>
        <EntryLinks finding={finding} />
      </td>
    </tr>
  );
}

/**
 * Every finding with its window, baseline, statistic, threshold, p-value and links to the entries behind it.
 *
 * @example <FindingsTable findings={drift.findings} />
 */
export function FindingsTable({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0) return <p>No findings in this period.</p>;
  const headings = [
    'Detector',
    'Agent · decision type',
    'Window',
    'Baseline',
    'Statistic',
    'Threshold',
    'p-value',
    'Entries',
  ];
  return (
    <table>
      <caption>{findings.length} findings, in time order per agent and decision type</caption>
      <thead>
        <tr>
          {headings.map((h) => (
            <th scope="col" class={['Statistic', 'Threshold', 'p-value'].includes(h) ? 'num' : undefined}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {findings.map((f) => (
          <FindingRow finding={f} />
        ))}
      </tbody>
    </table>
  );
}

function testText(test: WindowTest | undefined): string {
  if (test === undefined) return 'no baseline';
  if (!test.tested) return `not tested: ${test.skipped ?? 'too few observations'}`;
  return `p ${number(test.pValue, 4)}${test.flagged ? ', flagged' : ''}`;
}

/**
 * The mix chart's data: per window the count of each charted option, and the mix test's outcome.
 *
 * @example <MixTable group={group} mix={chartedMix(group)} />
 */
export function MixTable({ group, mix }: { group: SeriesGroup; mix: ChartedMix }) {
  return (
    <table>
      <caption>Chosen options per window</caption>
      <thead>
        <tr>
          <th scope="col">Window from</th>
          <th scope="col" class="num">
            Decisions
          </th>
          {mix.legend.map((l) => (
            <th scope="col" class="num">
              {l.label}
            </th>
          ))}
          <th scope="col">Mix test</th>
        </tr>
      </thead>
      <tbody>
        {group.windows.map((w, i) => (
          <tr>
            <th scope="row">{shortTime(w.from)}</th>
            <td class="num">{w.decisions}</td>
            {mix.counts[i]!.map((count) => (
              <td class="num">{count}</td>
            ))}
            <td>{testText(w.tests.mix)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The confidence chart's data: per window the percentiles and the Kolmogorov–Smirnov test's outcome.
 *
 * @example <ConfidenceTable group={group} />
 */
export function ConfidenceTable({ group }: { group: SeriesGroup }) {
  const columns = ['n', '10th', '25th', 'Median', '75th', '90th'];
  return (
    <table>
      <caption>Confidence percentiles per window</caption>
      <thead>
        <tr>
          <th scope="col">Window from</th>
          {columns.map((h) => (
            <th scope="col" class="num">
              {h}
            </th>
          ))}
          <th scope="col">KS test</th>
        </tr>
      </thead>
      <tbody>
        {group.windows.map((w) => {
          const s = w.confidence;
          const cells =
            s === undefined
              ? []
              : [String(s.n), ...[s.q10, s.q25, s.median, s.q75, s.q90].map((v) => number(v))];
          return (
            <tr>
              <th scope="row">{shortTime(w.from)}</th>
              {columns.map((_, k) => (
                <td class="num">{cells[k] ?? '–'}</td>
              ))}
              <td>{testText(w.tests.confidence)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
