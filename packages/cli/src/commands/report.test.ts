import { existsSync } from 'node:fs';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_RECEIPT_ID } from '../demo-entries.js';
import { jsonLines } from '../test-support/entries.js';
import { lines, workspace } from '../test-support/cli.js';
import type { Workspace } from '../test-support/cli.js';

/** The subject of the demo's loan decision and of the override that refers to it. */
const LOAN_SUBJECT = 'hmac:7b1e4c9a2d5f8e0b3c6a9d2e5f8b1c4a';

describe('cairn report', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await workspace();
    expect((await ws.run(['demo'])).code).toBe(0);
  });

  it('writes the explanation of a decision as HTML and JSON, with the entries that refer to it', async () => {
    const run = await ws.run(['report', 'explain', DEMO_RECEIPT_ID, '--out', 'letters']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const base = `letters/explanation-${DEMO_RECEIPT_ID}`;
    expect(lines(run.stdout)).toEqual([
      `explanation of decision ${DEMO_RECEIPT_ID} (with 1 entry referring to it) written to ${base}.html and ${base}.json`,
    ]);
    const json = JSON.parse(await readFile(ws.path(`${base}.json`), 'utf8'));
    expect(json.decisionId).toBe(DEMO_RECEIPT_ID);
    expect(await readFile(ws.path(`${base}.html`), 'utf8')).toContain(DEMO_RECEIPT_ID);
  });

  it('writes only the JSON of a subject access export with --format json', async () => {
    const run = await ws.run(['report', 'subject', LOAN_SUBJECT, '--format', 'json', '--out', 'sar']);
    expect(run.code).toBe(0);
    expect(await readdir(ws.path('sar'))).toEqual([`subject-access-hmac_${LOAN_SUBJECT.slice(5)}.json`]);
    expect(run.stdout).toMatch(/^access export of 2 entries about the subject written to sar\//);
  });

  it('writes the period evidence pack whose bundle verifies with cairn verify --bundle', async () => {
    const run = await ws.run([
      'report',
      'period',
      '--since',
      '2026-11-23',
      '--until',
      '2026-11-24',
      '--out',
      'pack',
    ]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(lines(run.stdout)[0]).toBe(
      'evidence pack of 2026-11-23T00:00:00.000Z to 2026-11-24T00:00:00.000Z: 8 entries (8 in the period, index 0..7), verified against the checkpoint of size 8',
    );
    expect((await readdir(ws.path('pack'))).sort()).toEqual([
      'bundle',
      'report.html',
      'report.json',
      'report.pdf',
      'verify-bundle.sh',
    ]);
    expect((await readFile(ws.path('pack/report.pdf'))).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const report = JSON.parse(await readFile(ws.path('pack/report.json'), 'utf8'));
    expect(report).toMatchObject({ range: { first: 0, count: 8 }, verification: { ok: true } });
    const verified = await ws.run(['verify', '--bundle', 'pack/bundle']);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(/^ok: bundle pack\/bundle/);
  });

  it('keeps only the rendering --format asks for beside the bundle', async () => {
    const run = await ws.run([
      'report',
      'period',
      '--since',
      '2026-11-23',
      '--until',
      '2026-11-24',
      '--out',
      'html-only',
      '--format',
      'html',
    ]);
    expect(run.code).toBe(0);
    expect((await readdir(ws.path('html-only'))).sort()).toEqual([
      'bundle',
      'report.html',
      'verify-bundle.sh',
    ]);
  });

  it('rejects bad input in one line with exit code 2', async () => {
    await writeFile(ws.path('occupied'), 'x');
    const cases: [string[], RegExp][] = [
      [['report'], /missing the report: explain, subject or period/],
      [['report', 'weekly'], /unknown report "weekly"/],
      [['report', 'explain'], /missing RECORD_ID/],
      [['report', 'explain', 'no-such-id'], /no entry with id no-such-id in the ledger/],
      [['report', 'explain', DEMO_RECEIPT_ID, '--format', 'pdf'], /only the period report has a PDF/],
      [
        ['report', 'explain', DEMO_RECEIPT_ID, '--format', 'docx'],
        /--format: expected html, pdf, json or all/,
      ],
      [['report', 'subject', LOAN_SUBJECT, '--since', '2026-11-01'], /apply only to 'cairn report period'/],
      [['report', 'period', '--since', '2026-11-01'], /missing --since and --until/],
      [
        ['report', 'period', '--since', 'yesterday', '--until', '2026-11-24'],
        /--since: expected an RFC 3339 time/,
      ],
      [
        ['report', 'period', '--since', '2026-11-23', '--until', '2026-11-24', '--out', 'letters'],
        /--out letters: exists and is not empty/,
      ],
      [
        ['report', 'period', '--since', '2026-11-23', '--until', '2026-11-24', '--out', 'occupied'],
        /--out occupied: cannot be read \(ENOTDIR\)/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await ws.run(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(lines(run.stderr), args.join(' ')).toHaveLength(1);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('refuses a period pack of a ledger with no checkpoint yet', async () => {
    const fresh = await workspace();
    await fresh.run(['append', '-'], { stdin: jsonLines(0, 2) });
    const run = await fresh.run(['report', 'period', '--since', '2026-11-23', '--until', '2026-11-24']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("cairn report: the ledger has no checkpoint yet; run 'cairn checkpoint' first\n");
    expect(existsSync(fresh.path('cairn-evidence-2026-11-23_2026-11-24'))).toBe(false);
  });
});
