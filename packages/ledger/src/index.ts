// The public surface of @cairn/ledger, listed by name. The PostgreSQL store is the subpath `@cairn/ledger/postgres`.

// ledger
export { createLedger } from './ledger.js';
export type { Ledger, LedgerOptions } from './ledger.js';
export type { StoredEntry, EntryStreamOptions } from './read.js';
export type { StoredCheckpoint, CheckpointPolicy } from './checkpoints.js';

// stores
export { openSqliteStore } from './sqlite-store.js';
export type { SqliteStoreOptions } from './sqlite-store.js';
export { openStoreFromUrl } from './open-store.js';
export type { LedgerStore, LedgerDb } from './store.js';
export type { Dialect } from './migrations.js';
export { APPEND_ONLY_MESSAGE } from './migrations.js';
export { SEALED_TABLES } from './schema.js';
export type { LedgerTables, SealedTable } from './schema.js';

// keys
export { loadOrCreateSignerKeyFile, loadSignerKeyFile, signerFromEnv } from './keys.js';

// verify
export type { VerifyOptions, VerifyReport } from './verify.js';
export { terminalProgress } from './progress.js';
export type { ProgressStream } from './progress.js';

// queries
export type { LedgerQuery, RunSummary, RunPage, ListRunsOptions } from './query.js';

// evidence bundles (docs/evidence-bundle.md)
export { exportBundle } from './bundle/export-bundle.js';
export type { ExportBundleOptions } from './bundle/export-bundle.js';
export { verifyBundle } from './bundle/verify-bundle.js';
export type { BundleReport, VerifyBundleOptions } from './bundle/verify-bundle.js';
export { ledgerBundleSource } from './bundle/ledger-source.js';
export type { BundleSource } from './bundle/source.js';
export { BUNDLE_FORMAT, BUNDLE_VERSION, BUNDLE_FILES, checkpointFileName } from './bundle/format.js';
export type { BundleManifest, BundleNode, BundleProofs } from './bundle/format.js';
