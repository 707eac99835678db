import type { AppendResult, Entry, Problem } from '@cairn/core';
import type { Rejection } from './sink.js';

/** Thrown by a chunk sender when the destination refused the whole chunk for its content. */
export class ChunkRefused extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    super('chunk refused');
    this.problems = problems;
  }
}

/**
 * Sends `entries` through `send`; when the destination refuses a chunk for its content (HTTP 400 or 413, a
 * ledger's `invalid_entry`), bisects it so the good entries are still stored and only the bad ones are reported.
 * Destinations validate a batch as a whole, so without this one bad entry would sink its 255 neighbours. Costs
 * O(k·log n) extra requests for k bad entries, and none when all are good.
 */
export async function sendIsolating(
  entries: readonly Entry[],
  send: (chunk: readonly Entry[]) => Promise<readonly AppendResult[]>,
): Promise<{ results: AppendResult[]; rejected: Rejection[] }> {
  const results: AppendResult[] = [];
  const rejected: Rejection[] = [];
  const visit = async (chunk: readonly Entry[]): Promise<void> => {
    try {
      results.push(...(await send(chunk)));
    } catch (error) {
      if (!(error instanceof ChunkRefused)) throw error;
      if (chunk.length === 1) {
        rejected.push({ id: chunk[0]!.id, problems: error.problems });
        return;
      }
      const half = Math.ceil(chunk.length / 2);
      await visit(chunk.slice(0, half));
      await visit(chunk.slice(half));
    }
  };
  await visit(entries);
  return { results, rejected };
}
