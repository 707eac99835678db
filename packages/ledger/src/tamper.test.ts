// Every tampering an attacker with raw database access could do is detected by verify. Each case drops the
// append-only triggers first (the raw connection does): integrity must come from hashes and signatures alone.
import { canonicalBytes, leafHash, signCheckpoint, toHex } from '@cairn/core';
import type { NoteSigner, Problem } from '@cairn/core';
import { describe, expect, it } from 'vitest';
import type { Ledger } from './ledger.js';
import { IN_PROCESS_STORES, useTestDatabases } from './test-support/databases.js';
import type { RawSql, StoreKind, TestDatabase } from './test-support/databases.js';
import { decision, oversight, runEvent } from './test-support/fixtures.js';
import { ORIGIN, newSigner, openLedger } from './test-support/ledgers.js';

const databases = useTestDatabases();

type Scene = {
  database: TestDatabase;
  ledger: Ledger;
  raw: RawSql;
  verifierKeys: string[];
  signer: NoteSigner;
};

// 14 entries in three sealed batches: checkpoints 0 (size 8), 1 (size 10) and 2 (size 14).
async function scene(kind: StoreKind): Promise<Scene> {
  const database = await databases.fresh(kind);
  const { ledger, signer } = await openLedger(database);
  await ledger.append(
    Array.from({ length: 8 }, (_, i) => decision(i, { subject: i === 4 ? 'subj-4' : undefined })),
  );
  await ledger.append([runEvent('ev-1', 'run-0', 'succeeded', 9), oversight('ov-1', 'dec-3')]);
  await ledger.append(Array.from({ length: 4 }, (_, i) => decision(8 + i)));
  return { database, ledger, signer, raw: await database.raw(), verifierKeys: await ledger.verifierKeys() };
}

async function verify(s: Scene, options: Parameters<Ledger['verify']>[0] = {}): Promise<readonly Problem[]> {
  await s.raw.close();
  const report = await s.ledger.verify({ verifiers: s.verifierKeys, ...options });
  await s.ledger.close();
  expect(report.ok).toBe(false);
  expect(report.problemCount).toBe(report.problems.length);
  return report.problems;
}

