import { CairnError, consistencyProof, formatReceipt, inclusionProof } from '@cairn/core';
import type { AppendResult, CompactRange, Entry, EntryWriter, NoteSigner } from '@cairn/core';
import { appendRows } from './append.js';
import type { AppendOutcome } from './append.js';
import {
  latestStoredCheckpoint,
  sealsAfterAppend,
  signInTransaction,
  toStoredCheckpoint,
} from './checkpoints.js';
import type { CheckpointPolicy, StoredCheckpoint } from './checkpoints.js';
import { Frontier, currentSize } from './frontier.js';
import { storeHashReader } from './hash-reader.js';
import { prepareEntries } from './prepare.js';
import { createQuery } from './query.js';
import type { LedgerQuery } from './query.js';
import { getById, getByIndex, streamEntries } from './read.js';
import type { EntryStreamOptions, StoredEntry } from './read.js';
import { Scheduler } from './scheduler.js';
import { publishKey, settleOrigin } from './setup.js';
import type { LedgerDb, LedgerStore } from './store.js';
import { verifyLedger } from './verify.js';
import type { VerifyOptions, VerifyReport } from './verify.js';

/** Options of {@link createLedger}. */
export type LedgerOptions = {
  readonly store: LedgerStore;
  /** Signs checkpoints; any NoteSigner (file, environment, KMS, HSM). Without one the ledger signs nothing. */
  readonly signer?: NoteSigner;
  /** The log's identity in its checkpoints; defaults to the signer's key name (C2SP: they should be equal). */
  readonly origin?: string;
  readonly checkpoint?: CheckpointPolicy;
  /** Called after each checkpoint is committed, e.g. to publish it or send it to a witness or a timestamp authority. */
  readonly onCheckpoint?: (checkpoint: StoredCheckpoint) => void;
  /** Called when a scheduled checkpoint fails; defaults to a process warning. */
  readonly onError?: (error: unknown) => void;
  /** The clock used for checkpoint times. */
  readonly now?: () => Date;
};

/**
 * An append-only, provable ledger. Implements core's EntryWriter, so receivers and SDK sinks write to it.
 *
 * @example
 * const ledger = await createLedger({ store: openSqliteStore({ path: 'cairn.db' }), signer });
 * const [result] = await ledger.append(entry);
 * const receipt = await ledger.receipt(result.id);
 */
export interface Ledger extends EntryWriter {
  /** The log's identity in its checkpoints; undefined only for a new ledger opened without signer or origin. */
  readonly origin: string | undefined;
  readonly store: LedgerStore;
  readonly query: LedgerQuery;
  /** Seals one entry or a batch; resolves after COMMIT with one result per input, duplicates included. */
  append(entries: Entry | readonly Entry[]): Promise<readonly AppendResult[]>;
  get(id: string): Promise<StoredEntry | undefined>;
  getByIndex(index: number): Promise<StoredEntry | undefined>;
  /** Entries in index order, one page in memory at a time. */
  entries(options?: EntryStreamOptions): AsyncIterable<StoredEntry>;
  /** The number of sealed entries. */
  size(): Promise<number>;
  /** Signs a checkpoint of the current tree now and returns its note. */
  checkpoint(): Promise<string>;
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
  /** Checkpoints in seq order from `from` (default 0), at most `limit` (default 100). */
  checkpoints(options?: { readonly from?: number; readonly limit?: number }): Promise<StoredCheckpoint[]>;
  /** A c2sp.org/tlog-proof@v1 receipt of entry `id` against the latest checkpoint (signing one if needed). */
  receipt(id: string): Promise<string>;
  /** RFC 9162 inclusion proof of leaf `index` in the tree of `size` leaves, from stored nodes. */
  inclusionProof(index: number, size: number): Promise<Uint8Array[]>;
  /** RFC 9162 consistency proof between tree sizes `first` and `second`, from stored nodes. */
  consistencyProof(first: number, second: number): Promise<Uint8Array[]>;
  /** Publishes `signer`'s verifier key, signs from now on with it, and returns the hand-over checkpoint. */
  rotateKey(signer: NoteSigner): Promise<StoredCheckpoint>;
  /** Every verifier key the log has signed with, oldest first: the list to publish. */
  verifierKeys(): Promise<string[]>;
  /** Verifies the whole ledger from its stored bytes; see VerifyOptions. */
  verify(options?: VerifyOptions): Promise<VerifyReport>;
  /** Stops the checkpoint timers, waits for work in flight and closes the store. */
  close(): Promise<void>;
}

