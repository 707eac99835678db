import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCairnError } from '@cairn/core';
import { verifyBundle } from '@cairn/ledger';
import { CONTESTED_DECISION_ID, SUBJECT_REF } from '../test-support/fixtures.js';
import { scenarioLedger } from '../test-support/ledger.js';
import type { TestLedger } from '../test-support/ledger.js';
import { runReport, safeFileName } from './run-report.js';

describe('runReport', () => {
  let test: TestLedger;
  let scratch = '';
  beforeAll(async () => {
    test = await scenarioLedger();
    scratch = await mkdtemp(join(tmpdir(), 'cairn-run-report-'));
  });
  afterAll(async () => {
    await test.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('writes the explanation of a decision as HTML and JSON', async () => {
    const out = await runReport('explanation', {
      ledger: test.ledger,
      id: CONTESTED_DECISION_ID,
      dir: join(scratch, 'explanation'),
    });
    expect(out.files).toEqual([
      `explanation-${CONTESTED_DECISION_ID}.html`,
      `explanation-${CONTESTED_DECISION_ID}.json`,
    ]);
    const json = JSON.parse(await readFile(join(out.dir, out.files[1]!), 'utf8')) as { aiRole: string };
    expect(json.aiRole).toBe('sole');
  });

  it('writes the access export of a subject, with a receipt for every entry', async () => {
    const out = await runReport('subject-access', {
      ledger: test.ledger,
      subjectRef: SUBJECT_REF,
      dir: join(scratch, 'subject'),
    });
    expect(out.summary).toMatch(/^4 entries about the subject written to /);
    const json = JSON.parse(
      await readFile(join(out.dir, `subject-access-${safeFileName(SUBJECT_REF)}.json`), 'utf8'),
    ) as { entries: { receipt: string | null }[] };
    expect(json.entries.map((e) => e.receipt?.startsWith('c2sp.org/tlog-proof@v1\n'))).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it('writes a period pack whose bundle passes verification', async () => {
    const out = await runReport('period', {
      ledger: test.ledger,
      from: '2026-11-01',
      to: '2026-12-01',
      dir: join(scratch, 'period'),
    });
    expect(out.summary).toMatch(/^evidence pack of 9 entries \(verified against the checkpoint of size 9\)/);
    expect((await readdir(out.dir)).sort()).toEqual([
      'bundle',
      'report.html',
      'report.pdf',
      'verify-bundle.sh',
    ]);
    expect((await verifyBundle(join(out.dir, 'bundle'))).ok).toBe(true);
  });

  it('throws not_found for an unknown decision id', async () => {
    await expect(
      runReport('explanation', { ledger: test.ledger, id: 'nope', dir: join(scratch, 'x') }),
    ).rejects.toSatisfy((e) => isCairnError(e, 'not_found'));
  });

  it('makes file names of ids that hold path and URI characters', () => {
    expect(safeFileName('openlineage:0195a7c4/run@x')).toBe('openlineage_0195a7c4_run_x');
  });
});
