import type { Entry, EntryWriter } from '@cairn/core';
import type { RunSummary } from '@cairn/ledger';

/** One sealed entry as the query API returns it. */
export type StoredEntry = {
  readonly index: number;
  readonly leafHash: string;
  readonly entry: Entry;
};

/** One run, summarised by the ledger's run index. */
export type { RunSummary };

/** Filters of the run list; every field optional. */
export type RunFilter = {
  readonly orchestrator?: string | undefined;
  readonly status?: string | undefined;
  readonly decisionType?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly cursor?: string | undefined;
  readonly limit: number;
};

/**
 * The few ledger operations the server calls, declared here (as kysely declares its driver) so the server depends
 * on behaviour, not on a storage package's internals. `@cairn/ledger` satisfies it through `ledgerPort`.
 */
export interface ServerLedger extends EntryWriter {
  readonly origin: string;
  size(): Promise<number>;
  get(id: string): Promise<StoredEntry | undefined>;
  /** The exact stored leaf bytes of an entry, so a browser can check them against the receipt. */
  leafBytes?(id: string): Promise<Uint8Array | undefined>;
  receipt(id: string): Promise<string | undefined>;
  latestCheckpoint(): Promise<
    { readonly note: string; readonly size: number; readonly createdAt: Date } | undefined
  >;
  verifierKeys(): Promise<readonly string[]>;
  inclusionProof(index: number, size: number): Promise<Uint8Array[]>;
  consistencyProof(first: number, second: number): Promise<Uint8Array[]>;
  findRuns(anyId: string): Promise<readonly RunSummary[]>;
  listRuns(
    filter: RunFilter,
  ): Promise<{ readonly runs: readonly RunSummary[]; readonly nextCursor?: string | undefined }>;
  subjectEntries(subjectRef: string): Promise<readonly StoredEntry[]>;
  runEntries(orchestrator: string, runId: string): Promise<readonly StoredEntry[]>;
  entriesReferring(id: string): Promise<readonly StoredEntry[]>;
}
