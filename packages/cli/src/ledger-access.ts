// Opening the configured ledger for one command, and always closing it.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isCairnError } from '@cairn/core';
import type { NoteSigner } from '@cairn/core';
import { createLedger, loadOrCreateSignerKeyFile, loadSignerKeyFile, openStoreFromUrl } from '@cairn/ledger';
import type { Ledger, LedgerStore } from '@cairn/ledger';
import { DEFAULT_ORIGIN, isPostgres } from './config.js';
import type { LedgerConfig } from './config.js';
import { oneLine } from './files.js';
import { UsageError } from './io.js';

/**
 * What a command needs of the signing key: `none`; `optional` (loaded when the file exists); `required`; or
 * `create` (a new key is written when the file is missing).
 */
export type SignerUse = 'none' | 'optional' | 'required' | 'create';

/** An open ledger and what was loaded to open it. */
export type OpenLedger = {
  readonly ledger: Ledger;
  readonly signer: NoteSigner | undefined;
  /** True when this call wrote a new signing key file. */
  readonly keyCreated: boolean;
  /** The database for messages: an SQLite path or a PostgreSQL URL without its password. */
  readonly location: string;
};

/**
 * Opens the configured ledger, runs `fn`, and closes the ledger whatever happens. `create: false` refuses an
 * SQLite path where no ledger exists, so a mistyped `--db` is an error instead of a new, empty, "valid" ledger.
 *
 * @example const size = await withLedger(config, { signer: 'none', create: false }, ({ ledger }) => ledger.size());
 */
export async function withLedger<T>(
  config: LedgerConfig,
  options: { readonly signer: SignerUse; readonly create: boolean },
  fn: (open: OpenLedger) => Promise<T>,
): Promise<T> {
  const { signer, keyCreated } = await loadSigner(config, options.signer);
  const store = await openStore(config, options.create);
  let ledger: Ledger;
  try {
    // The CLI signs only when asked (`cairn checkpoint`, `prove`, `demo`): no checkpoint after each append batch.
    ledger = await createLedger({
      store,
      signer,
      origin: config.origin,
      checkpoint: { afterEachBatch: false },
    });
  } catch (error) {
    await store.close().catch(() => undefined);
    if (isCairnError(error)) throw error;
    throw new UsageError(`cannot open the ledger at ${store.location}: ${describe(error)}`, { cause: error });
  }
  try {
    return await fn({ ledger, signer, keyCreated, location: store.location });
  } finally {
    await ledger.close();
  }
}

async function openStore(config: LedgerConfig, create: boolean): Promise<LedgerStore> {
  if (!isPostgres(config.db)) {
    if (!create && !existsSync(config.db)) {
      throw new UsageError(
        `no ledger at ${config.db} (set --db or CAIRN_DB; 'cairn append' or 'cairn demo' creates one)`,
      );
    }
    if (create) await makeDirectory(dirname(config.db), 'ledger directory');
  }
  try {
    return await openStoreFromUrl(config.db);
  } catch (error) {
    if (isCairnError(error)) throw error;
    // Never echo a postgres:// URL: it may carry a password.
    const where = isPostgres(config.db) ? 'the PostgreSQL database' : config.db;
    throw new UsageError(`cannot open the ledger at ${where}: ${describe(error)}`, { cause: error });
  }
}

/**
 * Loads the configured signing key as `use` asks, creating the key file (and its directory) for `create`.
 *
 * @example const { signer, keyCreated } = await loadSigner(config, 'create');
 */
export async function loadSigner(
  config: LedgerConfig,
  use: SignerUse,
): Promise<{ signer?: NoteSigner; keyCreated: boolean }> {
  const exists = existsSync(config.keyFile);
  if (use === 'none' || (use === 'optional' && !exists)) return { keyCreated: false };
  if (use === 'required' && !exists) {
    throw new UsageError(
      `signing key file ${config.keyFile} does not exist; create one with 'cairn keygen' (or set --key or CAIRN_SIGNING_KEY_FILE)`,
    );
  }
  if (use === 'create' && !exists) {
    await makeDirectory(dirname(config.keyFile), 'key directory');
    return {
      signer: await loadOrCreateSignerKeyFile(config.keyFile, config.origin ?? DEFAULT_ORIGIN),
      keyCreated: true,
    };
  }
  return { signer: await loadSignerKeyFile(config.keyFile), keyCreated: false };
}

/** Creates a directory and its parents (owner-only for new ones). */
export async function makeDirectory(path: string, what: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new UsageError(
      `${what} ${path}: cannot be created (${(error as { code?: string }).code ?? 'I/O error'})`,
      { cause: error },
    );
  }
}

function describe(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error), 300);
}
