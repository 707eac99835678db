import { closeSync, fstatSync, fsyncSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { dirname } from 'node:path';

/**
 * Overwrites a file with random bytes, fsyncs it, deletes it and fsyncs its directory; returns false when there
 * was no file. On copy-on-write or wear-levelled storage (btrfs, ZFS, SSDs) old blocks may survive an overwrite,
 * which is why what such files hold is either ciphertext or a key that can be wrapped by a master key.
 */
export function shredFile(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    const noise = Buffer.allocUnsafe(Math.min(size, 1 << 20));
    for (let at = 0; at < size; at += noise.length) {
      randomFillSync(noise);
      writeSync(fd, noise, 0, Math.min(noise.length, size - at), at);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(path);
  syncDirectory(dirname(path));
  return true;
}

/** POSIX: creating or deleting a file is durable only once its directory is fsynced. */
export function syncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
