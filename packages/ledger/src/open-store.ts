// One string names a ledger database, as CAIRN_DB does: a PostgreSQL URL or an SQLite file path. The Postgres
// store is imported only for a postgres:// URL, so an SQLite deployment never loads `pg`.
import { CairnError } from '@cairn/core';
import { openSqliteStore } from './sqlite-store.js';
import type { SqliteStoreOptions } from './sqlite-store.js';
import type { LedgerStore } from './store.js';

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;
const SQLITE_URL = /^(?:sqlite|file):/i;

/**
 * Opens the store a `CAIRN_DB`-style string names: `postgres://…` or `postgresql://…` (PostgreSQL), `sqlite:path`
 * or `file:path`, or a plain file path (SQLite).
 *
 * @example
 * const store = await openStoreFromUrl(process.env.CAIRN_DB ?? '.cairn/ledger.db');
 */
export async function openStoreFromUrl(
  urlOrPath: string,
  sqliteOptions: Omit<SqliteStoreOptions, 'path'> = {},
): Promise<LedgerStore> {
  if (typeof urlOrPath !== 'string' || urlOrPath.trim() === '') {
    throw new CairnError(
      'config',
      'database: expected a postgres:// URL or an SQLite file path, got nothing',
    );
  }
  if (POSTGRES_URL.test(urlOrPath)) {
    const { openPostgresStore } = await import('./postgres.js');
    return openPostgresStore({ url: urlOrPath });
  }
  const path = SQLITE_URL.test(urlOrPath)
    ? urlOrPath.replace(SQLITE_URL, '').replace(/^\/\/(?=\/)/, '')
    : urlOrPath;
  return openSqliteStore({ ...sqliteOptions, path });
}
