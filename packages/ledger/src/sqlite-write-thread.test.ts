// The write thread beside what the whole ledger suite already runs on it (the `sqlite-thread` store kind): how
// its errors, transactions and shutdown behave at the driver level.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCairnError } from '@cairn/core';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPEND_ONLY_MESSAGE, isBusy } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';
import { startWriteThread } from './sqlite-write-thread.js';
import type { LedgerStore } from './store.js';
import { decision } from './test-support/fixtures.js';
import { newSigner, ORIGIN } from './test-support/ledgers.js';
import { createLedger } from './ledger.js';

let dir: string;
let stores: LedgerStore[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-write-thread-'));
  stores = [];
});

afterEach(async () => {
  await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
  await rm(dir, { recursive: true, force: true });
});

async function threaded(name = 'ledger.db', busyTimeoutMs = 60_000): Promise<LedgerStore> {
  const store = openSqliteStore({ path: join(dir, name), writeThread: true, busyTimeoutMs });
  stores.push(store);
  await store.migrate();
  return store;
}

describe('the SQLite write thread', () => {
  it('runs a write transaction on its own connection and commits it for the main connection to read', async () => {
    const store = await threaded();
    await store.write((trx) => trx.insertInto('ledger_meta').values({ key: 'k', value: 'v' }).execute());
    const rows = await store.db.selectFrom('ledger_meta').selectAll().where('key', '=', 'k').execute();
    expect(rows).toEqual([{ key: 'k', value: 'v' }]);
  });

  it('rolls a failed transaction back whole, and the next one starts clean', async () => {
    const store = await threaded();
    await expect(
      store.write(async (trx) => {
        await trx.insertInto('ledger_meta').values({ key: 'a', value: '1' }).execute();
        await trx.insertInto('ledger_meta').values({ key: 'a', value: '2' }).execute();
      }),
    ).rejects.toThrow(/UNIQUE constraint failed/);
    expect(await store.db.selectFrom('ledger_meta').selectAll().where('key', '=', 'a').execute()).toEqual([]);
    await store.write((trx) => trx.insertInto('ledger_meta').values({ key: 'a', value: '3' }).execute());
    expect(await store.db.selectFrom('ledger_meta').select('value').where('key', '=', 'a').execute()).toEqual(
      [{ value: '3' }],
    );
  });

  it("keeps SQLite's error code, so the database's own append-only refusal and busy locks stay recognisable", async () => {
    const store = await threaded();
    const ledger = await createLedger({ store, signer: await newSigner(), origin: ORIGIN });
    await ledger.append(decision(1));
    const refused = await store
      .write((trx) => sql`update entries set kind = 'x'`.execute(trx))
      .catch((error: unknown) => error as Error & { code?: string });
    expect(refused).toBeInstanceOf(Error);
    expect((refused as Error).message).toContain(APPEND_ONLY_MESSAGE);
    expect((refused as { code?: string }).code).toBe('SQLITE_CONSTRAINT_TRIGGER');

    // Another connection holds the write lock: the thread's BEGIN IMMEDIATE times out with SQLITE_BUSY.
    const impatient = await threaded('ledger.db', 50);
    let release!: () => void;
    const held = store.write(() => new Promise<void>((resolve) => (release = resolve)));
    const busy = await impatient.write(() => Promise.resolve()).catch((error: unknown) => error);
    release();
    await held;
    expect(isBusy(busy)).toBe(true);
  });

  it('seals bytes that read back equal, blobs included, across the thread boundary', async () => {
    const store = await threaded();
    const ledger = await createLedger({ store, signer: await newSigner(), origin: ORIGIN });
    const [result] = await ledger.append([decision(1), decision(2)]);
    const stored = await ledger.get(result!.id);
    expect(stored?.leafHash).toBe(result!.leafHash);
    expect((await ledger.verify()).ok).toBe(true);
  });

  it('fails pending and later writes with a storage error when the worker dies, and still closes', async () => {
    // The worker cannot open a file in a directory that does not exist: it throws at start and exits.
    const thread = startWriteThread({
      path: join(dir, 'missing', 'ledger.db'),
      synchronous: 'full',
      busyTimeoutMs: 10,
    });
    const first = await thread
      .insertRows('tree_nodes', [{ level: 1, idx: 0, hash: Buffer.alloc(32) }])
      .catch((e: unknown) => e);
    expect(isCairnError(first, 'storage')).toBe(true);
    const later = await thread
      .insertRows('tree_nodes', [{ level: 1, idx: 0, hash: Buffer.alloc(32) }])
      .catch((e: unknown) => e);
    expect(isCairnError(later, 'storage')).toBe(true);
    await thread.close();
  });

  it('refuses writes after close with an error instead of hanging', async () => {
    const store = await threaded();
    await store.close();
    const error = await store.write(() => Promise.resolve()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
  });
});
