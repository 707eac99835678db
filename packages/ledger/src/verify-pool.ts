// Worker threads that check verify batches in parallel on an SQLite file. The caller asks for batches in index
// order and consumes them in that order; each worker has its own read-only connection, so the only thing shared
// with the main thread is the file. Any worker failure rejects every pending batch: verify throws, never hangs.
import { Worker } from 'node:worker_threads';
import { CairnError } from '@cairn/core';
import type { CheckedBatch } from './verify-batch.js';
import { unpackRows } from './verify-rows.js';
import type { PackedRows } from './verify-rows.js';
import type { WorkerJob } from './verify-worker.js';
import { workerExecArgv, workerModuleUrl } from './sqlite-statements.js';

/** Checks batches of rows off the main thread. */
export type VerifyPool = {
  /** Checks entries [lo, hi) on the least busy worker. */
  check(lo: number, hi: number): Promise<CheckedBatch>;
  /** Runs a read-only query on the least busy worker's connection. */
  query(sql: string, parameters: readonly unknown[]): Promise<unknown[]>;
  /** Terminates every worker. */
  close(): Promise<void>;
};

type Reply = { id: number; packed: PackedRows } | { id: number; rows: unknown[] };
type Pending = { resolve(reply: Reply): void; reject(error: unknown): void };
type Slot = { worker: Worker; pending: Map<number, Pending>; queries: number };

let started = 0;

// A worker holds two batches at a time (a few MB); left to its defaults, V8 would let each young generation grow
// to tens of MB, which on a 1M verify cost ~30 MB of peak RSS per worker and no measurable time.
const LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 128 };

/**
 * How many verify workers this process has started: lets tests see that the parallel path really ran.
 *
 * @example const before = verifyWorkersStarted(); await ledger.verify({ threads: 2 }); verifyWorkersStarted() - before === 2
 */
export function verifyWorkersStarted(): number {
  return started;
}

/**
 * Starts `threads` workers on the SQLite ledger `file`. `content` as in checkEntryRow.
 *
 * @example
 * const pool = startVerifyPool('cairn.db', 2, false);
 * try { const rows = await pool.check(0, 1000); } finally { await pool.close(); }
 */
export function startVerifyPool(file: string, threads: number, content: boolean): VerifyPool {
  const url = workerModuleUrl('verify-worker', 'or verify with threads: 0');
  const slots: Slot[] = [];
  let failure: CairnError | undefined;
  let closing = false;
  const fail = (error: CairnError) => {
    failure ??= error;
    for (const slot of slots) {
      for (const p of slot.pending.values()) p.reject(failure);
      slot.pending.clear();
    }
  };
  for (let i = 0; i < threads; i++) {
    const slot: Slot = {
      worker: new Worker(url, { workerData: { file }, resourceLimits: LIMITS, execArgv: workerExecArgv() }),
      pending: new Map(),
      queries: 0,
    };
    started++;
    watch(slot, fail, () => closing);
    slots.push(slot);
  }
  let nextId = 0;
  const ask = (slot: Slot, job: WorkerJob): Promise<Reply> => {
    if (failure !== undefined) return Promise.reject(failure);
    const id = nextId++;
    return new Promise<Reply>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ ...job, id });
    });
  };
  // Batches are consumed in order, so one queued behind a long query would stall them all: they go to the worker
  // with the fewest pending jobs among those not running a query, while there is one.
  const forBatch = () => slots.reduce((a, b) => (weight(b) < weight(a) ? b : a));
  return {
    check: async (lo, hi) => {
      const reply = await ask(forBatch(), { lo, hi, content });
      if (!('packed' in reply))
        throw new CairnError('storage', 'verify: a worker answered a batch with rows');
      return unpackRows(reply.packed);
    },
    query: async (sql, parameters) => {
      const slot = slots[slots.length - 1]!;
      slot.queries++;
      try {
        const reply = await ask(slot, { sql, parameters });
        if (!('rows' in reply))
          throw new CairnError('storage', 'verify: a worker answered a query with a batch');
        return reply.rows;
      } finally {
        slot.queries--;
      }
    },
    async close() {
      closing = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

function weight(slot: Slot): number {
  return slot.pending.size + (slot.queries > 0 ? 1_000_000 : 0);
}

function watch(slot: Slot, fail: (error: CairnError) => void, closing: () => boolean): void {
  slot.worker.on('message', (message: Reply) => {
    const pending = slot.pending.get(message.id);
    slot.pending.delete(message.id);
    pending?.resolve(message);
  });
  slot.worker.on('error', (error) => {
    fail(new CairnError('storage', `verify: a worker failed: ${describe(error)}`, { cause: error }));
  });
  slot.worker.on('exit', (code) => {
    if (!closing()) fail(new CairnError('storage', `verify: a worker exited early (code ${code})`));
  });
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length <= 200 ? text : `${text.slice(0, 197)}…`;
}