/**
 * Opens a ledger on a store: runs migrations, fixes the origin on first use, publishes the signer's verifier key
 * and starts the checkpoint timers of `checkpoint` (unref'd).
 *
 * @example
 * const ledger = await createLedger({
 *   store: openSqliteStore({ path: 'cairn.db' }),
 *   signer: await loadOrCreateSignerKeyFile('cairn.key', 'example.com/decisions'),
 *   checkpoint: { everyEntries: 1000, everyMs: 5000, heartbeatMs: 60_000 },
 * });
 */
export async function createLedger(options: LedgerOptions): Promise<Ledger> {
  const { store, signer } = options;
  const now = options.now ?? (() => new Date());
  await store.migrate();
  const origin = await settleOrigin(store, options.origin ?? signer?.name);
  if (signer !== undefined) await store.write((trx) => publishKey(trx, signer, now()));
  return new SqlLedger({ ...options, origin, now });
}

/** The most checkpoints one `checkpoints()` call returns. */
const MAX_CHECKPOINT_PAGE = 10_000;

type Settled = LedgerOptions & { readonly origin: string | undefined; readonly now: () => Date };

class SqlLedger implements Ledger {
  readonly store: LedgerStore;
  readonly origin: string | undefined;
  readonly query: LedgerQuery;
  #signer: NoteSigner | undefined;
  readonly #options: Settled;
  readonly #frontier = new Frontier();
  readonly #pending = new Set<Promise<unknown>>();
  readonly #scheduler: Scheduler;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: Settled) {
    this.store = options.store;
    this.origin = options.origin;
    this.#options = options;
    this.#signer = options.signer;
    this.query = createQuery(options.store.db);
    this.#scheduler = new Scheduler({
      policy: options.checkpoint ?? {},
      enabled: options.signer !== undefined,
      db: options.store.db,
      now: options.now,
      sign: () => this.checkpoint(),
      onError:
        options.onError ??
        ((error) => process.emitWarning(`cairn ledger: scheduled checkpoint failed: ${String(error)}`)),
    });
  }

  async append(input: Entry | readonly Entry[]): Promise<readonly AppendResult[]> {
    const list: readonly unknown[] = Array.isArray(input) ? input : [input];
    if (list.length === 0) return [];
    const prepared = prepareEntries(list);
    const { outcome, checkpoint } = await this.#track(() =>
      this.#write(async (trx, range) => {
        const outcome: AppendOutcome = await appendRows(trx, this.store, range, prepared);
        const checkpoint = outcome.stored.length > 0 ? await this.#sealIfDue(trx, range) : undefined;
        return { outcome, checkpoint };
      }),
    );
    if (checkpoint !== undefined) this.#options.onCheckpoint?.(checkpoint);
    return outcome.results;
  }

  async #sealIfDue(trx: LedgerDb, range: CompactRange): Promise<StoredCheckpoint | undefined> {
    const policy = this.#options.checkpoint ?? {};
    if (this.#signer === undefined || this.origin === undefined) return undefined;
    const latestSize =
      policy.everyEntries === undefined ? undefined : (await latestStoredCheckpoint(trx))?.size;
    if (!sealsAfterAppend(policy, range.size, latestSize)) return undefined;
    return signInTransaction(trx, {
      range,
      signer: this.#signer,
      origin: this.origin,
      now: this.#options.now(),
    });
  }

  // Every write: lock, read the real size, resume the frontier, run `fn`, COMMIT, then keep the frontier.
  async #write<T>(fn: (trx: LedgerDb, range: CompactRange) => Promise<T>): Promise<T> {
    this.#assertOpen();
    let range: CompactRange | undefined;
    const result = await this.store.write(async (trx) => {
      range = await this.#frontier.take(await currentSize(trx), trx);
      return fn(trx, range);
    });
    if (range !== undefined) this.#frontier.put(range);
    return result;
  }

  async checkpoint(): Promise<string> {
    const checkpoint = await this.#track(() => this.#signNow(this.#requireSigner()));
    return checkpoint.note;
  }

  async #signNow(signer: NoteSigner): Promise<StoredCheckpoint> {
    const origin = this.origin!;
    const checkpoint = await this.#write((trx, range) =>
      signInTransaction(trx, { range, signer, origin, now: this.#options.now() }),
    );
    this.#options.onCheckpoint?.(checkpoint);
    return checkpoint;
  }

  async rotateKey(signer: NoteSigner): Promise<StoredCheckpoint> {
    this.#requireSigner();
    await this.#track(() => this.store.write((trx) => publishKey(trx, signer, this.#options.now())));
    this.#signer = signer;
    // The first checkpoint under the new key marks the hand-over; every earlier one keeps its old signature.
    return this.#track(() => this.#signNow(signer));
  }

  #requireSigner(): NoteSigner {
    if (this.#signer === undefined || this.origin === undefined) {
      throw new CairnError('config', 'this ledger was opened without a signer: it cannot sign checkpoints');
    }
    return this.#signer;
  }

  get(id: string) {
    return this.#track(() => getById(this.store.db, id));
  }

  getByIndex(index: number) {
    return this.#track(() => getByIndex(this.store.db, index));
  }

  entries(options?: EntryStreamOptions): AsyncIterable<StoredEntry> {
    this.#assertOpen();
    return streamEntries(this.store.db, options);
  }

  size(): Promise<number> {
    return this.#track(() => currentSize(this.store.db));
  }

  latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    return this.#track(() => latestStoredCheckpoint(this.store.db));
  }

  async checkpoints({ from = 0, limit = 100 }: { from?: number; limit?: number } = {}): Promise<
    StoredCheckpoint[]
  > {
    const rows = await this.#track(() =>
      this.store.db
        .selectFrom('checkpoints')
        .selectAll()
        .where('seq', '>=', from)
        .orderBy('seq')
        .limit(Math.max(0, Math.min(limit, MAX_CHECKPOINT_PAGE)))
        .execute(),
    );
    return rows.map(toStoredCheckpoint);
  }

  async receipt(id: string): Promise<string> {
    const stored = await this.get(id);
    if (stored === undefined)
      throw new CairnError('not_found', `entry ${JSON.stringify(id.slice(0, 128))} is not in the ledger`);
    let latest = await this.latestCheckpoint();
    if (latest === undefined || latest.size <= stored.index) {
      if (this.#signer === undefined) {
        throw new CairnError('unavailable', `entry ${stored.index} is not covered by a checkpoint yet`);
      }
      await this.checkpoint();
      latest = (await this.latestCheckpoint())!;
    }
    const proof = await this.inclusionProof(stored.index, latest.size);
    return formatReceipt({ index: stored.index, proof, checkpointNote: latest.note });
  }

  inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    return this.#track(() =>
      this.#withinLog(size).then(() => inclusionProof(index, size, storeHashReader(this.store.db))),
    );
  }

  consistencyProof(first: number, second: number): Promise<Uint8Array[]> {
    return this.#track(() =>
      this.#withinLog(second).then(() => consistencyProof(first, second, storeHashReader(this.store.db))),
    );
  }

  // Proof sizes come from callers such as an HTTP query: a size the log never reached is the caller's mistake,
  // not a storage error about a missing node.
  async #withinLog(size: number): Promise<void> {
    const current = await currentSize(this.store.db);
    if (Number.isSafeInteger(size) && size > current) {
      throw new CairnError('invalid_argument', `size: ${size} is beyond the ledger's ${current} entries`);
    }
  }

  async verifierKeys(): Promise<string[]> {
    const rows = await this.#track(() =>
      this.store.db
        .selectFrom('signer_keys')
        .select('verifier_key')
        .orderBy('created_at')
        .orderBy('verifier_key')
        .execute(),
    );
    return rows.map((r) => r.verifier_key);
  }

  verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    return this.#track(() =>
      verifyLedger(this.store.db, {
        origin: this.origin,
        signer: this.#signer,
        sqliteFile: this.store.sqliteFile,
        ...options,
      }),
    );
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  async #shutDown(): Promise<void> {
    // Timers first, so a tick in flight can still finish its checkpoint; then refuse new work and drain.
    await this.#scheduler.stop();
    this.#closed = true;
    await Promise.allSettled([...this.#pending]);
    await this.store.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new CairnError('closed', 'the ledger is closed');
  }

  // Remembers in-flight work so close() waits for it instead of pulling the database from under it.
  // Takes the operation as a function so a closed ledger refuses before any work starts: a promise created first
  // would reject unobserved after close() and crash the process on an unhandled rejection.
  #track<T>(start: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new CairnError('closed', 'the ledger is closed'));
    const promise = start();
    this.#pending.add(promise);
    const forget = () => this.#pending.delete(promise);
    promise.then(forget, forget);
    return promise;
  }
}
