import {
  createMemoryTree,
  isCairnError,
  leafHash,
  toHex,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
  verifyReceipt,
} from '@cairn/core';
import { describe, expect, it } from 'vitest';
import { createLedger } from './ledger.js';
import { IN_PROCESS_STORES, useTestDatabases } from './test-support/databases.js';
import { decision, oversight, runEvent } from './test-support/fixtures.js';
import { ORIGIN, newSigner, openLedger, verifierOf } from './test-support/ledgers.js';

const databases = useTestDatabases();

async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}

for (const kind of IN_PROCESS_STORES) {
  describe(`ledger on ${kind}`, () => {
    it('seals an entry with its exact canonical bytes, index and leaf hash', async () => {
      const { ledger } = await openLedger(await databases.fresh(kind));
      const entry = decision(1);
      const [result] = await ledger.append(entry);
      const stored = await ledger.get('dec-1');
      expect(result).toEqual({ id: 'dec-1', index: 0, leafHash: stored!.leafHash, duplicate: false });
      expect(stored!.entry).toEqual(entry);
      expect(toHex(leafHash(stored!.bytes))).toBe(stored!.leafHash);
      expect(new TextDecoder().decode(stored!.bytes)).toBe(
        JSON.stringify(JSON.parse(new TextDecoder().decode(stored!.bytes))),
      );
      expect((await ledger.getByIndex(0))!.leafHash).toBe(result!.leafHash);
      await ledger.close();
    });

    it('refuses every call after close with a closed error, before starting any work', async () => {
      const { ledger } = await openLedger(await databases.fresh(kind));
      await ledger.close();
      const calls = [
        ledger.append(decision(1)),
        ledger.get('dec-1'),
        ledger.size(),
        ledger.latestCheckpoint(),
      ];
      for (const call of calls) await expect(call).rejects.toMatchObject({ code: 'closed' });
    });

    it('gives a batch contiguous indices and a root equal to an in-memory tree of the same leaves', async () => {
      const { ledger, signer } = await openLedger(await databases.fresh(kind));
      const results = await ledger.append(Array.from({ length: 37 }, (_, i) => decision(i)));
      expect(results.map((r) => r.index)).toEqual(Array.from({ length: 37 }, (_, i) => i));
      const tree = createMemoryTree();
      for await (const stored of ledger.entries({ batchSize: 5 })) tree.append(stored.bytes);
      const latest = await ledger.latestCheckpoint();
      const checkpoint = await verifyCheckpoint(latest!.note, [verifierOf(signer)], { origin: ORIGIN });
      expect(checkpoint.ok && checkpoint.value.size).toBe(37);
      expect(checkpoint.ok && toHex(checkpoint.value.root)).toBe(toHex(tree.root()));
      await ledger.close();
    });

    it('returns the first index and stores nothing new when an id is appended again', async () => {
      const { ledger } = await openLedger(await databases.fresh(kind));
      await ledger.append([decision(0), decision(1)]);
      const again = await ledger.append([decision(2), decision(1), decision(2), decision(3)]);
      expect(again.map((r) => [r.id, r.index, r.duplicate])).toEqual([
        ['dec-2', 2, false],
        ['dec-1', 1, true],
        ['dec-2', 2, true],
        ['dec-3', 3, false],
      ]);
      expect(await ledger.size()).toBe(4);
      const onlyDuplicates = await ledger.append(decision(0));
      expect(onlyDuplicates[0]).toMatchObject({ index: 0, duplicate: true });
      expect(await ledger.size()).toBe(4);
      await ledger.close();
    });

    it('refuses a batch with an invalid entry and stores none of it', async () => {
      const { ledger } = await openLedger(await databases.fresh(kind));
      const bad = { ...decision(1), occurredAt: 'yesterday' };
      const error: unknown = await ledger.append([decision(0), bad as never]).catch((e: unknown) => e);
      expect(isCairnError(error, 'invalid_entry')).toBe(true);
      expect((error as Error).message).toContain('entries[1].occurredAt');
      expect(await ledger.size()).toBe(0);
      await ledger.close();
    });

    it('issues a receipt that verifies offline against the entry bytes and the published key', async () => {
      const { ledger, signer } = await openLedger(await databases.fresh(kind), {
        checkpoint: { everyEntries: 1000 },
      });
      await ledger.append(Array.from({ length: 11 }, (_, i) => decision(i)));
      expect(await ledger.latestCheckpoint()).toBeUndefined();
      const receipt = await ledger.receipt('dec-6');
      const stored = await ledger.get('dec-6');
      const checked = await verifyReceipt({
        receipt,
        leaf: stored!.bytes,
        verifiers: [verifierOf(signer)],
        origin: ORIGIN,
      });
      expect(checked.ok && checked.value.index).toBe(6);
      await expect(ledger.receipt('dec-404')).rejects.toThrow('entry "dec-404" is not in the ledger');
      const forged = await verifyReceipt({
        receipt,
        leaf: (await ledger.get('dec-5'))!.bytes,
        verifiers: [verifierOf(signer)],
      });
      expect(forged.ok).toBe(false);
      await ledger.close();
    });

    it('serves inclusion and consistency proofs that verify against signed roots', async () => {
      const { ledger, signer } = await openLedger(await databases.fresh(kind));
      await ledger.append(Array.from({ length: 6 }, (_, i) => decision(i)));
      const first = await verifyCheckpoint((await ledger.latestCheckpoint())!.note, [verifierOf(signer)]);
      await ledger.append(Array.from({ length: 7 }, (_, i) => decision(6 + i)));
      const second = await verifyCheckpoint((await ledger.latestCheckpoint())!.note, [verifierOf(signer)]);
      if (!first.ok || !second.ok) throw new Error('checkpoints do not verify');
      const proof = await ledger.consistencyProof(6, 13);
      await expect(ledger.inclusionProof(0, 14)).rejects.toThrow(
        "size: 14 is beyond the ledger's 13 entries",
      );
      await expect(ledger.consistencyProof(6, 20)).rejects.toThrow(
        "size: 20 is beyond the ledger's 13 entries",
      );
      const consistent = verifyConsistency({
        first: 6,
        second: 13,
        firstRoot: first.value.root,
        secondRoot: second.value.root,
        proof,
      });
      expect(consistent.ok).toBe(true);
      for (const index of [0, 5, 12]) {
        const stored = await ledger.getByIndex(index);
        const inclusion = await ledger.inclusionProof(index, 13);
        const root = second.value.root;
        expect(
          verifyInclusion({ index, size: 13, leafHash: leafHash(stored!.bytes), proof: inclusion, root }).ok,
        ).toBe(true);
      }
      await ledger.close();
    });

    it('signs a checkpoint only once everyEntries entries have arrived since the last one', async () => {
      const { ledger } = await openLedger(await databases.fresh(kind), { checkpoint: { everyEntries: 10 } });
      await ledger.append(Array.from({ length: 6 }, (_, i) => decision(i)));
      expect(await ledger.latestCheckpoint()).toBeUndefined();
      await ledger.append(Array.from({ length: 6 }, (_, i) => decision(6 + i)));
      expect((await ledger.latestCheckpoint())!.size).toBe(12);
      await ledger.append(decision(12));
      expect((await ledger.latestCheckpoint())!.size).toBe(12);
      await ledger.close();
    });

    it('signs new entries on the everyMs timer and heartbeats while idle', async () => {
      const { ledger } = await openLedger(await databases.fresh(kind), {
        checkpoint: { everyMs: 20, heartbeatMs: 40 },
      });
      await ledger.append([decision(0), decision(1)]);
      await until(async () => (await ledger.latestCheckpoint())?.size === 2);
      await until(async () => (await ledger.checkpoints()).length >= 3);
      const all = await ledger.checkpoints();
      expect(all.map((c) => c.size).slice(-2)).toEqual([2, 2]);
      expect(all.map((c) => c.seq)).toEqual(all.map((_, i) => i));
      await ledger.close();
    });

    it('never signs a checkpoint inconsistent with the previous one', async () => {
      const database = await databases.fresh(kind);
      const { ledger } = await openLedger(database);
      await ledger.append(Array.from({ length: 5 }, (_, i) => decision(i)));
      const raw = await database.raw();
      await raw.run('update tree_nodes set hash = ? where level = 2 and idx = 0', [Buffer.alloc(32, 7)]);
      await raw.close();
      const reopened = await openLedger(database, { signer: await newSigner() });
      const error: unknown = await reopened.ledger.append(decision(5)).catch((e: unknown) => e);
      expect(isCairnError(error, 'integrity')).toBe(true);
      expect(await reopened.ledger.size()).toBe(5);
      await reopened.ledger.close();
      await ledger.close();
    });

    it('keeps every old checkpoint verifiable after a key rotation', async () => {
      const database = await databases.fresh(kind);
      const { ledger, signer: oldSigner } = await openLedger(database);
      await ledger.append([decision(0), decision(1)]);
      const newSigner_ = await newSigner();
      const handover = await ledger.rotateKey(newSigner_);
      await ledger.append(decision(2));
      expect(await ledger.verifierKeys()).toEqual([oldSigner.verifierKey, newSigner_.verifierKey]);
      const [first] = await ledger.checkpoints({ limit: 1 });
      expect((await verifyCheckpoint(first!.note, [verifierOf(oldSigner)])).ok).toBe(true);
      expect((await verifyCheckpoint(handover.note, [verifierOf(newSigner_)])).ok).toBe(true);
      const published = await ledger.verify({ verifiers: await ledger.verifierKeys() });
      expect(published.problems).toEqual([]);
      const newOnly = await ledger.verify({ verifiers: [newSigner_.verifierKey] });
      expect(newOnly.problems.filter((p) => p.code === 'bad_signature').map((p) => p.path)).toEqual([
        'checkpoint 0',
      ]);
      await ledger.close();
    });

    it('continues at the right index when another handle appended in between', async () => {
      const database = await databases.fresh(kind);
      const a = await openLedger(database);
      const b = await openLedger(database);
      for (let i = 0; i < 6; i++)
        await (i % 2 === 0 ? a : b).ledger.append([decision(2 * i), decision(2 * i + 1)]);
      expect((await a.ledger.append(decision(99)))[0]!.index).toBe(12);
      const report = await a.ledger.verify();
      expect(report).toMatchObject({ ok: true, size: 13, entriesChecked: 13 });
      await a.ledger.close();
      await b.ledger.close();
    });

    it('keeps its origin for life', async () => {
      const database = await databases.fresh(kind);
      const { ledger } = await openLedger(database);
      await ledger.close();
      const error: unknown = await createLedger({
        store: await database.open(),
        origin: 'other.example/log',
      }).catch((e: unknown) => e);
      expect(isCairnError(error, 'config')).toBe(true);
      const readOnly = await createLedger({ store: await database.open() });
      expect(readOnly.origin).toBe(ORIGIN);
      await expect(readOnly.checkpoint()).rejects.toThrow(/without a signer/);
      await readOnly.close();
    });

    it('refuses to change or delete sealed rows in the database itself', async () => {
      const { ledger } = await openLedger(await databases.fresh(kind));
      await ledger.append([decision(0), decision(1), oversight('ov-1', 'dec-0')]);
      const db = ledger.store.db;
      const attempts = [
        () => db.updateTable('entries').set({ kind: 'x' }).where('idx', '=', 0).execute(),
        () => db.deleteFrom('entries').where('idx', '=', 2).execute(),
        () => db.updateTable('tree_nodes').set({ level: 9 }).execute(),
        () => db.deleteFrom('checkpoints').execute(),
        () => db.updateTable('run_ids').set({ value: 'x' }).execute(),
        () => db.deleteFrom('entry_refs').execute(),
        () => db.deleteFrom('signer_keys').execute(),
        () => db.updateTable('ledger_meta').set({ value: 'x' }).execute(),
      ];
      for (const attempt of attempts) {
        await expect(attempt()).rejects.toThrow('cairn: sealed rows are append-only');
      }
      expect(await ledger.size()).toBe(3);
      await ledger.close();
    });

    it('acknowledges only committed appends: a failed transaction leaves no trace and no stale frontier', async () => {
      const { ledger } = await openLedger(await databases.fresh(kind));
      await ledger.append([decision(0), decision(1), decision(2)]);
      const failing = ledger.store.write(async (trx) => {
        await trx.insertInto('ledger_meta').values({ key: 'probe', value: '1' }).execute();
        throw new Error('abort after insert');
      });
      await expect(failing).rejects.toThrow('abort after insert');
      const [next] = await ledger.append(runEvent('ev-1', 'run-0', 'succeeded', 50));
      expect(next!.index).toBe(3);
      expect((await ledger.verify()).ok).toBe(true);
      await ledger.close();
    });
  });
}
