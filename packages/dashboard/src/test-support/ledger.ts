// A real SQLite ledger for the dashboard's tests, filled with the scenario of fixtures.ts and sealed by
// checkpoints signed at known times, plus raw database access that drops the append-only triggers the way an
// attacker with access to the file would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createNoteSigner, generateSignerKey } from '@cairn/core';
import type { Entry, NoteSigner } from '@cairn/core';
import { createLedger, openSqliteStore } from '@cairn/ledger';
import type { Ledger } from '@cairn/ledger';
import { scenarioEntries } from './fixtures.js';

/** The origin of every test ledger. */
export const TEST_ORIGIN = 'dashboard.example/cairn';

/** A ledger on a temporary SQLite file; `close` removes it. */
export type TestLedger = {
  readonly ledger: Ledger;
  readonly signer: NoteSigner;
  readonly path: string;
  /** Sets the clock the ledger signs checkpoints with. */
  setNow(iso: string): void;
  close(): Promise<void>;
};

/**
 * Opens a ledger on a new SQLite file with a fresh signer; checkpoints are only signed when asked.
 *
 * @example const { ledger, close } = await openTestLedger();
 */
export async function openTestLedger(): Promise<TestLedger> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-dashboard-'));
  const path = join(dir, 'cairn.db');
  const signer = await createNoteSigner(await generateSignerKey(TEST_ORIGIN));
  let now = new Date('2026-11-23T09:00:00.000Z');
  const ledger = await createLedger({
    store: openSqliteStore({ path }),
    signer,
    origin: TEST_ORIGIN,
    checkpoint: { afterEachBatch: false },
    now: () => now,
  });
  return {
    ledger,
    signer,
    path,
    setNow: (iso) => void (now = new Date(iso)),
    close: async () => {
      await ledger.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A ledger holding the scenario: the first five entries sealed by a checkpoint signed 2026-11-23T10:30Z, the rest
 * by one signed 2026-11-28T00:00Z (a heartbeat at 2026-11-20 comes first, at size 0).
 *
 * @example const { ledger } = await scenarioLedger();
 */
export async function scenarioLedger(entries: readonly Entry[] = scenarioEntries()): Promise<TestLedger> {
  const test = await openTestLedger();
  test.setNow('2026-11-20T00:00:00.000Z');
  await test.ledger.checkpoint();
  await test.ledger.append(entries.slice(0, 5));
  test.setNow('2026-11-23T10:30:00.000Z');
  await test.ledger.checkpoint();
  await test.ledger.append(entries.slice(5));
  test.setNow('2026-11-28T00:00:00.000Z');
  await test.ledger.checkpoint();
  return test;
}

/**
 * Overwrites the stored bytes of entry `id` in the SQLite file, after dropping the append-only triggers: what an
 * attacker with write access to the database can do. `edit` receives and returns the stored JSON text.
 *
 * @example tamperEntry(path, 'dec-1', (text) => text.replace('"decline"', '"increase"'));
 */
export function tamperEntry(path: string, id: string, edit: (text: string) => string): void {
  const db = new Database(path);
  try {
    db.pragma('busy_timeout = 10000');
    for (const { name } of db.prepare("select name from sqlite_master where type = 'trigger'").all() as {
      name: string;
    }[]) {
      db.exec(`drop trigger ${name}`);
    }
    const row = db.prepare('select bytes from entries where id = ?').get(id) as { bytes: Buffer } | undefined;
    if (row === undefined) throw new Error(`tamperEntry: no entry ${id}`);
    const edited = edit(row.bytes.toString('utf8'));
    if (edited === row.bytes.toString('utf8')) throw new Error('tamperEntry: the edit changed nothing');
    db.prepare('update entries set bytes = ? where id = ?').run(Buffer.from(edited, 'utf8'), id);
  } finally {
    db.close();
  }
}
