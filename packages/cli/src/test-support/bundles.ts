// A ledger with several checkpoints, and bundles exported from it, for the evidence bundle tests.
import { cp, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { jsonLines } from './entries.js';
import { workspace } from './cli.js';
import type { Workspace } from './cli.js';

/**
 * A ledger of 14 entries with checkpoints at sizes 3, 7, 7 (a heartbeat) and 13; entry 13 is not signed yet.
 *
 * @example const ws = await checkpointedLedger(); await ws.run(['export', '--out', 'b']);
 */
export async function checkpointedLedger(): Promise<Workspace> {
  const ws = await workspace();
  await ws.run(['keygen', '--vkey', 'log.vkey']);
  for (const [from, to] of [
    [0, 3],
    [3, 7],
    [7, 7],
    [7, 13],
  ] as const) {
    if (to > from) await ws.run(['append', '-'], { stdin: jsonLines(from, to) });
    expect((await ws.run(['checkpoint'])).code).toBe(0);
  }
  await ws.run(['append', '-'], { stdin: jsonLines(13, 14) });
  return ws;
}

/**
 * Exports a bundle of `ws`'s ledger to `name` with extra `args`, failing the test if export fails.
 *
 * @example const dir = await exportTo(ws, 'partial', ['--from', '3', '--to', '9']);
 */
export async function exportTo(ws: Workspace, name: string, args: readonly string[] = []): Promise<string> {
  const run = await ws.run(['export', '--out', name, ...args]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return ws.path(name);
}

/** A copy of a bundle directory in a new temporary place inside `ws`, to tamper with. @example await copyOf(ws, dir) */
export async function copyOf(ws: Workspace, dir: string): Promise<string> {
  const target = join(await mkdtemp(join(ws.dir, 'copy-')), 'bundle');
  await cp(dir, target, { recursive: true });
  return target;
}
