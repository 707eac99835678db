import { readFile } from 'node:fs/promises';
import { canonicalBytes, parseVerifierKey, validateEntry, verifyReceipt } from '@cairn/core';
import { describe, expect, it } from 'vitest';
import { DEMO_RECEIPT_ID, demoEntries } from '../demo-entries.js';
import { lines, workspace } from '../test-support/cli.js';

function receiptOf(stdout: string): string {
  const start = stdout.indexOf('c2sp.org/tlog-proof@v1\n');
  const end = stdout.indexOf('\nnext: ');
  return stdout.slice(start, end);
}

describe('cairn demo', () => {
  it('builds only entries that core validates, one per orchestrator at least', () => {
    const entries = demoEntries();
    for (const entry of entries) expect(validateEntry(entry), entry.id).toMatchObject({ ok: true });
    const orchestrators = new Set(
      entries.flatMap((e) => ('run' in e && e.run !== undefined ? [e.run.orchestrator] : [])),
    );
    expect([...orchestrators].sort()).toEqual(['airflow', 'dagster', 'prefect', 'trigger.dev']);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  });

  it('creates the ledger and key, seals the entries, checkpoints, verifies and prints a receipt that verifies', async () => {
    const ws = await workspace();
    const { code, stdout, stderr } = await ws.run(['demo']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const count = demoEntries().length;
    expect(stdout).toContain(`sealed ${count} new entries (0 already there), log size ${count}`);
    expect(stdout).toContain('(created now)');
    expect(stdout).toContain(`checkpoint: signed size ${count}`);
    expect(stdout).toContain(`verify: ok, ${count} entries and 1 checkpoint checked`);
    expect(stdout).toContain('https://cloud.trigger.dev/projects/v3/');

    const key = (await readFile(ws.path('.cairn/signing.key'), 'utf8')).trim();
    expect(key.startsWith('PRIVATE+KEY+cairn.local/ledger+')).toBe(true);
    const vkey = lines(stdout)
      .find((l) => l.startsWith('  cairn.local/ledger+'))!
      .trim();
    const verifier = parseVerifierKey(vkey);
    if (!verifier.ok) throw new Error('demo printed no verifier key');
    const entry = demoEntries().find((e) => e.id === DEMO_RECEIPT_ID)!;
    const checked = await verifyReceipt({
      receipt: receiptOf(stdout),
      leaf: canonicalBytes(entry),
      verifiers: [verifier.value],
    });
    expect(checked).toMatchObject({ ok: true, value: { index: 3 } });
  });

  it('appends nothing and signs nothing when run a second time', async () => {
    const ws = await workspace();
    const first = await ws.run(['demo']);
    const second = await ws.run(['demo']);
    const count = demoEntries().length;
    expect(second.code).toBe(0);
    expect(second.stdout).toContain(`sealed 0 new entries (${count} already there), log size ${count}`);
    expect(second.stdout).toContain('already covers the log');
    expect(second.stdout).not.toContain('(created now)');
    expect(receiptOf(second.stdout)).toBe(receiptOf(first.stdout));
  });

  it('honours CAIRN_DB, CAIRN_SIGNING_KEY_FILE and CAIRN_ORIGIN', async () => {
    const ws = await workspace();
    const env = {
      CAIRN_DB: 'elsewhere/audit.db',
      CAIRN_SIGNING_KEY_FILE: 'keys/log.key',
      CAIRN_ORIGIN: 'example.com/decisions',
    };
    const { code, stdout } = await ws.run(['demo'], { env });
    expect(code).toBe(0);
    expect(stdout).toContain(`ledger ${ws.path('elsewhere/audit.db')} (origin example.com/decisions)`);
    expect(stdout).toContain('  example.com/decisions+');
    await expect(readFile(ws.path('keys/log.key'), 'utf8')).resolves.toContain(
      'PRIVATE+KEY+example.com/decisions+',
    );
  });
});
