// Schema migrations, run through Kysely's Migrator with Cairn's own table names. One list serves both dialects;
// the few differences (blob vs bytea, WITHOUT ROWID, trigger syntax) are decided by `dialect`.
import { Migrator, sql } from 'kysely';
import type { Kysely, Migration, MigrationProvider } from 'kysely';
import { CairnError } from '@cairn/core';
import { SEALED_TABLES } from './schema.js';
import type { LedgerTables } from './schema.js';

/** The SQL dialect of a store. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * The message the database raises when a sealed row would be changed; tests and operators grep for it.
 *
 * @example await expect(db.deleteFrom('entries').execute()).rejects.toThrow(APPEND_ONLY_MESSAGE);
 */
export const APPEND_ONLY_MESSAGE = 'cairn: sealed rows are append-only';

type Types = { int: 'integer' | 'bigint'; blob: 'blob' | 'bytea' };

function typesOf(dialect: Dialect): Types {
  return dialect === 'sqlite' ? { int: 'integer', blob: 'blob' } : { int: 'bigint', blob: 'bytea' };
}

async function createEntries(db: Kysely<unknown>, t: Types): Promise<void> {
  await db.schema
    .createTable('entries')
    .addColumn('idx', t.int, (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('bytes', t.blob, (c) => c.notNull())
    .addColumn('leaf_hash', t.blob, (c) => c.notNull())
    .addColumn('orchestrator', 'text')
    .addColumn('run_id', 'text')
    .addColumn('workflow_id', 'text')
    .addColumn('task_run_id', 'text')
    .addColumn('decision_type', 'text')
    .addColumn('status', 'text')
    .addColumn('subject_ref', 'text')
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addColumn('producer_id', 'text', (c) => c.notNull())
    .addColumn('producer_seq', t.int, (c) => c.notNull())
    .execute();
  // Partial indexes: most entries of a deployment are run-bound, few carry a subject.
  await db.schema
    .createIndex('entries_run')
    .on('entries')
    .columns(['orchestrator', 'run_id', 'occurred_at', 'idx'])
    .where(sql.ref('run_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('entries_subject')
    .on('entries')
    .columns(['subject_ref', 'idx'])
    .where(sql.ref('subject_ref'), 'is not', null)
    .execute();
}

async function createLinks(db: Kysely<unknown>, dialect: Dialect, t: Types): Promise<void> {
  // WITHOUT ROWID: the composite key is the table, so no second B-tree is written per row (SQLite §withoutrowid).
  const clustered = dialect === 'sqlite' ? sql`without rowid` : sql``;
  await db.schema
    .createTable('run_ids')
    .addColumn('idx', t.int, (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('run_ids_pk', ['idx', 'name'])
    .modifyEnd(clustered)
    .execute();
  await db.schema.createIndex('run_ids_value').on('run_ids').columns(['value', 'idx']).execute();
  await db.schema
    .createTable('entry_refs')
    .addColumn('idx', t.int, (c) => c.notNull())
    .addColumn('ref_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('entry_refs_pk', ['idx', 'ref_id'])
    .modifyEnd(clustered)
    .execute();
  await db.schema.createIndex('entry_refs_ref').on('entry_refs').columns(['ref_id', 'idx']).execute();
  await db.schema
    .createTable('tree_nodes')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', t.int, (c) => c.notNull())
    .addColumn('hash', t.blob, (c) => c.notNull())
    .addPrimaryKeyConstraint('tree_nodes_pk', ['level', 'idx'])
    .modifyEnd(clustered)
    .execute();
}

async function createSeals(db: Kysely<unknown>, t: Types): Promise<void> {
  await db.schema
    .createTable('checkpoints')
    .addColumn('seq', t.int, (c) => c.primaryKey())
    .addColumn('size', t.int, (c) => c.notNull())
    .addColumn('root', t.blob, (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('checkpoints_size').on('checkpoints').columns(['size', 'seq']).execute();
  await db.schema
    .createTable('signer_keys')
    .addColumn('verifier_key', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ledger_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('runs')
    .addColumn('orchestrator', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('entry_count', t.int, (c) => c.notNull())
    .addColumn('decision_count', t.int, (c) => c.notNull())
    .addColumn('last_status', 'text')
    .addColumn('status_at', 'text')
    .addPrimaryKeyConstraint('runs_pk', ['orchestrator', 'run_id'])
    .execute();
  await db.schema
    .createIndex('runs_recent')
    .on('runs')
    .columns(['last_at', 'orchestrator', 'run_id'])
    .execute();
  await db.schema.createIndex('runs_id').on('runs').column('run_id').execute();
}

// Defence in depth only: whoever owns the database can drop these. Integrity comes from hashes and signatures.
async function sealSqlite(db: Kysely<unknown>): Promise<void> {
  for (const table of SEALED_TABLES) {
    for (const action of ['update', 'delete'] as const) {
      await sql
        .raw(
          `create trigger ${table}_no_${action} before ${action} on ${table} ` +
            `begin select raise(abort, '${APPEND_ONLY_MESSAGE}'); end`,
        )
        .execute(db);
    }
  }
}

async function sealPostgres(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `create or replace function cairn_refuse_change() returns trigger language plpgsql as $$ ` +
        `begin raise exception '${APPEND_ONLY_MESSAGE}' using errcode = 'insufficient_privilege'; end $$`,
    )
    .execute(db);
  for (const table of SEALED_TABLES) {
    await sql
      .raw(
        `create trigger ${table}_no_change before update or delete on ${table} ` +
          `for each row execute function cairn_refuse_change()`,
      )
      .execute(db);
    await sql
      .raw(
        `create trigger ${table}_no_truncate before truncate on ${table} ` +
          `for each statement execute function cairn_refuse_change()`,
      )
      .execute(db);
    // Roles other than the owner (see README: the writer role gets SELECT and INSERT only).
    await sql.raw(`revoke update, delete, truncate on ${table} from public`).execute(db);
  }
}

function migrations(dialect: Dialect): Record<string, Migration> {
  const t = typesOf(dialect);
  return {
    '0001_ledger': {
      async up(db) {
        await createEntries(db, t);
        await createLinks(db, dialect, t);
        await createSeals(db, t);
        await (dialect === 'sqlite' ? sealSqlite(db) : sealPostgres(db));
      },
    },
    // The run list filtered by orchestrator or status scanned the primary key and sorted (about 600 ms on a
    // million entries); these keep each filter's page an index range read in list order.
    '0002_run_filters': {
      async up(db) {
        await db.schema
          .createIndex('runs_by_orchestrator')
          .on('runs')
          .columns(['orchestrator', 'last_at', 'run_id'])
          .execute();
        await db.schema
          .createIndex('runs_by_status')
          .on('runs')
          .columns(['last_status', 'last_at', 'orchestrator', 'run_id'])
          .execute();
      },
    },
  };
}

function provider(dialect: Dialect): MigrationProvider {
  return { getMigrations: () => Promise.resolve(migrations(dialect)) };
}

/**
 * Brings the database to the latest schema. Safe to run from several processes at once: Kysely takes an
 * advisory lock on PostgreSQL, and on SQLite a lost race (for the write lock, or to create the tables) is retried.
 *
 * @example
 * await migrateToLatest(db, 'sqlite');
 */
export async function migrateToLatest(
  db: Kysely<LedgerTables>,
  dialect: Dialect,
  attempts = 20,
): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: provider(dialect),
    migrationTableName: 'cairn_migration',
    migrationLockTableName: 'cairn_migration_lock',
  });
  for (let attempt = 1; ; attempt++) {
    const { error } = await migrator.migrateToLatest();
    if (error === undefined) return;
    if (attempt >= attempts || !(isBusy(error) || isSchemaRace(error))) {
      throw new CairnError('storage', `ledger migration failed: ${messageOf(error)}`, { cause: error });
    }
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
  }
}

/**
 * Kysely's SQLite migration lock is a no-op: two processes opening a new file at once can both read an empty
 * migration table, and the later one then finds the tables the first just created. SQLite reports that as
 * SQLITE_ERROR "already exists", or as SQLITE_SCHEMA when the other process changed the schema while this one
 * prepared its statement (sqlite.org/rescode.html#schema). The migration runs in one transaction, so the schema
 * is all there or not at all: a retry sees it done and does nothing.
 *
 * @example isSchemaRace(Object.assign(new Error('table "entries" already exists'), { code: 'SQLITE_SCHEMA' })) === true
 */
export function isSchemaRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_SCHEMA') return true;
  return code === 'SQLITE_ERROR' && /already exists/.test(messageOf(error));
}

/** True for SQLite's "database is locked" family, which a retry resolves. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
