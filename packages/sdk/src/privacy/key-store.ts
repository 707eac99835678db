import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { CairnError, fromBase64, sha256, toBase64, toHex, utf8 } from '@cairn/core';
import { shredFile, syncDirectory } from './shred.js';

/** A data subject's key: 32 bytes for XChaCha20-Poly1305 and an id the erasure tombstone names. */
export type SubjectKey = { readonly keyId: string; readonly key: Uint8Array };

/**
 * Where per-subject keys live. Calls are synchronous because sealing happens inside `recorder.decision()`, which
 * returns at once; a store backed by a KMS keeps data keys cached here and wraps them remotely.
 */
export interface KeyStore {
  /** The subject's key, created on first use. */
  keyFor(subjectRef: string): SubjectKey;
  /** The subject's key, or undefined (never had one, or erased). */
  find(subjectRef: string): SubjectKey | undefined;
  /** Destroys the key beyond recovery; returns its id, or undefined when there was none. */
  destroy(subjectRef: string): string | undefined;
  /** Makes every key created so far durable. */
  sync(): Promise<void>;
}

/** Options of {@link fileKeyStore}. */
export type FileKeyStoreOptions = {
  readonly dir: string;
  /** 32 bytes; when given, key files hold keys wrapped with it (XChaCha20-Poly1305), not the keys themselves. */
  readonly masterKey?: Uint8Array;
};

type KeyFile = { v: 1; keyId: string; key?: string; wrapped?: string };

/**
 * Keys in files, one per subject, named by the SHA-256 of the subject reference so no reference appears in a
 * file name. Destroying a key overwrites its file with random bytes, fsyncs, and deletes it.
 *
 * @example
 * const keys = fileKeyStore({ dir: '/var/lib/agent/keys', masterKey });
 */
export function fileKeyStore(options: FileKeyStoreOptions): KeyStore {
  const { dir, masterKey } = options;
  if (masterKey !== undefined && masterKey.length !== 32)
    throw new CairnError('config', 'masterKey: expected 32 bytes');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const cache = new Map<string, SubjectKey>();
  const unsynced = new Set<string>();
  const pathOf = (ref: string) => join(dir, `${toHex(sha256(utf8(ref)))}.key`);

  const load = (ref: string): SubjectKey | undefined => {
    let text: string;
    try {
      text = readFileSync(pathOf(ref), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new CairnError('storage', 'key store: cannot read a key file', { cause: error });
    }
    return decodeKeyFile(JSON.parse(text) as KeyFile, masterKey);
  };

  const store: KeyStore = {
    find(ref) {
      const hit = cache.get(ref) ?? load(ref);
      if (hit) cache.set(ref, hit);
      return hit;
    },
    keyFor(ref) {
      const found = store.find(ref);
      if (found) return found;
      const key = crypto.getRandomValues(new Uint8Array(32));
      const created = { keyId: `key:${toHex(crypto.getRandomValues(new Uint8Array(12)))}`, key };
      writeFileSync(pathOf(ref), JSON.stringify(encodeKeyFile(created, masterKey)), {
        mode: 0o600,
        flag: 'wx',
      });
      unsynced.add(pathOf(ref));
      cache.set(ref, created);
      return created;
    },
    destroy(ref) {
      const found = store.find(ref);
      cache.delete(ref);
      unsynced.delete(pathOf(ref));
      found?.key.fill(0);
      return shredFile(pathOf(ref)) ? found?.keyId : undefined;
    },
    async sync() {
      const paths = [...unsynced];
      unsynced.clear();
      for (const path of paths) {
        const handle = await open(path, 'r').catch(() => undefined);
        if (handle === undefined) continue;
        await handle.sync().finally(() => handle.close());
      }
      if (paths.length > 0) syncDirectory(dir);
    },
  };
  return Object.freeze(store);
}

function encodeKeyFile(key: SubjectKey, masterKey: Uint8Array | undefined): KeyFile {
  if (masterKey === undefined) return { v: 1, keyId: key.keyId, key: toBase64(key.key) };
  const nonce = crypto.getRandomValues(new Uint8Array(24));
  const sealed = xchacha20poly1305(masterKey, nonce, utf8(key.keyId)).encrypt(key.key);
  return { v: 1, keyId: key.keyId, wrapped: toBase64(new Uint8Array([...nonce, ...sealed])) };
}

function decodeKeyFile(file: KeyFile, masterKey: Uint8Array | undefined): SubjectKey {
  if (file.key !== undefined) {
    const key = fromBase64(file.key);
    if (key?.length === 32) return { keyId: file.keyId, key };
  } else if (file.wrapped !== undefined && masterKey !== undefined) {
    const bytes = fromBase64(file.wrapped);
    if (bytes && bytes.length > 24) {
      const key = xchacha20poly1305(masterKey, bytes.subarray(0, 24), utf8(file.keyId)).decrypt(
        bytes.subarray(24),
      );
      return { keyId: file.keyId, key };
    }
  }
  throw new CairnError(
    'invalid_key',
    `key store: key ${file.keyId} cannot be read${file.wrapped ? ' (wrong or missing masterKey?)' : ''}`,
  );
}
