// The files a first start creates: the signing key (mode 0600, in a 0700 directory) and the SQLite file's
// directory. A new key is announced with its full path, since losing it means no more checkpoints under that name.
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { loadOrCreateSignerKeyFile } from '@cairn/ledger';
import type { NoteSigner } from '@cairn/core';
import type { ServerConfig } from './config.js';

/**
 * The origin (and key name) of a ledger started without CAIRN_ORIGIN; set your own in production.
 *
 * @example (await startServer(loadServerConfig({}))).ledger.origin === DEFAULT_ORIGIN // on a new ledger
 */
export const DEFAULT_ORIGIN = 'localhost/cairn';

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;
const SQLITE_URL = /^(?:sqlite|file):/i;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens the signing key `config.signingKeyFile` names, creating it (Ed25519, mode 0600, named by CAIRN_ORIGIN or
 * {@link DEFAULT_ORIGIN}) when the file does not exist, and saying where through `log`.
 *
 * @example const signer = await openSigner(config, (line) => console.error(line));
 */
export async function openSigner(config: ServerConfig, log: (line: string) => void): Promise<NoteSigner> {
  const path = resolve(config.signingKeyFile);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const existed = await exists(path);
  const signer = await loadOrCreateSignerKeyFile(path, config.origin ?? DEFAULT_ORIGIN);
  if (!existed) {
    log(
      `created a new signing key at ${path} (mode 0600): it signs every checkpoint, so back it up and keep it secret`,
    );
    log(`verifier key (publish it for auditors): ${signer.verifierKey}`);
  } else if (config.origin !== undefined && signer.name !== config.origin) {
    log(
      `warning: the signing key is named ${signer.name} but CAIRN_ORIGIN is ${config.origin}; C2SP checkpoints expect them equal`,
    );
  }
  return signer;
}

/**
 * Creates the directory of an SQLite ledger file (SQLite creates the file, not its directory). Nothing for a
 * PostgreSQL URL or `:memory:`.
 *
 * @example await prepareSqliteDirectory('.cairn/ledger.db');
 */
export async function prepareSqliteDirectory(db: string): Promise<void> {
  if (POSTGRES_URL.test(db)) return;
  const path = db.replace(SQLITE_URL, '').replace(/^\/\/(?=\/)/, '');
  if (path === '' || path === ':memory:') return;
  await mkdir(dirname(resolve(path)), { recursive: true, mode: 0o700 });
}
