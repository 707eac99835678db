import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSignerKey, isCairnError, signNote, openNote, parseVerifierKey } from '@cairn/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOrCreateSignerKeyFile, loadSignerKeyFile, signerFromEnv } from './keys.js';

const dir = await mkdtemp(join(tmpdir(), 'cairn-keys-'));
afterAll(() => rm(dir, { recursive: true, force: true }));
let n = 0;
const keyPath = () => join(dir, `log-${n++}.key`);

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );
}

describe('signing keys', () => {
  it('creates a key file readable by its owner only and reads the same key back', async () => {
    const path = keyPath();
    const created = await loadOrCreateSignerKeyFile(path, 'example.com/log');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const loaded = await loadOrCreateSignerKeyFile(path, 'example.com/log');
    expect(loaded.verifierKey).toBe(created.verifierKey);
    const verifier = parseVerifierKey(created.verifierKey);
    const note = await signNote('hello\n', [loaded]);
    expect(verifier.ok && (await openNote(note, [verifier.value])).ok).toBe(true);
  });

  it('gives processes that start at once one and the same key', async () => {
    const path = keyPath();
    const signers = await Promise.all(
      Array.from({ length: 8 }, () => loadOrCreateSignerKeyFile(path, 'example.com/log')),
    );
    expect(new Set(signers.map((s) => s.verifierKey)).size).toBe(1);
  });

  it('refuses a key file that group or others can read, without echoing the key', async () => {
    const path = keyPath();
    const key = await generateSignerKey('example.com/log');
    await writeFile(path, key, { mode: 0o644 });
    await chmod(path, 0o644);
    const error = await errorOf(loadSignerKeyFile(path));
    expect(isCairnError(error, 'config')).toBe(true);
    expect(error.message).toBe(
      `signing key file ${path}: mode 0644 lets group or others read it; run chmod 600 ${path}`,
    );
    // The signer key is PRIVATE+KEY+<name>+<id>+<base64>, and base64 may itself contain '+'.
    expect(error.message).not.toContain(key.split('+').slice(4).join('+'));
  });

  it('names the file when it holds no signer key', async () => {
    const path = keyPath();
    await writeFile(path, 'not a key\n', { mode: 0o600 });
    const error = await errorOf(loadSignerKeyFile(path));
    expect(isCairnError(error, 'invalid_key')).toBe(true);
    expect(error.message).toMatch(new RegExp(`^signing key file ${path}: signerKey`));
    expect(await readFile(path, 'utf8')).toBe('not a key\n');
  });

  it('reads a signer from an environment variable and names the variable when it is missing or wrong', async () => {
    const key = await generateSignerKey('example.com/log');
    const signer = await signerFromEnv('CAIRN_SIGNING_KEY', { CAIRN_SIGNING_KEY: `${key}\n` });
    expect(signer.name).toBe('example.com/log');
    const missing = await errorOf(signerFromEnv('CAIRN_SIGNING_KEY', {}));
    expect(missing.message).toBe('CAIRN_SIGNING_KEY: expected a signer key (PRIVATE+KEY+…), got nothing');
    const wrong = await errorOf(signerFromEnv('LOG_KEY', { LOG_KEY: 'PRIVATE+KEY+x+zz' }));
    expect(isCairnError(wrong, 'invalid_key')).toBe(true);
    expect(wrong.message).toMatch(/^LOG_KEY: /);
  });
});
