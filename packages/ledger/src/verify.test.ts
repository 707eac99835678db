import { leafHash, utf8 } from '@cairn/core';
import type { Entry } from '@cairn/core';
import { describe, expect, it } from 'vitest';
import { appendRows } from './append.js';
import { entryColumns, refIds, runIdRows } from './columns.js';
import { Frontier, currentSize } from './frontier.js';
import type { PreparedEntry } from './prepare.js';
import { terminalProgress } from './progress.js';
import { IN_PROCESS_STORES, useTestDatabases } from './test-support/databases.js';
import { decision, oversight, runEvent } from './test-support/fixtures.js';
import { newSigner, openLedger } from './test-support/ledgers.js';

const databases = useTestDatabases();

for (const kind of IN_PROCESS_STORES) {
  describe(`verify on ${kind}`, () => {
    it('passes an empty ledger', async () => {
      const { ledger } = await openLedger(await databases.fresh(kind));
      expect(await ledger.verify()).toEqual({
        ok: true,
        size: 0,
        entriesChecked: 0,
        checkpointsChecked: 0,
        unsealed: 0,
        problems: [],
        problemCount: 0,
      });
      await ledger.close();
    });

    it('passes an honest ledger in small batches, reports progress and checks every checkpoint', async () => {
      const { ledger } = await openLedger(await databases.fresh(kind), { checkpoint: { everyEntries: 7 } });
      const kept = [];
      for (let b = 0; b < 6; b++) {
        await ledger.append(
          Array.from({ length: 5 }, (_, i) =>
            decision(b * 5 + i, { subject: i === 0 ? 'subj-9' : undefined }),
          ),
        );
        kept.push(await ledger.checkpoint());
      }
      await ledger.append([runEvent('ev-1', 'run-0', 'succeeded', 99), oversight('ov-1', 'dec-3')]);
      await ledger.rotateKey(await newSigner());
      const progress: [number, number][] = [];
      const report = await ledger.verify({
        against: kept[2],
        batchSize: 4,
        onProgress: (done, total) => progress.push([done, total]),
      });
      expect(report.problems).toEqual([]);
      expect(report).toMatchObject({ ok: true, size: 32, entriesChecked: 32, unsealed: 0 });
      expect(report.checkpointsChecked).toBe((await ledger.checkpoints({ limit: 1000 })).length);
      expect(progress.map(([done]) => done)).toEqual([4, 8, 12, 16, 20, 24, 28, 32]);
      expect(progress.every(([, total]) => total === 32)).toBe(true);
      await ledger.close();
    });

    it('counts entries after the latest checkpoint as unsealed, and flags them only when asked', async () => {
      const { ledger } = await openLedger(await databases.fresh(kind), { checkpoint: { everyEntries: 10 } });
      await ledger.append(Array.from({ length: 12 }, (_, i) => decision(i)));
      await ledger.append(Array.from({ length: 3 }, (_, i) => decision(12 + i)));
      expect(await ledger.verify()).toMatchObject({ ok: true, unsealed: 3 });
      const strict = await ledger.verify({ requireSealed: true });
      expect(strict.problems.map((p) => p.code)).toEqual(['unsealed']);
      await ledger.close();
    });

    it('refuses an external checkpoint from another key', async () => {
      const { ledger } = await openLedger(await databases.fresh(kind));
      await ledger.append(decision(0));
      const other = await openLedger(await databases.fresh(kind));
      await other.ledger.append(decision(0));
      const foreign = (await other.ledger.latestCheckpoint())!.note;
      const report = await ledger.verify({ against: foreign });
      expect(report.problems.map((p) => [p.path, p.code])).toEqual([
        ['external checkpoint', 'bad_signature'],
      ]);
      await ledger.close();
      await other.ledger.close();
    });

    it('reports every broken entry, keeping at most maxProblems and counting the rest', async () => {
      const database = await databases.fresh(kind);
      const { ledger } = await openLedger(database);
      await ledger.append(Array.from({ length: 6 }, (_, i) => decision(i)));
      const raw = await database.raw();
      for (const idx of [1, 3, 5])
        await raw.run("update entries set producer_id = 'forged' where idx = ?", [idx]);
      await raw.close();
      const all = await ledger.verify();
      expect(all.problems.map((p) => p.path)).toEqual(['entry 1', 'entry 3', 'entry 5']);
      expect(all.problems[0]!.message).toBe(
        'entry 1: column producer_id holds "forged", the bytes say "test-producer"',
      );
      const capped = await ledger.verify({ maxProblems: 2 });
      expect([capped.problems.length, capped.problemCount, capped.ok]).toEqual([2, 3, false]);
      await ledger.close();
    });
  });
}

// Seals bytes the way append would but without its validation: what a buggy or foreign writer could leave behind.
function unchecked(text: string): PreparedEntry {
  const entry = JSON.parse(text) as Entry;
  const bytes = utf8(text);
  return {
    bytes,
    leafHash: leafHash(bytes),
    columns: entryColumns(entry),
    runIds: runIdRows(entry),
    refs: refIds(entry),
  };
}

for (const kind of IN_PROCESS_STORES) {
  it(`finds entries that are not canonical or not valid only when asked to check content (${kind})`, async () => {
    const { ledger } = await openLedger(await databases.fresh(kind));
    await ledger.append(decision(0));
    const spaced = JSON.stringify(decision(1), null, 1);
    const invalid = JSON.stringify({ ...decision(2), decision: { ...decision(2).decision, confidence: 7 } });
    await ledger.store.write(async (trx) => {
      const range = await new Frontier().take(await currentSize(trx), trx);
      await appendRows(trx, ledger.store, range, [unchecked(spaced), unchecked(invalid)]);
    });
    await ledger.checkpoint();
    expect((await ledger.verify()).problems).toEqual([]);
    const deep = await ledger.verify({ content: true });
    expect(deep.problems.map((p) => [p.path, p.code])).toEqual([
      ['entry 1', 'not_canonical'],
      ['entry 2', 'invalid_entry'],
    ]);
    await ledger.close();
  });
}

describe('terminalProgress', () => {
  it('rewrites one line on a terminal, ends it when done, and stays silent elsewhere', () => {
    const written: string[] = [];
    const draw = terminalProgress({ isTTY: true, write: (text: string) => written.push(text) }, 0);
    draw(500, 1000);
    draw(1000, 1000);
    expect(written).toEqual([
      '\r\u001b[2Kverified 500 / 1,000 entries (50%)',
      '\r\u001b[2Kverified 1,000 / 1,000 entries (100%)\n',
    ]);
    const quiet: string[] = [];
    terminalProgress({ isTTY: false, write: (text: string) => quiet.push(text) }, 0)(1, 1);
    expect(quiet).toEqual([]);
  });
});
