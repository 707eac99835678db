// Where a log's signing key comes from: a file only its owner can read, or an environment variable. Anything else
// (a KMS, an HSM) plugs in as a NoteSigner. Messages name the file or the variable, never the key.
import { randomBytes } from 'node:crypto';
import { link, open, stat, unlink, writeFile } from 'node:fs/promises';
import { CairnError, createNoteSigner, generateSignerKey, isCairnError } from '@cairn/core';
import type { NoteSigner } from '@cairn/core';

const GROUP_OR_OTHER = 0o077;

/**
 * Opens the signer key in `path`, or creates a new Ed25519 key named `name` there (mode 0600, created
 * atomically so two processes never write two keys). Refuses a file that group or others can access.
 *
 * @example
 * const signer = await loadOrCreateSignerKeyFile('/etc/cairn/log.key', 'example.com/decisions');
 */
export async function loadOrCreateSignerKeyFile(path: string, name: string): Promise<NoteSigner> {
  const created = await createKeyFile(path, name);
  if (created !== undefined) return created;
  return loadSignerKeyFile(path);
}

/**
 * Opens the signer key in `path`. Throws CairnError('config') when the file is missing or readable by group or
 * others, and CairnError('invalid_key') when it holds no signer key.
 *
 * @example const signer = await loadSignerKeyFile('/etc/cairn/log.key');
 */
export async function loadSignerKeyFile(path: string): Promise<NoteSigner> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    throw new CairnError('config', `signing key file ${path}: cannot be read`, { cause: error });
  }
  if ((mode & GROUP_OR_OTHER) !== 0 && process.platform !== 'win32') {
    const shown = (mode & 0o777).toString(8).padStart(4, '0');
    throw new CairnError(
      'config',
      `signing key file ${path}: mode ${shown} lets group or others read it; run chmod 600 ${path}`,
    );
  }
  const handle = await open(path, 'r');
  try {
    return await signerFromText((await handle.readFile('utf8')).trim(), `signing key file ${path}`);
  } finally {
    await handle.close();
  }
}

async function createKeyFile(path: string, name: string): Promise<NoteSigner | undefined> {
  // Written whole to a private temporary file, then hard-linked into place: link() fails if the path exists, so
  // when two processes start at once one key wins and nobody ever reads a half-written file.
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const key = await generateSignerKey(name);
  try {
    await writeFile(temporary, `${key}\n`, { mode: 0o600, flag: 'wx' });
    await link(temporary, path);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') return undefined;
    throw new CairnError('config', `signing key file ${path}: cannot be created`, { cause: error });
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
  return createNoteSigner(key);
}

/**
 * A signer from the key text in an environment variable (default `CAIRN_SIGNING_KEY`).
 *
 * @example const signer = await signerFromEnv(); // reads process.env.CAIRN_SIGNING_KEY
 */
export async function signerFromEnv(
  variable = 'CAIRN_SIGNING_KEY',
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<NoteSigner> {
  const text = env[variable];
  if (text === undefined || text.trim() === '') {
    throw new CairnError('config', `${variable}: expected a signer key (PRIVATE+KEY+…), got nothing`);
  }
  return signerFromText(text.trim(), variable);
}

async function signerFromText(text: string, source: string): Promise<NoteSigner> {
  try {
    return await createNoteSigner(text);
  } catch (error) {
    // core's message names the malformed part without echoing the key; add where the key came from.
    const detail = isCairnError(error) ? error.message : 'not a signer key';
    throw new CairnError('invalid_key', `${source}: ${detail}`, { cause: error });
  }
}
