// What the dashboard reads. Declared here, by the few methods it calls (as kysely declares its driver), so the
// dashboard depends on behaviour: `ServerLedger` of @cairn/server satisfies `DashboardPort`. The archive is the
// `Ledger` of @cairn/ledger itself.
import type { Entry } from '@cairn/core';
import type { Ledger, RunSummary } from '@cairn/ledger';

/** One sealed entry as the server's port returns it. */
export type PortEntry = { readonly index: number; readonly leafHash: string; readonly entry: Entry };

/** One run, summarised by the ledger's run index. */
export type { RunSummary };

/** Filters of the run list, as the server's port takes them. */
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
 * The server's ledger port, as far as the dashboard uses it: the same reads the JSON API serves, so the dashboard
 * never shows what the API would not.
 *
 * @example
 * const port: DashboardPort = ledgerPort(ledger); // from @cairn/server
 */
export interface DashboardPort {
  readonly origin: string;
  size(): Promise<number>;
  get(id: string): Promise<PortEntry | undefined>;
  /** The exact stored leaf bytes, so the browser can catch a row changed behind the ledger's back. */
  leafBytes?(id: string): Promise<Uint8Array | undefined>;
  receipt(id: string): Promise<string | undefined>;
  latestCheckpoint(): Promise<
    { readonly note: string; readonly size: number; readonly createdAt: Date } | undefined
  >;
  verifierKeys(): Promise<readonly string[]>;
  findRuns(anyId: string): Promise<readonly RunSummary[]>;
  listRuns(
    filter: RunFilter,
  ): Promise<{ readonly runs: readonly RunSummary[]; readonly nextCursor?: string | undefined }>;
  subjectEntries(subjectRef: string): Promise<readonly PortEntry[]>;
  runEntries(orchestrator: string, runId: string): Promise<readonly PortEntry[]>;
  entriesReferring(id: string): Promise<readonly PortEntry[]>;
}

/**
 * What only the dashboard and the reports need from the ledger itself: the checkpoint history, a full
 * verification and the evidence bundle of a period: the `Ledger` of @cairn/ledger.
 *
 * @example
 * dashboardRoutes({ ledger: ledgerPort(ledger), archive: ledger });
 */
export type DashboardArchive = Ledger;
