import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnomalyEntry } from '@cairn/core';
import { createLedger, openSqliteStore } from '@cairn/ledger';
import { beforeAll, describe, expect, it } from 'vitest';
// Test-only: the drift package's generators of streams with a known, injected shift.
import { DAY, START, syntheticStream } from '../../../drift/src/test-support/synthetic.js';
import { lines, workspace } from '../test-support/cli.js';
import type { Workspace } from '../test-support/cli.js';

/** The window where the injected shift starts: the mix moves from 60/25/15 to 25/25/50, the override rate 5% → 40%. */
const SHIFT = 8;
const SHIFT_DAY = new Date(START + SHIFT * DAY).toISOString();

function shiftedStream(): string {
  const stream = syntheticStream({
    seed: 71,
    windows: 12,
    perWindow: 60,
    mix: (w) => (w >= SHIFT ? { approve: 25, refer: 25, deny: 50 } : { approve: 60, refer: 25, deny: 15 }),
    overrideRate: (w) => (w >= SHIFT ? 0.4 : 0.05),
    context: (_w, i) => ({ income: 30_000 + (i % 5) * 10_000, region: ['north', 'south'][i % 2]! }),
  });
  return stream.map((s) => `${JSON.stringify(s.entry)}\n`).join('');
}

async function ledgerWithShift(): Promise<Workspace> {
  const ws = await workspace();
  const appended = await ws.run(['append', '-'], { stdin: shiftedStream() });
  expect(appended.code).toBe(0);
  return ws;
}

async function anomalies(ws: Workspace): Promise<AnomalyEntry[]> {
  const ledger = await createLedger({ store: openSqliteStore({ path: ws.path('.cairn/ledger.db') }) });
  try {
    const found: AnomalyEntry[] = [];
    for await (const { entry } of ledger.entries()) if (entry.kind === 'anomaly') found.push(entry);
    return found;
  } finally {
    await ledger.close();
  }
}

