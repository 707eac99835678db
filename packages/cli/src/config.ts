import { resolve } from 'node:path';
import type { CliIo } from './io.js';

/**
 * Where the ledger lives and how it signs: from flags first, then the environment, then defaults under ./.cairn.
 *
 * @example const config = resolveConfig(values, io); // { db: '/srv/.cairn/ledger.db', keyFile: …, origin: undefined }
 */
export type LedgerConfig = {
  /** A SQLite file path (absolute) or a `postgres://` URL (`CAIRN_DB`). */
  readonly db: string;
  /** The signer key file (`CAIRN_SIGNING_KEY_FILE`). */
  readonly keyFile: string;
  /**
   * The log's identity in checkpoints (`CAIRN_ORIGIN`), when given. Left undefined, an existing ledger keeps its
   * stored origin and a new one takes the signing key's name, so a default never contradicts a ledger.
   */
  readonly origin: string | undefined;
};

/** The flags every command accepts. @example parseCommandArgs('verify', argv, { ...LEDGER_OPTIONS, json }) */
export const LEDGER_OPTIONS = {
  db: { type: 'string' },
  key: { type: 'string' },
  origin: { type: 'string' },
} as const;

/** The name of new keys and ledgers when no origin is configured. @example generateSignerKey(DEFAULT_ORIGIN) */
export const DEFAULT_ORIGIN = 'cairn.local/ledger';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;
const SQLITE_URL = /^(?:sqlite|file):/i;

/**
 * Resolves the configuration; relative paths are taken from the working directory.
 *
 * @example const config = resolveConfig({ db: 'audit.db' }, io);
 */
export function resolveConfig(
  values: { db?: string | undefined; key?: string | undefined; origin?: string | undefined },
  io: CliIo,
): LedgerConfig {
  const db = values.db ?? nonEmpty(io.env.CAIRN_DB) ?? '.cairn/ledger.db';
  return {
    db: POSTGRES_URL.test(db) ? db : resolve(io.cwd, sqlitePath(db)),
    keyFile: resolve(io.cwd, values.key ?? nonEmpty(io.env.CAIRN_SIGNING_KEY_FILE) ?? '.cairn/signing.key'),
    origin: values.origin ?? nonEmpty(io.env.CAIRN_ORIGIN),
  };
}

/** True when `db` names a PostgreSQL database rather than an SQLite file. @example isPostgres('postgres://h/db') */
export function isPostgres(db: string): boolean {
  return POSTGRES_URL.test(db);
}

// `sqlite:path` and `file:path` name an SQLite file as a plain path does (as openStoreFromUrl reads them).
function sqlitePath(db: string): string {
  return db.replace(SQLITE_URL, '').replace(/^\/\/(?=\/)/, '');
}

// An empty variable (`CAIRN_DB= cairn verify`) means unset, as most tools read it.
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The configuration help shared by every command. */
export const CONFIG_HELP = `Ledger options (flag, then environment, then default):
  --db PATH|URL      CAIRN_DB                 SQLite file or postgres:// URL   (.cairn/ledger.db)
  --key FILE         CAIRN_SIGNING_KEY_FILE   Ed25519 signer key, mode 0600    (.cairn/signing.key)
  --origin NAME      CAIRN_ORIGIN             the log's name in checkpoints    (the ledger's own, or ${DEFAULT_ORIGIN} for a new one)`;
