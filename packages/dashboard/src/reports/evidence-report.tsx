// The human-readable report of a period evidence pack, as data (shared by HTML and PDF) and as HTML.
import { parseVerifierKey } from '@cairn/core';
import type { Problem } from '@cairn/core';
import type { PeriodStats } from './bundle-stats.js';
import { ReportDocument, renderHtml } from './document.js';
import { longDate } from './plain-language.js';
import { REQUIREMENT_MAP, REQUIREMENT_NOTES } from './requirements.js';
import { BUNDLE_LIMITS, VERIFY_STEPS } from './verify-steps.js';

/** Everything the period report states. */
export type EvidenceReport = {
  readonly origin: string;
  readonly period: { readonly from: string; readonly to: string };
  readonly generatedAt: string;
  readonly range: { readonly first: number; readonly count: number };
  /** Entries of the range that occurred in the period; the others sit between them. */
  readonly inPeriod: number;
  readonly treeSize: number;
  readonly checkpointFile: string;
  readonly checkpointNote: string;
  readonly verifierKeys: readonly { readonly key: string; readonly name: string; readonly keyId: string }[];
  readonly counts: { readonly checkpoints: number; readonly byKind: Readonly<Record<string, number>> };
  readonly stats: PeriodStats;
  readonly verification: {
    readonly ok: boolean;
    readonly entriesChecked: number;
    readonly checkpointsChecked: number;
    readonly problems: readonly Problem[];
  };
  readonly files: Readonly<Record<string, { readonly sha256: string; readonly bytes: number }>>;
};

/**
 * Names and key ids of verifier keys, for the report's key table.
 *
 * @example describeKeys(['example.com/log+530d903a+AU…']) // [{ key, name: 'example.com/log', keyId: '530d903a' }]
 */
export function describeKeys(keys: readonly string[]): EvidenceReport['verifierKeys'] {
  return keys.map((key) => {
    const parsed = parseVerifierKey(key);
    return parsed.ok
      ? { key, name: parsed.value.name, keyId: parsed.value.keyId.toString(16).padStart(8, '0') }
      : { key, name: 'unreadable key', keyId: '' };
  });
}

/**
 * The leaf range in words.
 *
 * @example rangeText({ first: 5, count: 4 }) === 'ledger entries 5 to 8 (4 entries)'
 */
export function rangeText(range: { first: number; count: number }): string {
  if (range.count === 0)
    return `no entries (the log did not grow in the period; it had ${range.first} entries)`;
  return `ledger entries ${range.first} to ${range.first + range.count - 1} (${range.count} ${range.count === 1 ? 'entry' : 'entries'})`;
}

/**
 * How the range relates to the period, in a sentence.
 *
 * @example periodText({ range: { first: 0, count: 9 }, inPeriod: 8 }) // '8 of them occurred in the period; …'
 */
export function periodText(report: Pick<EvidenceReport, 'range' | 'inPeriod'>): string {
  const between = report.range.count - report.inPeriod;
  return (
    `${report.inPeriod} of them occurred in the period: every sealed entry that did. ` +
    (between === 0
      ? 'No entry from outside the period is included.'
      : `The ${between} others lie between them in the ledger (a bundle holds a contiguous range) and occurred outside the period.`)
  );
}

