// The parallel verify (worker threads on an SQLite file) must say exactly what the in-process verify says: on an
// honest ledger and after each kind of tampering. Each tampered ledger is a copy of one honest ledger of a few
// thousand entries, edited through a raw connection with the append-only triggers dropped.
import { copyFile } from 'node:fs/promises';
import { isCairnError, leafHash } from '@cairn/core';
import type { Entry, NoteSigner } from '@cairn/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from './ledger.js';
import { openSqliteStore } from './sqlite-store.js';
import { useTestDatabases } from './test-support/databases.js';
import type { RawSql, TestDatabase } from './test-support/databases.js';
import { decision, oversight, runEvent } from './test-support/fixtures.js';
import { ORIGIN, newSigner, openLedger } from './test-support/ledgers.js';
import { verifyLedger, verifyThreads } from './verify.js';
import type { VerifyOptions, VerifyReport } from './verify.js';
import { verifyWorkersStarted } from './verify-pool.js';

const databases = useTestDatabases();
const SIZE = 3000;

let template: { path: string; signer: NoteSigner; verifiers: string[] };

// 3,000 entries of ~1.6 KB in six sealed appends: run ids, refs and run events mixed in.
beforeAll(async () => {
  const database = await databases.fresh('sqlite');
  const signer = await newSigner();
  const ledger = await createLedger({ origin: ORIGIN, signer, store: await database.open() });
  for (let b = 0; b < 6; b++) {
    const entries: Entry[] = Array.from({ length: SIZE / 6 - 2 }, (_, i) =>
      decision(b * 500 + i, {
        runId: `run-${b}`,
        bytes: 1600,
        subject: i % 7 === 0 ? `subj-${i}` : undefined,
      }),
    );
    entries.push(runEvent(`ev-${b}`, `run-${b}`, 'succeeded', b), oversight(`ov-${b}`, `dec-${b * 500}`));
    await ledger.append(entries);
  }
  const verifiers = await ledger.verifierKeys();
  await ledger.close();
  template = { path: database.url, signer, verifiers };
}, 60_000);

type Copy = { database: TestDatabase; raw: RawSql };

async function copyOfTemplate(): Promise<Copy> {
  const database = await databases.fresh('sqlite');
  await copyFile(template.path, database.url);
  return { database, raw: await database.raw() };
}

// Both reports of one ledger: in-process, then on two workers in batches small enough for many in flight.
async function bothWays(copy: Copy, options: VerifyOptions = {}): Promise<[VerifyReport, VerifyReport]> {
  await copy.raw.close();
  const { ledger } = await openLedger(copy.database, { signer: template.signer });
  const common = { verifiers: template.verifiers, batchSize: 128, ...options };
  const inProcess = await ledger.verify({ ...common, threads: 0 });
  const parallel = await ledger.verify({ ...common, threads: 2 });
  await ledger.close();
  return [inProcess, parallel];
}

const codes = (report: VerifyReport) => report.problems.map((p) => `${p.path}: ${p.code}`);

