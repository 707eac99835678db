// Real databases for the ledger suite: a fresh SQLite file or a fresh PostgreSQL database per test, and a raw
// connection that bypasses the append-only triggers, the way an attacker with database access would.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll } from 'vitest';
import { openStoreFromUrl } from '../open-store.js';
import { openSqliteStore } from '../sqlite-store.js';
import type { LedgerStore } from '../store.js';
import { startPostgres } from './postgres.js';
import type { PostgresCluster } from './postgres.js';

/** The databases the suite runs against, as child processes open them too (from a CAIRN_DB-style string). */
export const STORES = ['sqlite', 'postgres'] as const;

/**
 * Every store the in-process suites run against: SQLite also with its write thread (`writeThread: true`), which
 * the server uses. Child-process tests use STORES: their bundled children cannot load the worker's module.
 */
export const IN_PROCESS_STORES = ['sqlite', 'sqlite-thread', 'postgres'] as const;

/** A store kind of the suite. */
export type StoreKind = (typeof IN_PROCESS_STORES)[number];

/** Raw SQL with `?` placeholders, run with the append-only triggers switched off. */
export type RawSql = {
  run(text: string, params?: readonly unknown[]): Promise<void>;
  all<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

/** One fresh database: its CAIRN_DB-style location, a way to open stores on it, and raw access. */
export type TestDatabase = {
  readonly kind: StoreKind;
  /** An SQLite file path or a postgres:// URL, as `openStoreFromUrl` takes. */
  readonly url: string;
  open(): Promise<LedgerStore>;
  raw(): Promise<RawSql>;
};

function sqliteRaw(path: string): RawSql {
  const db = new Database(path);
  db.pragma('busy_timeout = 10000');
  for (const { name } of db.prepare("select name from sqlite_master where type = 'trigger'").all() as {
    name: string;
  }[]) {
    db.exec(`drop trigger ${name}`);
  }
  return {
    run: (text, params = []) => Promise.resolve(void db.prepare(text).run(...params)),
    all: <T>(text: string, params: readonly unknown[] = []) =>
      Promise.resolve(db.prepare(text).all(...params) as T[]),
    close: () => Promise.resolve(void db.close()),
  };
}

async function postgresRaw(url: string): Promise<RawSql> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // As superuser, replica mode skips ordinary triggers: the append-only guard is gone for this session.
  await client.query('set session_replication_role = replica');
  const numbered = (text: string) => {
    let n = 0;
    return text.replace(/\?/g, () => `$${++n}`);
  };
  return {
    run: async (text, params = []) => void (await client.query(numbered(text), [...params])),
    all: async <T>(text: string, params: readonly unknown[] = []) =>
      (await client.query(numbered(text), [...params])).rows as T[],
    close: () => client.end(),
  };
}

/**
 * Registers cleanup with vitest and returns a factory of fresh databases. The PostgreSQL cluster starts on first
 * use, once per test file, and stops after the file's tests.
 *
 * @example
 * const databases = useTestDatabases();
 * for (const kind of STORES) it(`appends (${kind})`, async () => { const db = await databases.fresh(kind); … });
 */
export function useTestDatabases(): { fresh(kind: StoreKind): Promise<TestDatabase> } {
  let cluster: Promise<PostgresCluster> | undefined;
  let dir: Promise<string> | undefined;
  let counter = 0;
  afterAll(async () => {
    if (cluster !== undefined) await (await cluster).stop();
    if (dir !== undefined) await rm(await dir, { recursive: true, force: true });
  });
  return {
    async fresh(kind) {
      let url: string;
      if (kind !== 'postgres') {
        dir ??= mkdtemp(join(tmpdir(), 'cairn-ledger-'));
        url = join(await dir, `ledger-${counter++}.db`);
      } else {
        cluster ??= startPostgres();
        url = await (await cluster).createDatabase();
      }
      return {
        kind,
        url,
        open: () =>
          kind === 'sqlite-thread'
            ? Promise.resolve(openSqliteStore({ path: url, writeThread: true }))
            : openStoreFromUrl(url),
        raw: () => (kind === 'postgres' ? postgresRaw(url) : Promise.resolve(sqliteRaw(url))),
      };
    },
  };
}
