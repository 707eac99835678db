// The drift report: the same content as JSON for machines and as one self-contained HTML page for people
// (inline CSS and SVG, no script, no external asset), for the `cairn drift` command and the dashboard.

import type { Finding } from '../finding.js';
import type { DriftSeries, SeriesGroup } from '../series.js';
import { chartedMix, confidenceChart, mixChart, overrideChart } from './charts.js';
import { escapeHtml } from './escape.js';
import { REPORT_CSS } from './styles.js';
import { confidenceTable, findingsTable, mixTable, overrideTable } from './tables.js';

/** What a report says about itself. */
export type DriftReportMeta = {
  readonly title?: string;
  readonly generatedAt?: Date;
  /** The per-window data from `runDriftAnalysis`; without it the report lists findings only. */
  readonly series?: DriftSeries;
  /** Where the entries came from, shown as given: ledger origin, tree size, checkpoint, index range… */
  readonly source?: Readonly<Record<string, string | number>>;
};

/** The report in both forms. */
export type DriftReport = { readonly json: string; readonly html: string };

/**
 * The JSON format's name and version.
 *
 * @example
 * JSON.parse(report.json).format === DRIFT_REPORT_FORMAT
 */
export const DRIFT_REPORT_FORMAT = 'cairn.drift-report/v1';

/**
 * Renders findings (and, when given, the series behind them) as a JSON document and an HTML page.
 *
 * @example
 * const { findings, series } = await runDriftAnalysis({ entries });
 * const { html, json } = renderDriftReport(findings, { series, source: { origin: 'cairn.example/log' } });
 */
export function renderDriftReport(findings: readonly Finding[], meta: DriftReportMeta = {}): DriftReport {
  const generatedAt = (meta.generatedAt ?? new Date()).toISOString();
  const title = meta.title ?? 'Cairn drift report';
  const json = JSON.stringify(
    {
      format: DRIFT_REPORT_FORMAT,
      title,
      generatedAt,
      source: meta.source ?? {},
      findings,
      series: meta.series ?? null,
    },
    null,
    2,
  );
  return { json, html: renderHtml(findings, meta, title, generatedAt) };
}

function renderHtml(
  findings: readonly Finding[],
  meta: DriftReportMeta,
  title: string,
  generatedAt: string,
): string {
  const groups = meta.series?.groups ?? [];
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<title>${escapeHtml(title)}</title><style>${REPORT_CSS}</style></head><body><main>` +
    `<h1>${escapeHtml(title)}</h1><p class="meta">Generated ${escapeHtml(generatedAt)}${sourceText(meta.source)}</p>` +
    about(meta.series) +
    `<section aria-labelledby="summary"><h2 id="summary">Summary</h2>${summaryTable(findings)}</section>` +
    `<section aria-labelledby="findings"><h2 id="findings">Findings</h2>${findingsTable(findings)}</section>` +
    groups.map((g, i) => groupSection(g, i, meta.series!.windowMs)).join('') +
    '</main></body></html>'
  );
}

function sourceText(source: DriftReportMeta['source']): string {
  const parts = Object.entries(source ?? {}).map(([k, v]) => `${escapeHtml(k)} ${escapeHtml(String(v))}`);
  return parts.length === 0 ? '' : ` from ${parts.join(', ')}`;
}

// No over-claiming (shared/reference/landscape-and-regulations.md §2.1): SOC 2 CC7.2 does not mention drift, so
// the report presents its detectors as evidence a team may map to its own controls, not as compliance.
function about(series: DriftSeries | undefined): string {
  const settings = series
    ? `<dl><dt>Window</dt><dd>${series.windowMs / 3_600_000} h, tumbling, by occurredAt</dd>` +
      `<dt>Baseline</dt><dd>${escapeHtml(baselineText(series))}</dd>` +
      `<dt>Significance</dt><dd>α = ${series.alpha} per test and window; at least ${series.minSamples} observations in a window and in its baseline</dd>` +
      `<dt>PSI thresholds</dt><dd>${series.psi.warning} (warning), ${series.psi.critical} (critical)</dd>` +
      `<dt>Entries read</dt><dd>${series.counts.entries} (${series.counts.decisions} decisions, ${series.counts.oversight} oversight)</dd></dl>`
    : '';
  return (
    '<section aria-labelledby="about"><h2 id="about">About this report</h2>' +
    '<p>Statistical signals computed from sealed ledger entries: shifts in the chosen-option mix (PSI with a Pearson chi-square test), ' +
    'in confidence (two-sample Kolmogorov–Smirnov), in the override rate of reviewed decisions (two-proportion z-test), model, prompt and ' +
    'policy version changes, inconsistent outcomes for matching inputs, and replay divergences. Every finding names its window, baseline, ' +
    'statistic, threshold and the entries behind it. A flagged window is a prompt for review, not proof of a fault: with many windows some ' +
    'flags are expected by chance (about α per test on a stable stream).</p>' +
    '<p>Teams may use this report as evidence for their own monitoring controls, for example an anomaly-detection control mapped to SOC 2 ' +
    'CC7.2 or a post-market monitoring plan under EU AI Act Art. 72. CC7.2 does not mention drift: counting drift as a CC7.2 anomaly ' +
    'is a control-design choice. The report does not by itself show compliance with either.</p>' +
    settings +
    '</section>'
  );
}

function baselineText(series: DriftSeries): string {
  const { baseline } = series;
  return baseline.kind === 'preceding'
    ? `the ${baseline.windows} windows before each window`
    : `fixed, ${baseline.from} to ${baseline.to}`;
}

function summaryTable(findings: readonly Finding[]): string {
  const detectors = [...new Set(findings.map((f) => f.detector))].sort();
  if (detectors.length === 0) return '<p>No findings.</p>';
  const count = (d: string, s: string) => findings.filter((f) => f.detector === d && f.severity === s).length;
  const rows = detectors
    .map(
      (d) =>
        `<tr><th scope="row">${d}</th>${['critical', 'warning', 'info'].map((s) => `<td>${count(d, s)}</td>`).join('')}</tr>`,
    )
    .join('');
  return (
    '<table><caption>Findings by detector and severity</caption><thead><tr><th scope="col">Detector</th>' +
    `<th scope="col">Critical</th><th scope="col">Warning</th><th scope="col">Info</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

function groupSection(group: SeriesGroup, i: number, windowMs: number): string {
  const id = `g${i}`;
  const mix = chartedMix(group);
  const legend = mix.legend
    .map((l) => `<li><span class="swatch" style="background:${l.colour}"></span>${escapeHtml(l.label)}</li>`)
    .join('');
  const key =
    '<p class="key">▼ marks a window the test flagged; a dashed line marks a model, prompt, policy or agent version change. Hover a bar for its numbers.</p>';
  const dataTable = (content: string) =>
    `<details><summary>Table of this chart's data</summary>${content}</details>`;
  return (
    `<section aria-labelledby="${id}"><h2 id="${id}">${escapeHtml(group.agentId)} · ${escapeHtml(group.decisionType)}</h2>` +
    `<h3>Chosen-option mix</h3><ul class="legend" aria-label="Chosen options">${legend}</ul>${mixChart(group, windowMs, `${id}-mix`)}${key}` +
    dataTable(mixTable(group, mix, windowMs)) +
    `<h3>Confidence</h3>${confidenceChart(group, windowMs, `${id}-confidence`)}` +
    dataTable(confidenceTable(group, windowMs)) +
    `<h3>Override rate</h3>${overrideChart(group, windowMs, `${id}-override`)}` +
    dataTable(overrideTable(group, windowMs)) +
    '</section>'
  );
}
