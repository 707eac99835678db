// A verify worker thread: checks the batches the pool sends, on its own read-only connection to the ledger file,
// and posts each one back packed (leaves and indices transferred, not copied). Started by verify-pool.ts only.
import { parentPort, workerData } from 'node:worker_threads';
import { CairnError } from '@cairn/core';
import { openSqliteRowChecker } from './verify-rows.js';

/** What the pool asks a worker to do: check entries [lo, hi), or run one read-only query. */
export type WorkerJob =
  | { readonly lo: number; readonly hi: number; readonly content: boolean }
  | { readonly sql: string; readonly parameters: readonly unknown[] };

/** A job as posted, numbered so the answer finds its promise. */
export type WorkerRequest = WorkerJob & { readonly id: number };

const port = parentPort;
if (port === null) {
  throw new CairnError('invalid_argument', 'verify-worker.js runs only as a worker thread of verify-pool.js');
}
const checker = openSqliteRowChecker((workerData as { file: string }).file);
port.on('message', (request: WorkerRequest) => {
  if ('sql' in request) {
    port.postMessage({ id: request.id, rows: checker.query(request.sql, request.parameters) });
    return;
  }
  const packed = checker.check(request.lo, request.hi, request.content);
  port.postMessage({ id: request.id, packed }, [
    packed.idx.buffer,
    packed.leaves.buffer,
    packed.nodeAt.buffer,
    packed.nodeHashes.buffer,
  ]);
});
port.on('close', () => checker.close());
