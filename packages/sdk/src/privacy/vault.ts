import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { CairnError, fromBase64, sha256, toBase64, toHex, utf8 } from '@cairn/core';
import type { SealedSecret } from './seal.js';
import { shredFile } from './shred.js';

/** Where sealed values wait, as ciphertext only, each under its subject's key. */
export interface SubjectVault {
  /** Appends records (synchronously: the order of capture is kept and a spill can write from the caller's turn). */
  append(records: readonly SealedSecret[]): void;
  /** Makes everything appended so far durable. */
  sync(): Promise<void>;
  /** The subject's records. */
  read(subjectRef: string): SealedSecret[];
  /** Destroys the subject's records; returns how many there were. */
  erase(subjectRef: string): number;
}

type Line = { entryId: string; path: string; keyId: string; nonce: string; ciphertext: string };

/**
 * A vault in a directory: one append-only file of JSON lines per subject, named by the SHA-256 of the subject
 * reference. Erasing a subject overwrites its file with random bytes, fsyncs and deletes it.
 *
 * @example
 * const vault = directoryVault({ dir: '/var/lib/agent/vault' });
 */
export function directoryVault(options: { readonly dir: string }): SubjectVault {
  const { dir } = options;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pathOf = (ref: string) => join(dir, `${toHex(sha256(utf8(ref)))}.jsonl`);
  const unsynced = new Set<string>();
  return Object.freeze({
    append(records) {
      const bySubject = new Map<string, string>();
      for (const r of records) {
        const line: Line = {
          entryId: r.entryId,
          path: r.path,
          keyId: r.keyId,
          nonce: toBase64(r.nonce),
          ciphertext: toBase64(r.ciphertext),
        };
        bySubject.set(r.subjectRef, (bySubject.get(r.subjectRef) ?? '') + `${JSON.stringify(line)}\n`);
      }
      for (const [ref, text] of bySubject) {
        appendFileSync(pathOf(ref), text, { mode: 0o600 });
        unsynced.add(pathOf(ref));
      }
    },
    async sync() {
      const paths = [...unsynced];
      unsynced.clear();
      for (const path of paths) {
        const handle = await open(path, 'r').catch(() => undefined);
        if (handle) await handle.sync().finally(() => handle.close());
      }
    },
    read(ref) {
      let text: string;
      try {
        text = readFileSync(pathOf(ref), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw new CairnError('storage', 'vault: cannot read a subject file', { cause: error });
      }
      return text
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => decodeLine(ref, JSON.parse(l) as Line));
    },
    erase(ref) {
      const count = this.read(ref).length;
      unsynced.delete(pathOf(ref));
      shredFile(pathOf(ref));
      return count;
    },
  } satisfies SubjectVault);
}

function decodeLine(subjectRef: string, line: Line): SealedSecret {
  const nonce = fromBase64(line.nonce);
  const ciphertext = fromBase64(line.ciphertext);
  if (nonce === undefined || ciphertext === undefined)
    throw new CairnError('integrity', `vault: a record of entry ${line.entryId} is damaged`);
  return { subjectRef, keyId: line.keyId, entryId: line.entryId, path: line.path, nonce, ciphertext };
}
