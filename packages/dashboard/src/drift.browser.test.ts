// The drift page in real Chromium, served by the real Cairn server app on a real SQLite ledger holding a synthetic
// decision stream whose chosen-option mix shifts at a known window. The screenshot goes to test-artifacts/dashboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DAY, START, syntheticStream } from '../../drift/src/test-support/synthetic.js';
import { accessibilityProblems, launchChromium, screenshot } from './test-support/browser.js';
import { openTestLedger } from './test-support/ledger.js';
import type { TestLedger } from './test-support/ledger.js';
import { startServer } from './test-support/server.js';
import type { TestServer } from './test-support/server.js';

const SHIFT_AT = 8;

describe('the drift page in Chromium', () => {
  let test: TestLedger;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const requested: string[] = [];

  beforeAll(async () => {
    test = await openTestLedger();
    const stream = syntheticStream({
      seed: 11,
      windows: 12,
      perWindow: 100,
      mix: (w) =>
        w < SHIFT_AT ? { approve: 60, refer: 25, deny: 15 } : { approve: 35, refer: 25, deny: 40 },
      model: (w) => ({ provider: 'anthropic', name: 'claude-sonnet-4-5', version: w < SHIFT_AT ? '1' : '2' }),
    });
    await test.ledger.append(stream.map((s) => s.entry));
    server = await startServer(test);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    page.on('request', (request) => requested.push(request.url()));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await test?.close();
  });

  it('is reached from the navigation and charts the shift, accessible and within the CSP', async () => {
    // A chart drawn with inline style would be refused by the CSP, which Chromium reports on the console.
    const refused: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) refused.push(message.text());
    });
    await page.goto(server.url);
    await page.getByRole('link', { name: 'Drift' }).click();
    await page.getByLabel('Since (UTC date or RFC 3339 time)').fill(new Date(START).toISOString());
    await page.getByLabel('Until, exclusive').fill(new Date(START + 12 * DAY).toISOString());
    await page.getByRole('button', { name: 'Analyse' }).click();
    await page.waitForURL('**/drift?since=*');
    expect(await page.getByRole('img', { name: 'Chosen-option mix per window' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'Confidence distribution per window' }).count()).toBe(1);
    const firstMix = page.locator('tr[data-finding="mix"] time').first();
    expect(await firstMix.getAttribute('datetime')).toBe(new Date(START + SHIFT_AT * DAY).toISOString());
    expect(await page.locator('svg.drift-chart line.version').count()).toBe(2);
    expect(await accessibilityProblems(page)).toEqual([]);
    expect(refused).toEqual([]);
    await screenshot(page, '07-drift');
  });

  it('loaded nothing from anywhere but the Cairn server', () => {
    expect(requested.filter((url) => !url.startsWith(`${server.url}/`))).toEqual([]);
  });
});
