// The PostgreSQL store, a subpath export (`@cairn/ledger/postgres`) so an SQLite user never loads `pg`.
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { CairnError } from '@cairn/core';
import { migrateToLatest } from './migrations.js';
import { insertWithKysely } from './store.js';
import type { LedgerDb, LedgerStore } from './store.js';
import type { LedgerTables } from './schema.js';

/** Options of {@link openPostgresStore}: a connection URL, or a pool you configured yourself. */
export type PostgresStoreOptions = {
  /** `postgres://user:password@host:port/database`; ignored when `pool` is given. */
  readonly url?: string;
  /** An existing pg Pool; the store then does not end it on close. Its int8 values must parse as numbers. */
  readonly pool?: pg.Pool;
  /** Most pooled connections when the store creates the pool. */
  readonly maxConnections?: number;
};

// 'cairn' as a 64-bit advisory lock key: every appender of one database serialises on it. An advisory lock needs
// no UPDATE privilege (SELECT … FOR UPDATE would), so the writer role keeps only SELECT and INSERT.
const APPEND_LOCK_KEY = 0x636169726e;

const INT8_OID = 20;

/**
 * Opens a ledger in a PostgreSQL database through pg. Appenders in any number of processes serialise on one
 * transaction-level advisory lock, so indices stay contiguous.
 *
 * @example
 * import { openPostgresStore } from '@cairn/ledger/postgres';
 * const ledger = await createLedger({ store: openPostgresStore({ url: process.env.CAIRN_DB }), signer, origin });
 */
export function openPostgresStore({ url, pool, maxConnections = 10 }: PostgresStoreOptions): LedgerStore {
  if (pool === undefined && url === undefined) {
    throw new CairnError('config', 'openPostgresStore: expected a url or a pool, got neither');
  }
  const ownPool = pool ?? createPool(url!, maxConnections);
  const db: LedgerDb = new Kysely<LedgerTables>({ dialect: new PostgresDialect({ pool: ownPool }) });
  return Object.freeze({
    dialect: 'postgres' as const,
    location: url === undefined ? 'a PostgreSQL pool' : redactUrl(url),
    db,
    migrate: () => migrateToLatest(db, 'postgres'),
    write: <T>(fn: (trx: LedgerDb) => Promise<T>) =>
      db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(${APPEND_LOCK_KEY})`.execute(trx);
        return fn(trx);
      }),
    insertRows: insertWithKysely,
    close: async () => {
      if (pool === undefined) await db.destroy();
    },
  });
}

function createPool(url: string, max: number): pg.Pool {
  const created = new pg.Pool({ connectionString: url, max, types: { getTypeParser } });
  // pg emits 'error' when the server ends an idle pooled connection (restart, failover, admin kill); without a
  // listener that would crash the process. The pool drops such a client and the next query opens a new one.
  created.on('error', () => undefined);
  return created;
}

// pg returns int8 (bigint, count(*)) as strings by default; ledger positions fit in a double (2^53).
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID && format !== 'binary') return parseInt8;
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw new CairnError('storage', `int8 value beyond 2^53: ${text.slice(0, 24)}`);
  return value;
}

/**
 * A URL fit for messages: the password replaced with `***`.
 *
 * @example redactUrl('postgres://u:pw@db/cairn') === 'postgres://u:***@db/cairn'
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'a PostgreSQL URL';
  }
}
