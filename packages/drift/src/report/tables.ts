// Table alternatives of the charts and the findings table: every number a chart shows is also readable as text.

import type { Finding } from '../finding.js';
import type { SeriesGroup, WindowPoint } from '../series.js';
import type { ChartedMix } from './charts.js';
import { clipText, escapeHtml, pct, short, shortTime } from './escape.js';

function table(caption: string, head: readonly string[], rows: readonly (readonly string[])[]): string {
  const th = head.map((h) => `<th scope="col">${h}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((cell, i) => (i === 0 ? `<th scope="row">${cell}</th>` : `<td>${cell}</td>`)).join('')}</tr>`,
    )
    .join('');
  return `<table><caption>${caption}</caption><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function testCell(test: WindowPoint['tests']['mix'], format: (v: number) => string): string {
  if (test === undefined) return 'not tested';
  if (!test.tested) return escapeHtml(test.skipped ?? 'not tested');
  const verdict = test.flagged ? '<strong>flagged</strong>' : 'no shift';
  return `${format(test.statistic!)} vs ${format(test.threshold!)}, p ${short(test.pValue!)}: ${verdict}`;
}

/** The chosen-option mix per window as a table. */
export function mixTable(group: SeriesGroup, mix: ChartedMix, windowMs: number): string {
  const head = [
    'Window',
    'Decisions',
    ...mix.legend.map((l) => escapeHtml(clipText(l.label))),
    'PSI vs threshold, chi-square p',
  ];
  const rows = group.windows.map((w, i) => [
    escapeHtml(shortTime(w.from, windowMs)),
    String(w.decisions),
    ...mix.counts[i]!.map((n) => `${n} (${pct(w.decisions === 0 ? 0 : n / w.decisions)})`),
    testCell(w.tests.mix, short),
  ]);
  return table('Chosen options per window (count and share)', head, rows);
}

/** Confidence per window as a table. */
export function confidenceTable(group: SeriesGroup, windowMs: number): string {
  const head = ['Window', 'n', '10th', '25th', 'Median', '75th', '90th', 'KS D vs critical, p'];
  const rows = group.windows.map((w) => {
    const s = w.confidence;
    const cells =
      s === undefined
        ? ['0', '–', '–', '–', '–', '–']
        : [String(s.n), ...[s.q10, s.q25, s.median, s.q75, s.q90].map(short)];
    return [escapeHtml(shortTime(w.from, windowMs)), ...cells, testCell(w.tests.confidence, short)];
  });
  return table('Confidence percentiles per window', head, rows);
}

/** Override rates per window as a table. */
export function overrideTable(group: SeriesGroup, windowMs: number): string {
  const head = ['Window', 'Reviewed', 'Overridden', 'Rate', 'z vs critical, p'];
  const rows = group.windows.map((w) => [
    escapeHtml(shortTime(w.from, windowMs)),
    String(w.oversight.reviewed),
    String(w.oversight.overridden),
    w.oversight.rate === null ? '–' : pct(w.oversight.rate),
    testCell(w.tests.overrideRate, short),
  ]);
  return table('Override rate of reviewed decisions per window', head, rows);
}

/** Every finding with what it rests on. */
export function findingsTable(findings: readonly Finding[]): string {
  if (findings.length === 0) return '<p>No findings.</p>';
  const head = [
    'Severity',
    'Detector',
    'Agent / decision type',
    'Window',
    'Statistic vs threshold',
    'Summary',
    'Entries',
  ];
  const rows = findings.map((f) => [
    `<span class="sev sev-${f.severity}">${f.severity}</span>`,
    escapeHtml(f.detector),
    f.agentId === '' && f.decisionType === ''
      ? 'all'
      : escapeHtml(clipText(`${f.agentId} / ${f.decisionType}`, 80)),
    f.window ? `${escapeHtml(f.window.from)} – ${escapeHtml(f.window.to)}` : escapeHtml(f.occurredAt),
    f.statistic
      ? `${escapeHtml(f.statistic.name)} ${short(f.statistic.value)} vs ${short(f.statistic.threshold)}`
      : '–',
    escapeHtml(clipText(f.summary, 600)),
    entriesCell(f),
  ]);
  return table('Findings, each with its statistic, threshold and the entries behind it', head, rows);
}

function entriesCell(f: Finding): string {
  const shown = f.entries
    .slice(0, 3)
    .map((e) => `#${e.index}`)
    .join(', ');
  const more = f.entries.length > 3 ? ` and ${f.entries.length - 3} more` : '';
  const baseline = f.baseline ? `; baseline ${f.baseline.entries.count}` : '';
  return `${f.entries.length}: ${shown}${more}${baseline}`;
}
