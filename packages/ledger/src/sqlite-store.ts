import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { CairnError } from '@cairn/core';
import { isBusy, migrateToLatest } from './migrations.js';
import { insertSql, statementCache } from './sqlite-statements.js';
import { startWriteThread } from './sqlite-write-thread.js';
import type { BulkRow, BulkTable, LedgerDb, LedgerStore } from './store.js';
import type { LedgerTables } from './schema.js';

/** Options of {@link openSqliteStore}. */
export type SqliteStoreOptions = {
  /** Database file path (created when missing), or ':memory:' for a throwaway ledger. */
  readonly path: string;
  /**
   * `full` (default): every acknowledged append survives power loss, since SQLite fsyncs the WAL on each commit.
   * `normal`: a commit survives a crash of the process but the last ones may be lost on power loss
   * (sqlite.org/pragma.html#pragma_synchronous). The package README gives the measured difference.
   */
  readonly synchronous?: 'full' | 'normal';
  /** How long a writer waits for another process's write lock before failing, in ms. */
  readonly busyTimeoutMs?: number;
  /**
   * Run append transactions on a worker thread with its own connection (default false).
   * better-sqlite3 is synchronous: without it every INSERT and the fsync of every COMMIT holds the event loop.
   * Ignored for ':memory:', which a second connection could not see.
   */
  readonly writeThread?: boolean;
};

/**
 * Opens (or creates) a ledger in an SQLite file through better-sqlite3, in WAL mode so readers never block the
 * writer. Several processes may append to one file at once: each append takes the write lock with
 * `BEGIN IMMEDIATE` and waits up to `busyTimeoutMs` for it.
 *
 * @example
 * const ledger = await createLedger({ store: openSqliteStore({ path: 'cairn.db' }), signer, origin });
 */
export function openSqliteStore({
  path,
  synchronous = 'full',
  busyTimeoutMs = 60_000,
  writeThread = false,
}: SqliteStoreOptions): LedgerStore {
  const database = openDatabase(path, synchronous, busyTimeoutMs);
  // One statement cache for Kysely's queries and the bulk inserts: Kysely's SqliteDriver prepares every query
  // anew, and reuse is safe because it hands the single connection to one query (or stream) at a time.
  const prepare = statementCache(database);
  const db: LedgerDb = new Kysely<LedgerTables>({
    dialect: new SqliteDialect({ database: { close: () => database.close(), prepare } }),
  });
  if (writeThread && path !== ':memory:') return threadedStore(path, db, { synchronous, busyTimeoutMs });
  return Object.freeze({
    dialect: 'sqlite' as const,
    location: path,
    // '' is a private temporary database, like ':memory:': no other connection can open it.
    ...(path === ':memory:' || path === '' ? {} : { sqliteFile: resolve(path) }),
    db,
    migrate: () => migrateToLatest(db, 'sqlite'),
    write: <T>(fn: (trx: LedgerDb) => Promise<T>) => writeImmediate(db, fn),
    insertRows: preparedInserter(prepare),
    close: () => db.destroy(),
  });
}

// The same store, but `write` runs its transaction on the write thread's connection (sqlite-write-thread.ts).
function threadedStore(
  path: string,
  db: LedgerDb,
  options: { synchronous: 'full' | 'normal'; busyTimeoutMs: number },
): LedgerStore {
  const thread = startWriteThread({ path, ...options });
  return Object.freeze({
    dialect: 'sqlite' as const,
    location: path,
    sqliteFile: resolve(path),
    db,
    migrate: () => migrateToLatest(db, 'sqlite'),
    write: <T>(fn: (trx: LedgerDb) => Promise<T>) => writeImmediate(thread.db, fn),
    insertRows: <T extends BulkTable>(_trx: LedgerDb, table: T, rows: readonly BulkRow<T>[]) =>
      thread.insertRows(table, rows),
    close: async () => {
      await thread.close();
      await db.destroy();
    },
  });
}

function openDatabase(
  path: string,
  synchronous: 'full' | 'normal',
  busyTimeoutMs: number,
): Database.Database {
  let database: Database.Database;
  try {
    database = new Database(path);
  } catch (error) {
    throw new CairnError('storage', `cannot open the SQLite ledger at ${path}`, { cause: error });
  }
  // busy_timeout first: switching to WAL takes a lock that another opener may hold for a moment.
  database.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  retryBusy(() => database.pragma('journal_mode = WAL'));
  database.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  return database;
}

function retryBusy<T>(fn: () => T, attempts = 50): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return fn();
    } catch (error) {
      if (attempt >= attempts || !isBusy(error)) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 * attempt);
    }
  }
}

// Kysely's SqliteDriver prepares every query anew, which for thousands of rows costs more than the inserts. The
// rows go through cached prepared statements on the same better-sqlite3 connection instead: `write` holds that
// connection for the whole transaction, so these run inside it and nothing else can interleave.
function preparedInserter(prepare: (text: string) => Database.Statement) {
  return <T extends BulkTable>(_trx: LedgerDb, table: T, rows: readonly BulkRow<T>[]): Promise<void> => {
    const first = rows[0];
    if (first === undefined) return Promise.resolve();
    const columns = Object.keys(first);
    const statement = prepare(insertSql(table, columns));
    for (const row of rows) statement.run(columns.map((c) => (row as unknown as Record<string, unknown>)[c]));
    return Promise.resolve();
  };
}

// Kysely's SqliteDriver serves one connection at a time, so holding it for the whole callback also serialises
// appenders inside this process. BEGIN IMMEDIATE takes SQLite's write lock up front: a deferred transaction that
// read first could fail with SQLITE_BUSY_SNAPSHOT when it tries to write after another process committed.
async function writeImmediate<T>(db: LedgerDb, fn: (trx: LedgerDb) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    let result: T;
    try {
      result = await fn(conn);
      await sql`commit`.execute(conn);
    } catch (error) {
      // Also after a failed COMMIT: the connection must not stay inside the transaction.
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw error;
    }
    return result;
  });
}
