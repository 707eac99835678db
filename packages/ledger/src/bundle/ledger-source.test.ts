// Evidence bundles of a real ledger on every store: exported through ledgerBundleSource, verified offline.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IN_PROCESS_STORES, useTestDatabases } from '../test-support/databases.js';
import { decision } from '../test-support/fixtures.js';
import { openLedger } from '../test-support/ledgers.js';
import { exportBundle } from './export-bundle.js';
import { ledgerBundleSource } from './ledger-source.js';
import { verifyBundle } from './verify-bundle.js';

const databases = useTestDatabases();
const scratch = mkdtemp(join(tmpdir(), 'cairn-bundle-'));
afterAll(async () => rm(await scratch, { recursive: true, force: true }));

let counter = 0;
const newDir = async () => join(await scratch, `bundle-${counter++}`);

describe('ledgerBundleSource', () => {
  for (const kind of IN_PROCESS_STORES) {
    it(`exports bundles that verify, whole, partial and empty, with more than a page of checkpoints (${kind})`, async () => {
      const { ledger } = await openLedger(await databases.fresh(kind), {
        checkpoint: { afterEachBatch: false },
      });
      try {
        // 105 checkpoints, more than one page of ledger.checkpoints(): sizes 5, 10, …, 100, then 85 heartbeats.
        for (let n = 0; n < 100; n += 5) {
          await ledger.append([0, 1, 2, 3, 4].map((i) => decision(n + i)));
          await ledger.checkpoint();
        }
        for (let n = 0; n < 85; n++) await ledger.checkpoint();
        await ledger.append(decision(100));
        const source = ledgerBundleSource(ledger);
        expect((await source.allCheckpoints()).map((c) => c.seq)).toEqual([...Array(105).keys()]);
        for (const [first, end] of [
          [0, 100],
          [37, 81],
          [50, 50],
        ] as const) {
          const dir = await newDir();
          const manifest = await exportBundle(source, { dir, first, end });
          expect(manifest).toMatchObject({ range: { first, count: end - first }, treeSize: 100 });
          expect(manifest.counts).toMatchObject({ entries: end - first, checkpoints: 105, verifierKeys: 1 });
          const report = await verifyBundle(dir);
          expect(report.problems).toEqual([]);
          expect(report).toMatchObject({ ok: true, entriesChecked: end - first, checkpointsChecked: 105 });
        }
      } finally {
        await ledger.close();
      }
    });
  }

  it('refuses a range past the latest checkpoint and a directory that is not empty', async () => {
    const { ledger } = await openLedger(await databases.fresh('sqlite'), {
      checkpoint: { afterEachBatch: false },
    });
    try {
      await ledger.append([decision(0), decision(1)]);
      await ledger.checkpoint();
      await ledger.append(decision(2));
      const source = ledgerBundleSource(ledger);
      await expect(exportBundle(source, { dir: await newDir(), end: 3 })).rejects.toThrow(
        "range [0, 3) must lie within the latest checkpoint's size 2",
      );
      const busy = await newDir();
      await exportBundle(source, { dir: busy });
      await writeFile(join(busy, 'extra.txt'), 'x');
      await expect(exportBundle(source, { dir: busy })).rejects.toThrow('exists and is not empty');
    } finally {
      await ledger.close();
    }
  });

  it('calls onProgress once at the end of the leaves', async () => {
    const { ledger } = await openLedger(await databases.fresh('sqlite'));
    try {
      await ledger.append([decision(0), decision(1), decision(2)]);
      const dir = await newDir();
      await exportBundle(ledgerBundleSource(ledger), { dir });
      const calls: [number, number][] = [];
      await verifyBundle(dir, { onProgress: (done, total) => calls.push([done, total]) });
      expect(calls).toEqual([[3, 3]]);
    } finally {
      await ledger.close();
    }
  });
});
