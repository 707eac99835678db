// What a ledger needs from a database: a Kysely instance, its dialect, migrations, and one serialised write
// transaction. Both stores implement it; the ledger itself never knows which database it runs on.
import type { Kysely } from 'kysely';
import type { Dialect } from './migrations.js';
import type { LedgerTables } from './schema.js';

/** The tables append writes in bulk. */
export type BulkTable = 'entries' | 'tree_nodes' | 'run_ids' | 'entry_refs';

/** A row of a bulk table, as Kysely would insert it. */
export type BulkRow<T extends BulkTable> = LedgerTables[T];

/** A Kysely handle on the ledger tables (the whole database, or one transaction). */
export type LedgerDb = Kysely<LedgerTables>;

/**
 * A ledger database. `write` runs `fn` in a transaction that holds the ledger's single write lock (SQLite
 * `BEGIN IMMEDIATE`; a PostgreSQL transaction-level advisory lock), so appenders in any number of processes see
 * a stable size and get contiguous indices. It resolves only after COMMIT returned.
 *
 * @example
 * const store = openSqliteStore({ path: 'cairn.db' });
 * await store.migrate();
 * const size = await store.write(async (trx) => (await trx.selectFrom('entries').select('idx').execute()).length);
 */
export interface LedgerStore {
  readonly dialect: Dialect;
  /** Where the data lives, for messages: a file path, or a PostgreSQL URL without its password. */
  readonly location: string;
  /**
   * The absolute path of the SQLite file, when the ledger lives in one (not ':memory:'): other threads may open
   * it read-only, as a parallel verify does. Absent for other stores.
   */
  readonly sqliteFile?: string;
  readonly db: LedgerDb;
  migrate(): Promise<void>;
  write<T>(fn: (trx: LedgerDb) => Promise<T>): Promise<T>;
  /**
   * Inserts rows inside a `write` transaction (`trx` is the handle `write` passed). Each store picks its fastest
   * correct path: prepared statements on SQLite, multi-row INSERTs through Kysely on PostgreSQL.
   */
  insertRows<T extends BulkTable>(trx: LedgerDb, table: T, rows: readonly BulkRow<T>[]): Promise<void>;
  close(): Promise<void>;
}

// 16 columns × 1,000 rows stays under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const PARAMETERS_PER_INSERT = 16_000;

/**
 * Inserts rows through Kysely in multi-row INSERT statements, as many rows per statement as the bound-parameter
 * limits of both databases allow.
 *
 * @example await insertWithKysely(trx, 'tree_nodes', nodes);
 */
export async function insertWithKysely<T extends BulkTable>(
  trx: LedgerDb,
  table: T,
  rows: readonly BulkRow<T>[],
): Promise<void> {
  if (rows.length === 0) return;
  const perInsert = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / Object.keys(rows[0]!).length));
  // Widened to the union: Kysely's insert typing cannot follow a generic table name, BulkRow<T> types the rows.
  const target: BulkTable = table;
  for (let i = 0; i < rows.length; i += perInsert) {
    await trx
      .insertInto(target)
      .values(rows.slice(i, i + perInsert))
      .execute();
  }
}

/**
 * Turns a byte array into the Buffer both drivers bind as a blob / bytea, without copying.
 * better-sqlite3 binds only Buffers as BLOB, and pg only Buffers as bytea.
 */
export function toDbBytes(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Turns a blob read from either driver into a plain Uint8Array view (no copy). */
export function fromDbBytes(value: Uint8Array): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}