function flipByte(bytes: Uint8Array, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

async function rowOf(raw: RawSql, idx: number): Promise<Record<string, unknown>> {
  const [row] = await raw.all('select * from entries where idx = ?', [idx]);
  return row!;
}

const has = (problems: readonly Problem[], path: string, code: string) =>
  expect(problems).toContainEqual(expect.objectContaining({ path, code }));

// Per column: the row to edit and how. Each derived column is caught by comparing it with the bytes.
const COLUMN_EDITS: { column: string; idx: number; code: string; edit: (value: unknown) => unknown }[] = [
  { column: 'bytes', idx: 2, code: 'leaf_hash_mismatch', edit: (v) => flipByte(v as Uint8Array, 40) },
  { column: 'leaf_hash', idx: 2, code: 'leaf_hash_mismatch', edit: (v) => flipByte(v as Uint8Array, 0) },
  ...[
    'id',
    'kind',
    'orchestrator',
    'run_id',
    'workflow_id',
    'task_run_id',
    'decision_type',
    'occurred_at',
    'recorded_at',
    'producer_id',
  ].map((column) => ({
    column,
    idx: 2,
    code: 'column_mismatch',
    edit: (v: unknown) => `${String(v).slice(0, -1)}#`,
  })),
  { column: 'status', idx: 8, code: 'column_mismatch', edit: () => 'failed' },
  { column: 'subject_ref', idx: 4, code: 'column_mismatch', edit: () => 'subj-5' },
  { column: 'producer_seq', idx: 2, code: 'column_mismatch', edit: (v) => Number(v) + 1 },
];

for (const kind of IN_PROCESS_STORES) {
  describe(`tampering on ${kind}`, () => {
    for (const { column, idx, code, edit } of COLUMN_EDITS) {
      it(`detects a changed entries.${column}`, async () => {
        const s = await scene(kind);
        const row = await rowOf(s.raw, idx);
        await s.raw.run(`update entries set ${column} = ? where idx = ?`, [edit(row[column]), idx]);
        has(await verify(s), `entry ${idx}`, code);
      });
    }

    it('detects bytes rewritten together with a matching leaf hash', async () => {
      const s = await scene(kind);
      const forged = canonicalBytes({
        ...decision(2),
        decision: { ...decision(2).decision, chosen: { label: 'decline' } },
      });
      await s.raw.run('update entries set bytes = ?, leaf_hash = ? where idx = 2', [
        Buffer.from(forged),
        Buffer.from(leafHash(forged)),
      ]);
      const problems = await verify(s);
      has(problems, 'tree node (level 1, index 1)', 'node_mismatch');
      has(problems, 'checkpoint 0', 'root_mismatch');
    });

    it('detects a changed run_ids value', async () => {
      const s = await scene(kind);
      await s.raw.run("update run_ids set value = 'elsewhere' where idx = 3 and name = 'run.task.runId'");
      has(await verify(s), 'entry 3', 'run_ids_mismatch');
    });

    it('detects a changed entry_refs row', async () => {
      const s = await scene(kind);
      await s.raw.run("update entry_refs set ref_id = 'dec-4' where idx = 9");
      has(await verify(s), 'entry 9', 'refs_mismatch');
    });

    it('detects an edited tree node hash', async () => {
      const s = await scene(kind);
      await s.raw.run('update tree_nodes set hash = ? where level = 2 and idx = 1', [Buffer.alloc(32, 9)]);
      const problems = await verify(s);
      has(problems, 'tree node (level 2, index 1)', 'node_mismatch');
    });

    it('detects a forged tree node beyond the tree', async () => {
      const s = await scene(kind);
      await s.raw.run('insert into tree_nodes (level, idx, hash) values (1, 40, ?)', [Buffer.alloc(32, 1)]);
      has(await verify(s), 'tree_nodes', 'extra_nodes');
    });

    it('detects a deleted row', async () => {
      const s = await scene(kind);
      await s.raw.run('delete from entries where idx = 5');
      const problems = await verify(s);
      has(problems, 'entry 5', 'gap');
      has(problems, 'checkpoint 0', 'root_mismatch');
    });

    it('detects a row inserted in the middle', async () => {
      const s = await scene(kind);
      for (let idx = 13; idx >= 5; idx--)
        await s.raw.run('update entries set idx = ? where idx = ?', [idx + 1, idx]);
      const forged = canonicalBytes(decision(50));
      await s.raw.run(
        `insert into entries (idx, id, kind, bytes, leaf_hash, orchestrator, run_id, workflow_id, task_run_id, decision_type,
          occurred_at, recorded_at, producer_id, producer_seq) select 5, 'dec-50', kind, ?, ?, orchestrator, run_id, workflow_id,
          'task-50', decision_type, ?, ?, producer_id, 50 from entries where idx = 4`,
        [
          Buffer.from(forged),
          Buffer.from(leafHash(forged)),
          decision(50).occurredAt,
          decision(50).recordedAt,
        ],
      );
      has(await verify(s), 'checkpoint 0', 'root_mismatch');
    });

    it('detects a row appended without a checkpoint when every batch must be sealed', async () => {
      const s = await scene(kind);
      const forged = canonicalBytes(decision(14, { runId: 'run-x' }));
      await s.raw.run(
        `insert into entries (idx, id, kind, bytes, leaf_hash, orchestrator, run_id, workflow_id, task_run_id, decision_type,
          occurred_at, recorded_at, producer_id, producer_seq)
          values (14, 'dec-14', 'decision', ?, ?, 'trigger.dev', 'run-x', 'underwrite', 'task-14', 'loan.underwriting', ?, ?, 'test-producer', 14)`,
        [
          Buffer.from(forged),
          Buffer.from(leafHash(forged)),
          decision(14).occurredAt,
          decision(14).recordedAt,
        ],
      );
      has(await verify(s, { requireSealed: true }), 'ledger', 'unsealed');
    });

    it('detects two swapped rows', async () => {
      const s = await scene(kind);
      await s.raw.run('update entries set idx = -1 where idx = 3');
      await s.raw.run('update entries set idx = 3 where idx = 4');
      await s.raw.run('update entries set idx = 4 where idx = -1');
      const problems = await verify(s);
      has(problems, 'tree node (level 1, index 1)', 'node_mismatch');
      has(problems, 'checkpoint 0', 'root_mismatch');
    });

    it('detects a truncated tail whose checkpoint is still there', async () => {
      const s = await scene(kind);
      await s.raw.run('delete from entries where idx >= 10');
      has(await verify(s), 'checkpoint 2', 'beyond_end');
    });

    it('detects a truncated tail with its checkpoints removed, against the auditor’s checkpoint', async () => {
      const s = await scene(kind);
      const kept = (await s.ledger.latestCheckpoint())!.note;
      await s.raw.run('delete from entries where idx >= 10');
      await s.raw.run('delete from tree_nodes where (idx + 1) * (1 << level) > 10');
      await s.raw.run('delete from checkpoints where seq = 2');
      has(await verify(s, { against: kept }), 'external checkpoint', 'beyond_end');
    });

    it('detects a ledger rewritten whole by the key holder, against the auditor’s checkpoint', async () => {
      const original = await scene(kind);
      const kept = (await original.ledger.latestCheckpoint())!.note;
      await original.raw.close();
      await original.ledger.close();
      const rewritten = await databases.fresh(kind);
      const signer = await newSigner();
      const { ledger } = await openLedger(rewritten, { signer });
      await ledger.append(Array.from({ length: 14 }, (_, i) => decision(i, { type: 'loan.rewritten' })));
      const report = await ledger.verify({
        against: kept,
        verifiers: [...original.verifierKeys, signer.verifierKey],
      });
      await ledger.close();
      has(report.problems, 'external checkpoint', 'root_mismatch');
    });

    it('detects a checkpoint note replaced by another signed checkpoint', async () => {
      const s = await scene(kind);
      const [first] = await s.raw.all<{ note: string }>('select note from checkpoints where seq = 0');
      await s.raw.run('update checkpoints set note = ? where seq = 1', [first!.note]);
      const problems = await verify(s);
      has(problems, 'checkpoint 1', 'column_mismatch');
    });

    it('detects a checkpoint re-signed with another key', async () => {
      const s = await scene(kind);
      const [row] = await s.raw.all<{ size: number; root: Uint8Array }>(
        'select size, root from checkpoints where seq = 2',
      );
      const intruder = await newSigner();
      const note = await signCheckpoint(
        { origin: ORIGIN, size: Number(row!.size), root: new Uint8Array(row!.root) },
        [intruder],
      );
      await s.raw.run('update checkpoints set note = ? where seq = 2', [note]);
      await s.raw.run(
        'insert into signer_keys (verifier_key, name, key_id, created_at) values (?, ?, ?, ?)',
        [
          intruder.verifierKey,
          intruder.name,
          toHex(new Uint8Array([0, 0, 0, 0])),
          '2026-11-23T14:00:00.000Z',
        ],
      );
      const problems = await verify(s);
      has(problems, 'checkpoint 2', 'bad_signature');
      has(problems, 'signer_keys', 'untrusted_key');
    });

    it('detects an edited checkpoint root column', async () => {
      const s = await scene(kind);
      await s.raw.run('update checkpoints set root = ? where seq = 1', [Buffer.alloc(32, 3)]);
      has(await verify(s), 'checkpoint 1', 'column_mismatch');
    });

    it('detects a checkpoint of a forged root signed with the log key itself', async () => {
      const s = await scene(kind);
      const root = Buffer.alloc(32, 3);
      const note = await signCheckpoint({ origin: ORIGIN, size: 10, root }, [s.signer]);
      await s.raw.run('update checkpoints set root = ?, note = ? where seq = 1', [root, note]);
      has(await verify(s), 'checkpoint 1', 'root_mismatch');
    });

    it('detects an edited checkpoint key_id column', async () => {
      const s = await scene(kind);
      await s.raw.run("update checkpoints set key_id = '00000000' where seq = 0");
      has(await verify(s), 'checkpoint 0', 'column_mismatch');
    });

    it('detects a checkpoint time moved before its predecessor', async () => {
      const s = await scene(kind);
      await s.raw.run("update checkpoints set created_at = '2000-01-01T00:00:00.000Z' where seq = 2");
      has(await verify(s), 'checkpoint 2', 'time_order');
    });

    it('detects an edited published verifier key', async () => {
      const s = await scene(kind);
      const intruder = await newSigner();
      await s.raw.run('update signer_keys set verifier_key = ?', [intruder.verifierKey]);
      has(await verify(s), 'signer_keys', 'untrusted_key');
    });

    it('detects a deleted checkpoint in the middle of the chain', async () => {
      const s = await scene(kind);
      await s.raw.run('delete from checkpoints where seq = 1');
      has(await verify(s), 'checkpoint 1', 'missing_checkpoint');
    });

    it('detects an edited run summary', async () => {
      const s = await scene(kind);
      await s.raw.run("update runs set entry_count = entry_count + 1 where run_id = 'run-0'");
      has(await verify(s), 'run trigger.dev/run-0', 'run_mismatch');
    });
  });
}
