// The worker side of the SQLite write thread (sqlite-write-thread.ts): it owns one better-sqlite3 connection and
// runs the statements the main thread sends, one message at a time, in the order they come. better-sqlite3 is
// synchronous, so on the main thread every INSERT and the fsync of each COMMIT stopped the event loop; here they
// stop only this thread, and a server keeps reading and parsing requests meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { statementCache } from './sqlite-statements.js';

/** A statement for the worker. `bulk` runs one INSERT for each row of `rows`. */
export type WriteCommand =
  | { readonly op: 'query'; readonly sql: string; readonly params: readonly unknown[] }
  | { readonly op: 'bulk'; readonly sql: string; readonly rows: readonly unknown[][] };

/** What the main thread sends: a command and the id its answer will carry. */
export type WriteRequest = WriteCommand & { readonly id: number };

/** What the worker answers: rows of a reader, changes of a writer, or the error with its SQLite code. */
export type WriteResponse =
  | {
      readonly id: number;
      readonly rows: unknown[];
      readonly changes?: number;
      readonly lastInsertRowid?: number | bigint;
    }
  | { readonly id: number; readonly error: { readonly message: string; readonly code?: string } };

/** How the worker opens its connection: the same pragmas as the main store's. */
export type WriteWorkerData = {
  readonly path: string;
  readonly synchronous: 'full' | 'normal';
  readonly busyTimeoutMs: number;
};

const { path, synchronous, busyTimeoutMs } = workerData as WriteWorkerData;
const database = new Database(path);
database.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
// The main store already switched the file to WAL; the mode is persistent, so this only confirms it.
database.pragma('journal_mode = WAL');
database.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);

const statement = statementCache(database);

// Structured cloning turns a Buffer into a plain Uint8Array, and better-sqlite3 binds only Buffers as BLOB.
function bindable(params: readonly unknown[]): unknown[] {
  return params.map((p) =>
    p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p,
  );
}

function run(request: WriteRequest): WriteResponse {
  const stmt = statement(request.sql);
  if (request.op === 'bulk') {
    for (const row of request.rows) stmt.run(bindable(row));
    return { id: request.id, rows: [] };
  }
  const params = bindable(request.params);
  if (stmt.reader) return { id: request.id, rows: stmt.all(params) };
  const { changes, lastInsertRowid } = stmt.run(params);
  return { id: request.id, rows: [], changes, lastInsertRowid };
}

parentPort!.on('message', (request: WriteRequest | 'close') => {
  if (request === 'close') {
    database.close();
    parentPort!.close();
    return;
  }
  let response: WriteResponse;
  try {
    response = run(request);
  } catch (error) {
    const { message, code } = error as { message?: unknown; code?: unknown };
    response = {
      id: request.id,
      error: { message: String(message), ...(typeof code === 'string' ? { code } : {}) },
    };
  }
  parentPort!.postMessage(response);
});