const TAMPERINGS: { name: string; edit(raw: RawSql): Promise<void>; expected: string }[] = [
  {
    name: 'a byte changed in an entry’s bytes',
    edit: (raw) =>
      raw.run(
        "update entries set bytes = cast(replace(cast(bytes as text), 'dec-1500', 'dec-1501') as blob) where idx = 1500",
      ),
    expected: 'entry 1500: leaf_hash_mismatch',
  },
  {
    name: 'an edited leaf_hash',
    edit: (raw) => raw.run('update entries set leaf_hash = ? where idx = 10', [Buffer.alloc(32, 7)]),
    expected: 'entry 10: leaf_hash_mismatch',
  },
  {
    name: 'an edited derived column',
    edit: (raw) => raw.run("update entries set run_id = 'run-x' where idx = 2001"),
    expected: 'entry 2001: column_mismatch',
  },
  {
    name: 'an edited run_ids row',
    edit: (raw) =>
      raw.run(
        "update run_ids set value = 'elsewhere' where idx = (select min(idx) from run_ids where idx >= 700)",
      ),
    expected: 'run_ids_mismatch',
  },
  {
    name: 'an edited entry_refs row',
    edit: (raw) => raw.run("update entry_refs set ref_id = 'dec-2' where idx = 999"),
    expected: 'entry 999: refs_mismatch',
  },
  {
    name: 'a deleted row (a gap in the index)',
    edit: (raw) => raw.run('delete from entries where idx in (1234, 1235, 2999)'),
    expected: 'entry 1234: gap',
  },
  {
    name: 'an edited tree node',
    edit: (raw) =>
      raw.run('update tree_nodes set hash = ? where level = 3 and idx = 5', [Buffer.alloc(32, 9)]),
    expected: 'tree node (level 3, index 5): node_mismatch',
  },
  {
    name: 'ill-formed UTF-8 in the bytes, with the leaf hash of their lossy decoding',
    edit: async (raw) => {
      const [row] = await raw.all<{ bytes: Uint8Array }>('select bytes from entries where idx = 300');
      const bytes = Buffer.from(row!.bytes);
      bytes[bytes.indexOf('dec-300') + 3] = 0xff;
      const lossy = Buffer.from(bytes.toString('utf8'), 'utf8');
      await raw.run('update entries set bytes = ?, leaf_hash = ? where idx = 300', [bytes, leafHash(lossy)]);
    },
    expected: 'entry 300: leaf_hash_mismatch',
  },
  {
    name: 'a BOM before the bytes, with their leaf hash recomputed',
    edit: async (raw) => {
      const [row] = await raw.all<{ bytes: Uint8Array }>('select bytes from entries where idx = 400');
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), row!.bytes]);
      await raw.run('update entries set bytes = ?, leaf_hash = ? where idx = 400', [bytes, leafHash(bytes)]);
    },
    expected: 'tree node (level 1, index 200): node_mismatch',
  },
  {
    name: 'bytes stored as text instead of a blob',
    edit: (raw) => raw.run('update entries set bytes = cast(bytes as text) where idx = 500'),
    expected: 'entry 500: leaf_hash_mismatch',
  },
  {
    name: 'an edited run index row',
    edit: (raw) => raw.run("update runs set entry_count = entry_count + 1 where run_id = 'run-3'"),
    expected: 'run_mismatch',
  },
  {
    name: 'an edited checkpoint root',
    edit: (raw) => raw.run('update checkpoints set root = ? where seq = 2', [Buffer.alloc(32, 3)]),
    expected: 'checkpoint 2',
  },
];

describe('parallel verify on SQLite', () => {
  it('reports an honest ledger exactly as the in-process verify does, on worker threads', async () => {
    const before = verifyWorkersStarted();
    const [inProcess, parallel] = await bothWays(await copyOfTemplate());
    expect(verifyWorkersStarted() - before).toBe(2);
    expect(inProcess).toMatchObject({ ok: true, size: SIZE, entriesChecked: SIZE });
    expect(parallel).toEqual(inProcess);
  });

  for (const tampering of TAMPERINGS) {
    it(`reports ${tampering.name} exactly as the in-process verify does`, async () => {
      const copy = await copyOfTemplate();
      await tampering.edit(copy.raw);
      const before = verifyWorkersStarted();
      const [inProcess, parallel] = await bothWays(copy);
      expect(verifyWorkersStarted() - before).toBe(2);
      expect(inProcess.ok).toBe(false);
      expect(
        codes(inProcess).some((c) => c.startsWith(tampering.expected) || c.endsWith(tampering.expected)),
      ).toBe(true);
      expect(parallel).toEqual(inProcess);
    });
  }

  it('checks the content of every entry on workers as it does in process', async () => {
    const copy = await copyOfTemplate();
    await copy.raw.run(
      'update entries set bytes = cast(replace(cast(bytes as text), \'"v":1\', \'"v": 1\') as blob) where idx = 42',
    );
    const [inProcess, parallel] = await bothWays(copy, { content: true });
    expect(codes(inProcess)).toContain('entry 42: not_canonical');
    expect(parallel).toEqual(inProcess);
  });

  it('throws a storage error, without hanging, when its workers cannot open the file', async () => {
    const store = openSqliteStore({ path: template.path });
    const failure = await verifyLedger(store.db, {
      origin: ORIGIN,
      verifiers: template.verifiers,
      threads: 2,
      sqliteFile: `${template.path}.missing`,
    }).catch((error: unknown) => error);
    await store.close();
    expect(isCairnError(failure, 'storage')).toBe(true);
  });

  it('uses workers by default only for an SQLite file of 20,000 entries or more', () => {
    expect(verifyThreads(undefined, '/data/cairn.db', 19_999)).toBe(0);
    expect(verifyThreads(undefined, '/data/cairn.db', 20_000)).toBeGreaterThan(0);
    expect(verifyThreads(undefined, undefined, 1_000_000)).toBe(0);
    expect(verifyThreads(3, undefined, 1_000_000)).toBe(0);
    expect(verifyThreads(0, '/data/cairn.db', 1_000_000)).toBe(0);
    expect(verifyThreads(3, '/data/cairn.db', 10)).toBe(3);
  });
});
