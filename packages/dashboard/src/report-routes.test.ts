// The report downloads of the dashboard, through the real server app on a real SQLite ledger.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { canonicalBytes, parseVerifierKey, verifyReceipt } from '@cairn/core';
import type { NoteVerifier } from '@cairn/core';
import { verifyBundle } from '@cairn/ledger';
import type { SubjectAccessJson } from './reports/subject-access.js';
import { CONTESTED_DECISION_ID, SUBJECT_REF } from './test-support/fixtures.js';
import { TEST_ORIGIN, scenarioLedger } from './test-support/ledger.js';
import type { TestLedger } from './test-support/ledger.js';
import { serverApp } from './test-support/server.js';

describe('the report downloads', () => {
  let test: TestLedger;
  let app: Hono;
  let scratch = '';
  beforeAll(async () => {
    test = await scenarioLedger();
    app = serverApp(test);
    scratch = await mkdtemp(join(tmpdir(), 'cairn-report-routes-'));
  });
  afterAll(async () => {
    await test.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('offers the three reports as labelled forms', async () => {
    const text = await (await app.request('/reports')).text();
    for (const id of ['explanation-id', 'subject-ref', 'period-from', 'period-to'])
      expect(text).toContain(`<label for="${id}">`);
  });

  it('downloads the explanation of a decision as HTML and as JSON', async () => {
    const html = await app.request(`/reports/explanation.html?id=${CONTESTED_DECISION_ID}`);
    expect(html.headers.get('content-disposition')).toBe(
      `attachment; filename="explanation-${CONTESTED_DECISION_ID}.html"`,
    );
    expect(await html.text()).toContain('Explanation of a decision about you');
    const json = (await (
      await app.request(`/reports/explanation.json?id=${CONTESTED_DECISION_ID}`)
    ).json()) as { decisionId: string; contests: unknown[] };
    expect([json.decisionId, json.contests.length]).toEqual([CONTESTED_DECISION_ID, 1]);
  });

  it('answers a missing, unknown or non-decision id with a page that says so', async () => {
    expect((await app.request('/reports/explanation.html')).status).toBe(400);
    expect((await app.request('/reports/explanation.html?id=nope')).status).toBe(404);
    const oversight = await app.request('/reports/explanation.html?id=ovr-0195a7c4-0001');
    expect(oversight.status).toBe(400);
    expect(await oversight.text()).toContain('is of kind oversight, not a decision');
  });

  it('exports every entry about a subject with a receipt that verifies against the ledger key', async () => {
    const res = await app.request(`/reports/subject.json?ref=${encodeURIComponent(SUBJECT_REF)}`);
    const json = (await res.json()) as SubjectAccessJson;
    expect(json.entries.map((e) => e.entry.kind)).toEqual(['decision', 'oversight', 'contest', 'correction']);
    const verifiers = (await test.ledger.verifierKeys()).map(
      (k) => (parseVerifierKey(k) as { value: NoteVerifier }).value,
    );
    for (const e of json.entries) {
      const checked = await verifyReceipt({
        receipt: e.receipt!,
        leaf: canonicalBytes(e.entry),
        verifiers,
        origin: TEST_ORIGIN,
      });
      expect(checked.ok, e.entry.id).toBe(true);
    }
  });

  it('downloads a period evidence pack whose bundle verifies and whose script passes', async () => {
    const res = await app.request('/reports/period.tar.gz?from=2026-11-01&to=2026-12-01');
    expect(res.headers.get('content-type')).toBe('application/gzip');
    const archive = join(scratch, 'pack.tar.gz');
    await writeFile(archive, new Uint8Array(await res.arrayBuffer()));
    execFileSync('tar', ['-xzf', archive, '-C', scratch]);
    const top = join(scratch, 'cairn-evidence-2026-11-01_2026-12-01');
    expect((await readdir(top)).sort()).toEqual(['bundle', 'report.html', 'report.pdf', 'verify-bundle.sh']);
    const report = await verifyBundle(join(top, 'bundle'));
    expect(report.problems).toEqual([]);
    expect(report.entriesChecked).toBe(9);
    expect(
      execFileSync('bash', [join(top, 'verify-bundle.sh'), join(top, 'bundle')], { encoding: 'utf8' }),
    ).toContain('OK: the bundle of 9 entries');
  });

  it('downloads the period report alone as PDF, and refuses a period it cannot read', async () => {
    const pdf = await app.request('/reports/period.pdf?from=2026-11-01&to=2026-12-01');
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString('latin1'),
    ).toBe('%PDF-');
    const bad = await app.request('/reports/period.pdf?from=soon&to=2026-12-01');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('from: expected an RFC 3339 date or time');
  });
});
