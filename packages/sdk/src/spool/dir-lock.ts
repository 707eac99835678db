import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CairnError } from '@cairn/core';

const held = new Set<string>();

/**
 * Takes the spool directory for this process: two writers appending to one journal would interleave records.
 * A lock left by a process that died (SIGKILL, power cut) is taken over; that is the recovery path.
 */
export function lockDirectory(dir: string): () => void {
  const path = join(dir, 'lock');
  if (held.has(path)) throw new CairnError('conflict', `spool ${dir} is already open in this process`);
  const owner = readOwner(path);
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new CairnError('conflict', `spool ${dir} is in use by process ${owner}`);
  }
  const fd = openSync(path, 'w', 0o600);
  writeSync(fd, String(process.pid));
  closeSync(fd);
  held.add(path);
  return () => {
    held.delete(path);
    try {
      unlinkSync(path);
    } catch {
      // Already gone: nothing to release.
    }
  };
}

function readOwner(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