/** Rows of label → count, largest first, for the count tables. */
export function countRows(counts: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/**
 * The count tables of a report, titled.
 *
 * @example countTables(report).map(([title]) => title)
 */
export function countTables(report: EvidenceReport): [string, [string, number][]][] {
  const { stats } = report;
  return [
    ['Entries by kind', countRows(report.counts.byKind)],
    ['Decisions by type', countRows(stats.decisionsByType)],
    ['Decisions by role of the AI', countRows(stats.decisionsByAiRole)],
    ['Human oversight by action', countRows(stats.oversightByAction)],
    ['Runs by orchestrator', countRows(stats.runsByOrchestrator)],
    ['Anomalies by severity', countRows(stats.anomaliesBySeverity)],
    [
      'Follow-ups',
      [
        ['adverse outcomes', stats.adverseOutcomes],
        ['contests', stats.contests],
        ['corrections', stats.corrections],
        ['erasures', stats.erasures],
      ],
    ],
  ];
}

function Counts({ report }: { report: EvidenceReport }) {
  return (
    <>
      {countTables(report).map(([title, rows]) => (
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">What</th>
              <th scope="col">Count</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colspan={2}>none</td>
              </tr>
            ) : (
              rows.map(([k, v]) => (
                <tr>
                  <td>{k}</td>
                  <td>{v}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      ))}
    </>
  );
}

function Verify() {
  return (
    <>
      {VERIFY_STEPS.map((step) => (
        <>
          <h3>{step.title}</h3>
          <p>{step.text}</p>
          <pre>{step.commands.join('\n')}</pre>
        </>
      ))}
      <p class="note">{BUNDLE_LIMITS}</p>
    </>
  );
}

function Requirements() {
  return (
    <>
      <table>
        <caption>Record fields and the requirements they serve</caption>
        <thead>
          <tr>
            <th scope="col">Provision</th>
            <th scope="col">What it asks</th>
            <th scope="col">Record fields</th>
          </tr>
        </thead>
        <tbody>
          {REQUIREMENT_MAP.map((r) => (
            <tr>
              <td>{r.citation}</td>
              <td>{r.demands}</td>
              <td>
                <code>{r.fields}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul>
        {REQUIREMENT_NOTES.map((n) => (
          <li>{n}</li>
        ))}
      </ul>
    </>
  );
}

function EvidenceDocument({ report }: { report: EvidenceReport }) {
  const { range, verification } = report;
  return (
    <ReportDocument title={`Evidence pack ${report.period.from} to ${report.period.to}`}>
      <h1>Evidence pack for {report.origin}</h1>
      <p class="meta">
        Period {longDate(report.period.from)} to {longDate(report.period.to)} · generated{' '}
        {longDate(report.generatedAt)}
      </p>
      <h2>Summary</h2>
      <p>
        The bundle in <code>bundle/</code> holds {rangeText(range)}, verified against the checkpoint of tree
        size {report.treeSize} (<code>{report.checkpointFile}</code>), with {report.counts.checkpoints}{' '}
        checkpoints and {report.verifierKeys.length} verifier keys. {periodText(report)}
      </p>
      <p data-verification={verification.ok ? 'ok' : 'failed'}>
        Verified when generated: <strong>{verification.ok ? 'yes' : 'NO'}</strong> (
        {verification.entriesChecked} entries and {verification.checkpointsChecked} checkpoints checked
        {verification.ok ? '' : `, ${verification.problems.length} problems`}).
      </p>
      {!verification.ok && (
        <ul>
          {verification.problems.slice(0, 20).map((p) => (
            <li>{p.message}</li>
          ))}
        </ul>
      )}
      <h2>Counts</h2>
      <Counts report={report} />
      <h2>The checkpoint</h2>
      <pre>{report.checkpointNote}</pre>
      <h2>Verifier keys</h2>
      <table>
        <caption>Keys that signed the checkpoints (C2SP vkey)</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key id</th>
            <th scope="col">Verifier key</th>
          </tr>
        </thead>
        <tbody>
          {report.verifierKeys.map((k) => (
            <tr>
              <td>{k.name}</td>
              <td>
                <code>{k.keyId}</code>
              </td>
              <td>
                <code>{k.key}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>How to verify</h2>
      <Verify />
      <h2>Requirements the record serves</h2>
      <Requirements />
      <h2>Files of the bundle</h2>
      <table>
        <caption>SHA-256 of every file, as manifest.json states</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Bytes</th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(report.files).map(([name, f]) => (
            <tr>
              <td>
                <code>{name}</code>
              </td>
              <td>{f.bytes}</td>
              <td>
                <code>{f.sha256}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </ReportDocument>
  );
}

/**
 * The period report as a self-contained HTML page.
 *
 * @example await writeFile('report.html', evidenceReportHtml(report));
 */
export function evidenceReportHtml(report: EvidenceReport): string {
  return renderHtml(<EvidenceDocument report={report} />);
}
