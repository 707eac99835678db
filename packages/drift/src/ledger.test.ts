// "All results verify in the ledger": drift, consistency and replay findings are sealed as anomaly entries in a
// real SQLite ledger, which then verifies, and every reference points at the entry it names.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createNoteSigner, generateSignerKey } from '@cairn/core';
import type { AnomalyEntry, DecisionEntry } from '@cairn/core';
import { createLedger, openSqliteStore } from '@cairn/ledger';
import type { Ledger } from '@cairn/ledger';
import { runDriftAnalysis } from './analysis.js';
import { sealFindings } from './anomaly.js';
import { consistencyFindings, findInconsistencies } from './consistency.js';
import { replay } from './replay.js';
import { syntheticStream } from './test-support/synthetic.js';

const ORIGIN = 'example.com/drift-test';
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function freshLedger(): Promise<Ledger> {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-drift-'));
  const signer = await createNoteSigner(await generateSignerKey(ORIGIN));
  const ledger = await createLedger({
    store: openSqliteStore({ path: join(dir, 'cairn.db') }),
    signer,
    origin: ORIGIN,
  });
  cleanups.push(async () => {
    await ledger.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return ledger;
}

describe('findings sealed in a real ledger', () => {
  it('seal as anomaly entries that the ledger verifies, each referring to the entries it names', async () => {
    const ledger = await freshLedger();
    const stream = syntheticStream({
      seed: 71,
      windows: 12,
      perWindow: 60,
      mix: (w) => (w >= 8 ? { approve: 25, refer: 25, deny: 50 } : { approve: 60, refer: 25, deny: 15 }),
      overrideRate: (w) => (w >= 8 ? 0.4 : 0.05),
      model: (w) => ({ provider: 'acme', name: 'scorer', version: w >= 8 ? '2' : '1' }),
      context: (_w, i) => ({ income: 30_000 + (i % 5) * 10_000, creditScore: 600 + (i % 3) * 50 }),
    });
    for (let i = 0; i < stream.length; i += 500)
      await ledger.append(stream.slice(i, i + 500).map((s) => s.entry));

    const { findings } = await runDriftAnalysis({ entries: ledger.entries() });
    const consistency = await findInconsistencies({
      entries: ledger.entries(),
      fingerprint: { fields: ['context.income', 'context.creditScore'] },
    });
    const drift = await sealFindings({
      findings: [...findings, ...consistencyFindings(consistency.groups)],
      writer: ledger,
      producerId: 'cairn-drift',
      seq: 0,
    });
    const replayed = await replay({
      entries: ledger.entries({ to: 200 }),
      agent: (context, original: DecisionEntry) => ({
        chosen: (context.income as number) >= 60_000 ? 'approve' : original.decision.chosen.label,
      }),
      writer: ledger,
      producerId: 'cairn-replay',
      seq: 0,
      candidate: 'approve-from-60k',
    });
    await ledger.checkpoint();

    expect(new Set(findings.map((f) => f.detector))).toEqual(
      new Set(['mix', 'override_rate', 'version_change']),
    );
    expect(consistency.groups.length).toBeGreaterThan(0);
    expect(replayed.outcomeChanged).toBeGreaterThan(0);
    const anomalies: AnomalyEntry[] = [...drift.entries, ...replayed.entries];
    expect([...drift.appended, ...replayed.appended].every((r) => !r.duplicate)).toBe(true);

    const report = await ledger.verify();
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.entriesChecked).toBe(stream.length + anomalies.length);

    for (const anomaly of anomalies) {
      const stored = await ledger.get(anomaly.id);
      expect(stored?.entry).toEqual(anomaly);
      for (const ref of anomaly.refs) expect((await ledger.get(ref.id))?.index).toBe(ref.index);
    }
  });
});
