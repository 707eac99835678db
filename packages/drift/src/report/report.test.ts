import { describe, expect, it } from 'vitest';
import { runDriftAnalysis } from '../analysis.js';
import type { DriftAnalysis } from '../analysis.js';
import { mergeStreams, syntheticStream } from '../test-support/synthetic.js';
import { DRIFT_REPORT_FORMAT, renderDriftReport } from './report.js';

const HOSTILE_AGENT = '<script>alert(1)</script>';
const HOSTILE_LABEL = '<img src=x onerror=alert(2)>';

async function analysis(): Promise<DriftAnalysis> {
  const shifted = syntheticStream({
    seed: 61,
    windows: 14,
    perWindow: 80,
    mix: (w) => (w >= 9 ? { approve: 30, refer: 20, deny: 50 } : { approve: 60, refer: 25, deny: 15 }),
    overrideRate: (w) => (w >= 9 ? 0.35 : 0.05),
    model: (w) => ({ provider: 'acme', name: 'scorer', version: w >= 9 ? '2' : '1' }),
  });
  const hostile = syntheticStream(
    {
      seed: 62,
      windows: 14,
      perWindow: 40,
      agentId: HOSTILE_AGENT,
      mix: () => ({ [HOSTILE_LABEL]: 1, ok: 3 }),
    },
    0,
    'other',
  );
  return runDriftAnalysis({ entries: mergeStreams(shifted, hostile) });
}

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

describe('renderDriftReport', () => {
  it('renders a self-contained page: no script, no external asset, only inline CSS and SVG', async () => {
    const { findings, series } = await analysis();
    const { html } = renderDriftReport(findings, {
      series,
      generatedAt: new Date('2026-02-01T00:00:00.000Z'),
    });
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(html).not.toMatch(
      /<script|<link|<img|<iframe|<object|<[^>]*\s(src|href|on[a-z]+)=|url\(|@import/i,
    );
    expect(html.match(/https?:\/\/[^"\s]*/g)!.every((u) => u === 'http://www.w3.org/2000/svg')).toBe(true);
    expect(html).toContain("default-src 'none'");
  });

  it('charts each group three ways, each chart an accessible image with a data table beside it', async () => {
    const { findings, series } = await analysis();
    const { html } = renderDriftReport(findings, { series });
    expect(count(html, /<svg /g)).toBe(3 * series.groups.length);
    for (const [, labelledBy] of html.matchAll(/<svg class="chart" role="img" aria-labelledby="([^"]+)"/g)) {
      for (const id of labelledBy!.split(' ')) expect(html).toContain(`id="${id}"`);
    }
    // Per group: three chart tables; plus the summary and the findings tables.
    expect(count(html, /<table>/g)).toBe(3 * series.groups.length + 2);
    expect(count(html, /<caption>/g)).toBe(count(html, /<table>/g));
  });

  it('draws one stacked segment per option and window, and marks exactly the flagged windows', async () => {
    const { findings, series } = await analysis();
    const { html } = renderDriftReport(findings, { series });
    const group = series.groups.find((g) => g.agentId === 'underwriter')!;
    const index = series.groups.indexOf(group);
    const mixSvg = html.match(new RegExp(`<svg[^>]*aria-labelledby="g${index}-mix-title[^]*?</svg>`))![0];
    const segments = group.windows.reduce((n, w) => n + w.mix.filter((k) => k > 0).length, 0);
    expect(count(mixSvg, /<rect /g)).toBe(segments);
    const flagged = group.windows.filter((w) => w.tests.mix?.flagged).length;
    expect(flagged).toBeGreaterThan(0);
    expect(count(mixSvg, /class="flag"/g)).toBe(flagged);
    expect(count(mixSvg, /class="version"/g)).toBe(group.versionChanges.length);
  });

  it('escapes every string that came from a recorded entry', async () => {
    const { findings, series } = await analysis();
    const { html } = renderDriftReport(findings, { series, title: 'Drift <Q1>' });
    expect(html).not.toContain(HOSTILE_AGENT);
    expect(html).not.toContain(HOSTILE_LABEL);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<title>Drift &lt;Q1&gt;</title>');
  });

  it('gives the same findings and series as JSON, under a named format', async () => {
    const { findings, series } = await analysis();
    const { json } = renderDriftReport(findings, {
      series,
      source: { origin: 'example.com/log', treeSize: 4480 },
    });
    const parsed = JSON.parse(json);
    expect(parsed.format).toBe(DRIFT_REPORT_FORMAT);
    expect(parsed.findings).toEqual(JSON.parse(JSON.stringify(findings)));
    expect(parsed.series.groups.length).toBe(series.groups.length);
    expect(parsed.source).toEqual({ origin: 'example.com/log', treeSize: 4480 });
  });

  it('lists findings alone when no series is given', () => {
    const { html, json } = renderDriftReport([]);
    expect(html).toContain('No findings.');
    expect(count(html, /<svg /g)).toBe(0);
    expect(JSON.parse(json).series).toBeNull();
  });
});
