// Append transactions on SQLite, run on a worker thread. better-sqlite3 answers synchronously, so each INSERT and
// the fsync of each COMMIT (synchronous=FULL) held the event loop of the process that appends: a server stopped
// reading requests for the whole of every commit. With this, `write` hands each statement of its transaction to
// sqlite-write-worker.ts through a Kysely driver, and the main thread only waits on promises. Reads stay on the
// main thread's own connection, which WAL lets run beside the writer.
import { Worker } from 'node:worker_threads';
import { CairnError } from '@cairn/core';
import { CompiledQuery, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { DatabaseConnection, Driver, QueryResult, TransactionSettings } from 'kysely';
import { insertSql, workerExecArgv, workerModuleUrl } from './sqlite-statements.js';
import type { BulkRow, BulkTable, LedgerDb } from './store.js';
import type { WriteCommand, WriteRequest, WriteResponse, WriteWorkerData } from './sqlite-write-worker.js';

/** A started write thread: a Kysely handle whose one connection lives in the worker, and its bulk inserter. */
export type WriteThread = {
  readonly db: LedgerDb;
  insertRows<T extends BulkTable>(table: T, rows: readonly BulkRow<T>[]): Promise<void>;
  close(): Promise<void>;
};

type Pending = { resolve: (response: WriteResponse) => void; reject: (error: Error) => void };

/**
 * The worker and the requests waiting for its answers. The worker starts with the first request, so a store only
 * read from never starts a thread; after `close` every request fails with a storage error.
 */
class ThreadChannel {
  readonly #data: WriteWorkerData;
  readonly #pending = new Map<number, Pending>();
  #worker: Worker | undefined;
  #nextId = 0;
  #failure: Error | undefined;

  constructor(data: WriteWorkerData) {
    this.#data = data;
  }

  request(message: WriteCommand): Promise<WriteResponse> {
    if (this.#failure) return Promise.reject(this.#storageError(this.#failure));
    const worker = (this.#worker ??= this.#start());
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      const request: WriteRequest = { ...message, id };
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#fail(new Error('the store is closed'));
    if (worker === undefined) return;
    this.#worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('close');
    await exited;
  }

  #start(): Worker {
    const url = workerModuleUrl('sqlite-write-worker', 'or open the store without writeThread');
    const worker = new Worker(url, { workerData: this.#data, execArgv: workerExecArgv() });
    worker.on('message', (response: WriteResponse) => {
      const waiting = this.#pending.get(response.id);
      this.#pending.delete(response.id);
      waiting?.resolve(response);
    });
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', (code) => {
      // A worker that is gone has nothing left to close: close() must not wait for a second exit.
      if (this.#worker === worker) this.#worker = undefined;
      this.#fail(new Error(`the SQLite write thread exited (code ${code})`));
    });
    return worker;
  }

  #fail(cause: Error): void {
    this.#failure ??= cause;
    for (const waiting of this.#pending.values()) waiting.reject(this.#storageError(cause));
    this.#pending.clear();
  }

  #storageError(cause: Error): CairnError {
    return new CairnError('storage', `the SQLite write thread stopped: ${cause.message}`, { cause });
  }
}

type Answered = Extract<WriteResponse, { rows: unknown[] }>;

async function answer(channel: ThreadChannel, message: WriteCommand): Promise<Answered> {
  const response = await channel.request(message);
  if ('error' in response) {
    // The SQLite code travels with the message, so a busy database is still recognised as busy.
    throw Object.assign(
      new Error(response.error.message),
      response.error.code ? { code: response.error.code } : {},
    );
  }
  return response;
}

class ThreadConnection implements DatabaseConnection {
  constructor(readonly channel: ThreadChannel) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { rows, changes, lastInsertRowid } = await answer(this.channel, {
      op: 'query',
      sql: query.sql,
      params: query.parameters,
    });
    return {
      rows: rows as R[],
      ...(changes === undefined ? {} : { numAffectedRows: BigInt(changes) }),
      ...(lastInsertRowid === undefined ? {} : { insertId: BigInt(lastInsertRowid) }),
    };
  }

  async *streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    yield await this.executeQuery<R>(query);
  }
}

/** One connection, handed to one holder at a time, as Kysely's own SQLite driver does. */
class ThreadDriver implements Driver {
  readonly #connection: ThreadConnection;
  #queue: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;

  constructor(connection: ThreadConnection) {
    this.#connection = connection;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue;
    let release!: () => void;
    this.#queue = new Promise((resolve) => (release = resolve));
    await previous;
    this.#release = release;
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  releaseConnection(): Promise<void> {
    const release = this.#release;
    this.#release = undefined;
    release?.();
    return Promise.resolve();
  }

  async destroy(): Promise<void> {
    await this.#connection.channel.close();
  }
}

/**
 * Starts the worker that runs append transactions for the SQLite file at `data.path`.
 *
 * @example
 * const thread = startWriteThread({ path: 'cairn.db', synchronous: 'full', busyTimeoutMs: 60_000 });
 * await thread.db.connection().execute(async (conn) => { … });
 */
export function startWriteThread(data: WriteWorkerData): WriteThread {
  const channel = new ThreadChannel(data);
  const connection = new ThreadConnection(channel);
  const db: LedgerDb = new Kysely({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new ThreadDriver(connection),
      createIntrospector: (kysely) => new SqliteIntrospector(kysely),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
  return {
    db,
    async insertRows(table, rows) {
      const first = rows[0];
      if (first === undefined) return;
      const columns = Object.keys(first);
      const sql = insertSql(table, columns);
      const values = rows.map((row) => columns.map((c) => (row as unknown as Record<string, unknown>)[c]));
      await answer(channel, { op: 'bulk', sql, rows: values });
    },
    // Kysely skips a driver that never ran a query, so the channel is closed directly too.
    close: async () => {
      await db.destroy();
      await channel.close();
    },
  };
}