describe('cairn drift', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await ledgerWithShift();
  });

  it('finds the injected shift at the window where it starts, writes the report, and exits 0', async () => {
    const run = await ws.run(['drift', '--out', 'drift-report']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const out = lines(run.stdout);
    expect(out[0]).toMatch(/^read 1,440 entries of the ledger .*: 720 decisions, 720 oversight entries$/);
    expect(out[1]).toBe('windows of 1d, each against the 4 windows before it, alpha 0.01');
    expect(out).toContain('report: drift-report/report.html and drift-report/report.json');
    const report = JSON.parse(await readFile(ws.path('drift-report/report.json'), 'utf8'));
    expect(report.format).toBe('cairn.drift-report/v1');
    const mix = report.findings.filter((f: { detector: string }) => f.detector === 'mix');
    const overrides = report.findings.filter((f: { detector: string }) => f.detector === 'override_rate');
    expect(mix[0]?.window.from).toBe(SHIFT_DAY);
    expect(overrides[0]?.window.from).toBe(SHIFT_DAY);
    for (const f of [...mix, ...overrides])
      expect(Date.parse(f.window.from)).toBeGreaterThanOrEqual(Date.parse(SHIFT_DAY));
    const html = await readFile(ws.path('drift-report/report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(run.stdout).toContain(`${report.findings.length} finding`);
  });

  it('reads only the period given: before the shift it finds no mix or override-rate drift, still exit 0', async () => {
    const run = await ws.run(['drift', '--until', SHIFT_DAY, '--out', 'before', '--json']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.counts.decisions).toBe(SHIFT * 60);
    expect(summary.until).toBe(SHIFT_DAY);
    const detectors = summary.findings.map((f: { detector: string }) => f.detector);
    expect(detectors).not.toContain('mix');
    expect(detectors).not.toContain('override_rate');
  });

  it('seals new findings as anomaly entries with a gap-free seq that continues across runs, and the ledger verifies', async () => {
    const local = await ledgerWithShift();
    const first = await local.run(['drift', '--seal', '--until', new Date(START + 10 * DAY).toISOString()]);
    expect(first.code).toBe(0);
    const sealedFirst = await anomalies(local);
    expect(sealedFirst.length).toBeGreaterThan(0);
    expect(first.stdout).toContain(`sealed: ${sealedFirst.length} anomaly `);

    const second = await local.run(['drift', '--seal', '--json']);
    const { sealed, findings } = JSON.parse(second.stdout);
    expect(sealed.already).toBe(sealedFirst.length);
    expect(sealed.firstSeq).toBe(sealedFirst.length);
    expect(sealed.appended).toBe(findings.length - sealedFirst.length);
    expect(sealed.appended).toBeGreaterThan(0);

    const all = await anomalies(local);
    expect(all.every((e) => e.producer.id === 'cairn-cli:drift')).toBe(true);
    expect(all.map((e) => e.producer.seq)).toEqual(all.map((_, i) => i));
    const third = await local.run(['drift', '--seal']);
    expect(third.stdout).toContain(`sealed: no new anomaly entry (${all.length} sealed before)`);
    expect((await local.run(['keygen'])).code).toBe(0);
    expect((await local.run(['checkpoint'])).code).toBe(0);
    expect((await local.run(['verify'])).code).toBe(0);
  });

  it('reports decisions with the same fingerprint and different outcomes with --fingerprint', async () => {
    const run = await ws.run([
      'drift',
      '--fingerprint',
      'context.income,context.region',
      '--json',
      '--out',
      'fp',
    ]);
    const summary = JSON.parse(run.stdout);
    expect(summary.consistency).toMatchObject({
      fields: ['context.income', 'context.region'],
      examined: 720,
      skipped: 0,
    });
    // Ten input combinations, each decided 72 times with a random mix: every one is inconsistent.
    expect(summary.consistency.groups).toBe(10);
    expect(summary.findings.filter((f: { detector: string }) => f.detector === 'consistency')).toHaveLength(
      10,
    );
  });

  it('posts the findings to --webhook, signed with CAIRN_WEBHOOK_SECRET, and exits 2 when they are refused', async () => {
    const received: { body: string; signature: string | undefined }[] = [];
    let status = 200;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ body, signature: req.headers['x-cairn-signature'] as string | undefined });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=secret-in-url`;
    const secret = 'webhook-secret-0123456789';
    try {
      const run = await ws.run(['drift', '--webhook', url, '--out', 'hook'], {
        env: { CAIRN_WEBHOOK_SECRET: secret },
      });
      expect(run.code).toBe(0);
      const payload = JSON.parse(received[0]!.body);
      expect(payload.type).toBe('cairn.drift.findings');
      expect(run.stdout).toContain(`webhook: delivered ${payload.count} finding`);
      const expected = `sha256=${createHmac('sha256', secret).update(received[0]!.body).digest('hex')}`;
      expect(received[0]!.signature).toBe(expected);

      status = 400;
      const refused = await ws.run(['drift', '--webhook', url, '--out', 'hook']);
      expect(refused.code).toBe(2);
      expect(lines(refused.stderr)).toEqual([
        'cairn drift: --webhook: the findings were not delivered (1 attempts): the endpoint answered HTTP 400',
      ]);
      expect(refused.stderr).not.toContain('secret-in-url');
    } finally {
      server.close();
    }
  });

  it('rejects bad options in one line with exit code 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--window', '1y'], /--window: expected a duration such as 1d/],
      [['--alpha', '1.5'], /--alpha: expected a number between 0 and 1/],
      [['--since', '2026-02-01', '--until', '2026-01-01'], /--until is before --since/],
      [['--webhook', 'ftp://example.com/x'], /--webhook: expected an absolute http/],
      [['--fingerprint', 'context.income,,'], /--fingerprint: expected comma-separated paths/],
      [['extra'], /unexpected argument "extra"/],
    ];
    for (const [args, message] of cases) {
      const run = await ws.run(['drift', ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(lines(run.stderr), args.join(' ')).toHaveLength(1);
      expect(run.stderr, args.join(' ')).toMatch(message);
    }
    const empty = await workspace();
    expect((await empty.run(['drift'])).stderr).toMatch(/^cairn drift: no ledger at /);
  });
});
