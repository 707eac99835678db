import { execFileSync, spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '@cairn/ledger';
import { scenarioLedger } from '../test-support/ledger.js';
import type { TestLedger } from '../test-support/ledger.js';
import { PDF_SECTIONS } from './evidence-pdf.js';
import { periodEvidencePack } from './period-pack.js';
import type { PeriodPack } from './period-pack.js';
import { REQUIREMENT_MAP } from './requirements.js';

/** Share of dark pixels of a binary PGM (P5) image: a blank page has none. */
function inkOf(pgm: Buffer): number {
  const header = pgm.toString('latin1', 0, 64).match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  if (header === null) throw new Error('not a binary PGM');
  const pixels = pgm.subarray(header[0].length);
  let dark = 0;
  for (const value of pixels) if (value < 128) dark++;
  return dark / pixels.length;
}

function script(dir: string) {
  return spawnSync('bash', [join(dir, 'verify-bundle.sh'), join(dir, 'bundle')], { encoding: 'utf8' });
}

describe('periodEvidencePack', () => {
  let test: TestLedger;
  let scratch = '';
  let month: PeriodPack;
  let tail: PeriodPack;

  beforeAll(async () => {
    test = await scenarioLedger();
    scratch = await mkdtemp(join(tmpdir(), 'cairn-pack-test-'));
    const now = () => new Date('2026-12-01T08:00:00.000Z');
    month = await periodEvidencePack({
      ledger: test.ledger,
      from: '2026-11-01T00:00:00Z',
      to: '2026-12-01T00:00:00Z',
      dir: join(scratch, 'month'),
      now,
    });
    tail = await periodEvidencePack({
      ledger: test.ledger,
      from: '2026-11-23T10:04:00Z',
      to: '2026-12-01T00:00:00Z',
      dir: join(scratch, 'tail'),
      now,
    });
  });
  afterAll(async () => {
    await test.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('writes a bundle of the entries sealed in the period that verifyBundle (cairn verify --bundle) accepts', async () => {
    expect(month.manifest.range).toEqual({ first: 0, count: 9 });
    expect(tail.manifest.range).toEqual({ first: 5, count: 4 });
    for (const pack of [month, tail]) {
      const report = await verifyBundle(join(pack.dir, 'bundle'));
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(pack.report.verification.ok).toBe(true);
    }
    expect(await readdir(month.dir)).toEqual(['bundle', 'report.html', 'report.pdf', 'verify-bundle.sh']);
  });

  it('counts what the period holds, from the bundle itself', () => {
    expect(month.report.counts.byKind).toEqual({
      run_event: 4,
      decision: 2,
      oversight: 1,
      contest: 1,
      correction: 1,
    });
    expect(month.report.stats).toMatchObject({
      decisionsByType: { 'credit.limit_increase': 2 },
      decisionsByAiRole: { sole: 2 },
      adverseOutcomes: 1,
      contests: 1,
      corrections: 1,
      runsByOrchestrator: { 'trigger.dev': 1, prefect: 1, airflow: 1 },
    });
  });

  it('states the checkpoint, the verifier key, how to verify and every requirement row in the HTML report', async () => {
    const html = await readFile(join(month.dir, 'report.html'), 'utf8');
    expect(html).toContain(month.report.checkpointNote.split('\n')[2]!);
    expect(html).toContain(test.signer.verifierKey);
    expect(html).toContain('cairn verify --bundle bundle');
    expect(html).toContain('bash verify-bundle.sh bundle');
    for (const row of REQUIREMENT_MAP) expect(html).toContain(row.citation);
    expect(html).toContain('does not require tamper-evident or signed logs');
  });

  it('passes the standard-tools script for a whole and for a partial range', () => {
    for (const pack of [month, tail]) {
      const run = script(pack.dir);
      expect(run.stderr).toBe('');
      expect(run.stdout).not.toContain('FAIL');
      expect(run.stdout).toContain(`OK: the bundle of ${pack.manifest.range.count} entries`);
      expect(run.status).toBe(0);
    }
  });

  it('makes the standard-tools script fail on an edited leaf and on a forged checkpoint', async () => {
    const copy = join(scratch, 'tampered');
    await cp(tail.dir, copy, { recursive: true });
    const leaves = join(copy, 'bundle', 'leaves.jsonl');
    await writeFile(leaves, (await readFile(leaves, 'utf8')).replace('"reviewed"', '"approved"'));
    const edited = script(copy);
    expect(edited.status).toBe(1);
    expect(edited.stdout).toContain('FAIL  a file is missing or does not match its SHA-256');
    expect(edited.stdout).toMatch(
      /FAIL {2}the leaves rebuild root [0-9a-f]{64}, the checkpoint of size 9 states/,
    );

    await rm(copy, { recursive: true });
    await cp(tail.dir, copy, { recursive: true });
    const checkpoint = join(copy, 'bundle', tail.manifest.checkpoint);
    const note = await readFile(checkpoint, 'utf8');
    await writeFile(checkpoint, note.replace(/\n9\n/, '\n10\n'));
    const forged = script(copy);
    expect(forged.status).toBe(1);
    expect(forged.stdout).toContain(`FAIL  ${tail.manifest.checkpoint} has no valid signature`);
  });

  it('renders a PDF whose pages are all there, none blank, each part on the page the outline says', async () => {
    const pdf = join(month.dir, 'report.pdf');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(Number(info.match(/^Pages:\s+(\d+)/m)![1])).toBe(month.pdf.pages);
    expect(month.pdf.pages).toBeGreaterThanOrEqual(PDF_SECTIONS.length);
    const images = join(scratch, 'pages');
    execFileSync('mkdir', ['-p', images]);
    execFileSync('pdftoppm', ['-gray', '-r', '40', pdf, join(images, 'page')]);
    const pages = (await readdir(images)).filter((f) => f.endsWith('.pgm')).sort();
    expect(pages).toHaveLength(month.pdf.pages);
    for (const page of pages) expect(inkOf(await readFile(join(images, page))), page).toBeGreaterThan(0.002);
    const { sections } = month.pdf;
    expect(sections.map((s) => s.title)).toEqual([...PDF_SECTIONS]);
    for (const { title, page } of sections) {
      const text = execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'], {
        encoding: 'utf8',
      });
      expect(text, title).toContain(title === PDF_SECTIONS[0] ? 'Evidence pack for' : title);
    }
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).toContain('GDPR Art. 15(1)(h)');
  });
});
