// The dashboard in real Chromium, served by the real Cairn server app on a real SQLite ledger: search a run by its
// Airflow run id, open a decision, watch the integrity panel verify in the browser, download reports, then tamper
// with the database file and watch the panel fail. Screenshots go to test-artifacts/dashboard.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { verifyBundle } from '@cairn/ledger';
import { ARTIFACTS, accessibilityProblems, launchChromium, screenshot } from './test-support/browser.js';
import { AIRFLOW_RUN_ID, CONTESTED_DECISION_ID } from './test-support/fixtures.js';
import { scenarioLedger, tamperEntry } from './test-support/ledger.js';
import type { TestLedger } from './test-support/ledger.js';
import { startServer } from './test-support/server.js';
import type { TestServer } from './test-support/server.js';

describe('the dashboard in Chromium', () => {
  let test: TestLedger;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let scratch = '';
  const requested: string[] = [];

  beforeAll(async () => {
    test = await scenarioLedger();
    server = await startServer(test);
    browser = await launchChromium();
    const context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1366, height: 768 },
    });
    page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    scratch = await mkdtemp(join(tmpdir(), 'cairn-browser-'));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await test?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  const integrityState = () => page.locator('[data-integrity]').getAttribute('data-state');

  it('opens on the runs of every orchestrator, accessible and reachable by keyboard', async () => {
    await page.goto(server.url);
    expect(await page.locator('h1').textContent()).toBe('Runs across all orchestrators');
    expect(await page.locator('tbody tr').count()).toBe(3);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({
      text: document.activeElement?.textContent,
      outline: getComputedStyle(document.activeElement!).outlineStyle,
    }));
    expect(focused).toEqual({ text: 'Skip to content', outline: 'solid' });
    await screenshot(page, '01-runs');
  });

  it('finds a run by its Airflow dag_run_id from the search box and shows its timeline with the link to Airflow', async () => {
    await page.getByLabel('Search').fill(AIRFLOW_RUN_ID);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/runs/airflow/**`);
    expect(await page.locator('h1').textContent()).toContain(AIRFLOW_RUN_ID);
    expect(await page.locator('.timeline > li').count()).toBe(4);
    expect(await page.locator('[data-orchestrator-link]').getAttribute('href')).toMatch(
      /^https:\/\/airflow\.example\.com\/dags\/credit_limit_review\//,
    );
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, '02-run-timeline');
  });

  it('opens a decision and verifies it in the browser, listing every check', async () => {
    await page.locator('.timeline a', { hasText: 'credit.limit_increase → decline' }).click();
    await page.waitForURL(`**/decisions/${CONTESTED_DECISION_ID}`);
    await page.locator('[data-integrity][data-state="verified"]').waitFor();
    expect(await page.locator('[data-integrity-status]').textContent()).toBe('Verified');
    const checks = await page
      .locator('[data-integrity-checks] li')
      .evaluateAll((items) => items.map((li) => `${li.className} ${li.getAttribute('data-check')}`));
    expect(checks).toEqual(
      ['receipt', 'keys', 'leaf', 'entry', 'signature', 'origin', 'inclusion', 'receipt-verifier'].map(
        (c) => `check pass ${c}`,
      ),
    );
    expect(await page.locator('[data-check="signature"]').textContent()).toContain(test.signer.verifierKey);
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, '03-decision-verified');
  });

  it('downloads the explanation of the decision for the person concerned', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-report="explanation-html"]').click(),
    ]);
    const path = join(ARTIFACTS, download.suggestedFilename());
    await download.saveAs(path);
    expect(download.suggestedFilename()).toBe(`explanation-${CONTESTED_DECISION_ID}.html`);
    const html = await readFile(path, 'utf8');
    expect(html).toContain('Explanation of a decision about you');
    expect(html).toContain('GDPR Art. 22(1)');
  });

  it('downloads a period evidence pack from the reports page whose bundle verifies', async () => {
    await page.getByRole('link', { name: 'Reports' }).click();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.getByLabel('From (UTC date)').fill('2026-11-01');
    await page.getByLabel('Until, exclusive (UTC date)').fill('2026-12-01');
    await screenshot(page, '04-reports');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the pack (.tar.gz)' }).click(),
    ]);
    const archive = join(ARTIFACTS, download.suggestedFilename());
    await download.saveAs(archive);
    execFileSync('tar', ['-xzf', archive, '-C', scratch]);
    const [top] = await readdir(scratch);
    const report = await verifyBundle(join(scratch, top!, 'bundle'));
    expect(report.problems).toEqual([]);
    expect(report.entriesChecked).toBe(9);
  });

  it('shows the ledger with its checkpoints and keys, and a full verification', async () => {
    await page.getByRole('link', { name: 'Ledger' }).click();
    await page.getByRole('button', { name: 'Verify the whole ledger now' }).click();
    await page.locator('[data-verification="ok"]').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await screenshot(page, '05-ledger');
  });

  it('turns the integrity panel to failed once the entry is edited in the database file', async () => {
    tamperEntry(test.path, CONTESTED_DECISION_ID, (text) =>
      text.replace('"chosen":{"label":"decline"}', '"chosen":{"label":"increase"}'),
    );
    await page.goto(`${server.url}/decisions/${CONTESTED_DECISION_ID}`);
    await page.locator('[data-integrity][data-state="failed"]').waitFor();
    expect(await page.locator('[data-integrity-status]').textContent()).toMatch(
      /^Failed: 3 of 8 checks did not pass$/,
    );
    const failed = await page
      .locator('[data-integrity-checks] li.fail')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-check')));
    expect(failed).toEqual(['leaf', 'inclusion', 'receipt-verifier']);
    expect(await integrityState()).toBe('failed');
    await screenshot(page, '06-decision-tampered');
  });

  it('loaded nothing from anywhere but the Cairn server', () => {
    expect(requested.length).toBeGreaterThan(10);
    expect(requested.filter((url) => !url.startsWith(`${server.url}/`))).toEqual([]);
  });
});
