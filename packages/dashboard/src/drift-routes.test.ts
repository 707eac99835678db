// The drift page through the real server app on a real SQLite ledger holding a synthetic decision stream whose
// chosen-option mix shifts at a known window (the ground truth of @cairn/drift's own tests).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionEntry } from '@cairn/core';
import { DAY, START, syntheticStream } from '../../drift/src/test-support/synthetic.js';
import { openTestLedger } from './test-support/ledger.js';
import type { TestLedger } from './test-support/ledger.js';
import { serverApp } from './test-support/server.js';

const WINDOWS = 12;
const PER_WINDOW = 100;
const SHIFT_AT = 8;
const shiftStart = new Date(START + SHIFT_AT * DAY).toISOString();
const period = `since=${new Date(START).toISOString()}&until=${new Date(START + WINDOWS * DAY).toISOString()}`;

const stream = syntheticStream({
  seed: 11,
  windows: WINDOWS,
  perWindow: PER_WINDOW,
  mix: (w) => (w < SHIFT_AT ? { approve: 60, refer: 25, deny: 15 } : { approve: 35, refer: 25, deny: 40 }),
});

/** The rows of the findings table, by detector. */
function findingRows(html: string, detector: string): string[] {
  return [...html.matchAll(/<tr data-finding="([a-z_]+)">([\s\S]*?)<\/tr>/g)]
    .filter((m) => m[1] === detector)
    .map((m) => m[2]!);
}

/** The "N entries read" count the page states. */
function entriesRead(html: string): number {
  return Number(/(\d+) entries read/.exec(html)?.[1]);
}

describe('the drift page', () => {
  let test: TestLedger;
  beforeAll(async () => {
    test = await openTestLedger();
    await test.ledger.append(stream.map((s) => s.entry));
  });
  afterAll(async () => {
    await test?.close();
  });

  it('is linked from the navigation of every page', async () => {
    expect(await (await serverApp(test).request('/')).text()).toContain('<a href="/drift">Drift</a>');
  });

  it('shows the mix finding at the window where the shift starts, with links to the entries behind it', async () => {
    const res = await serverApp(test).request(`/drift?${period}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    // The first mix finding is at the shift, none before it (later windows may be flagged too while their
    // baseline still holds windows from before the shift).
    const rows = findingRows(html, 'mix');
    expect(rows.length).toBeGreaterThan(0);
    expect(/<time datetime="([^"]+)">/.exec(rows[0]!)?.[1]).toBe(shiftStart);
    expect(rows[0]).toMatch(/PSI \d\.\d{3}/);
    expect(rows[0]).toContain(`<a href="/decisions/underwriter.loan.underwriting.w${SHIFT_AT}.d`);
    expect(entriesRead(html)).toBe(WINDOWS * PER_WINDOW);
  });

  it('charts the mix and the confidence per window as SVG images with accessible titles, without script or inline style', async () => {
    const html = await (await serverApp(test).request(`/drift?${period}`)).text();
    expect(html).toContain('<svg class="drift-chart" role="img" aria-labelledby="g0-mix-title g0-mix-desc"');
    expect(html).toContain('<title id="g0-mix-title">Chosen-option mix per window</title>');
    expect(html).toContain('<title id="g0-confidence-title">Confidence distribution per window</title>');
    // One bar segment per (window, chosen option): every window chose all three options.
    expect(html.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#/g)).toHaveLength(
      WINDOWS * 3,
    );
    expect(html.match(/<path class="flag"/g)).toHaveLength(findingRows(html, 'mix').length);
    expect(html).not.toMatch(/<script|style="/);
  });

  it('answers a bad period or window with a 400 page naming every bad parameter', async () => {
    const res = await serverApp(test).request('/drift?since=garbage&window=fortnight');
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('since: expected an RFC 3339 date or time like 2026-11-01');
    expect(html).toContain('window: expected a length like 30m, 6h, 1d or 1w');
    const reversed = await serverApp(test).request('/drift?since=2026-02-01&until=2026-01-01');
    expect([reversed.status, await reversed.text()]).toEqual([
      400,
      expect.stringContaining('until: expected a time after since'),
    ]);
  });

  it('analyses the last 30 days when no period is given', async () => {
    const html = await (await serverApp(test).request('/drift')).text();
    const since = /name="since" value="([^"]+)"/.exec(html)?.[1];
    const until = /name="until" value="([^"]+)"/.exec(html)?.[1];
    expect(Date.parse(until!) - Date.parse(since!)).toBe(30 * DAY);
    // The end of today (UTC): the next midnight after now.
    expect(Date.parse(until!) % DAY).toBe(0);
    expect(Date.parse(until!) - Date.now()).toBeGreaterThan(0);
    expect(Date.parse(until!) - Date.now()).toBeLessThanOrEqual(DAY);
    expect(entriesRead(html)).toBe(0);
  });

  it('analyses only the most recent entries of a period past the bound, and says so', async () => {
    const html = await (
      await serverApp(test, { drift: { maxEntries: 500 } }).request(`/drift?${period}`)
    ).text();
    expect(html).toContain(`The period holds ${WINDOWS * PER_WINDOW} entries`);
    expect(html).toContain('only the most recent 500');
    expect(entriesRead(html)).toBe(500);
  });

  it('reuses an analysis for the same query within its cache time, and reads again without a cache', async () => {
    const cached = serverApp(test);
    const uncached = serverApp(test, { drift: { cacheMs: 0 } });
    const first = entriesRead(await (await cached.request(`/drift?${period}&window=1d`)).text());
    const decision = stream[0]!.entry as DecisionEntry;
    await test.ledger.append({ ...decision, id: 'late-decision', producer: { id: 'late', seq: 0 } });
    expect(entriesRead(await (await cached.request(`/drift?${period}&window=1d`)).text())).toBe(first);
    expect(entriesRead(await (await uncached.request(`/drift?${period}&window=1d`)).text())).toBe(first + 1);
  });

  it('downloads the drift report of the period as JSON and as self-contained HTML', async () => {
    const app = serverApp(test, { drift: { cacheMs: 0 } });
    const json = await app.request(`/drift/report.json?${period}`);
    expect(json.headers.get('content-disposition')).toBe(
      'attachment; filename="cairn-drift-2026-01-05_2026-01-17.json"',
    );
    const report = (await json.json()) as {
      format: string;
      findings: { detector: string; window?: { from: string } }[];
    };
    expect(report.format).toBe('cairn.drift-report/v1');
    const mixWindows = report.findings.filter((f) => f.detector === 'mix').map((f) => f.window!.from);
    expect(mixWindows[0]).toBe(shiftStart);
    expect(mixWindows.length).toBe(
      findingRows(await (await app.request(`/drift?${period}`)).text(), 'mix').length,
    );
    const html = await (await app.request(`/drift/report.html?${period}`)).text();
    expect(html).toContain('<svg class="chart" role="img"');
    expect(html).not.toContain('<script');
  });
});
