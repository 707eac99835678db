// The public surface of @cairn/server, listed by name.

// the app, embeddable in a team's own Node server
export { createServerApp, INGEST_ROUTES } from './app.js';
export type { ServerApp, ServerAppOptions } from './app.js';
export { ledgerPort } from './ledger-adapter.js';
export type { ServerLedger, StoredEntry, RunSummary, RunFilter } from './ledger-port.js';
export type { ReceiverOptions } from './receivers.js';

// starting the server from the environment (`cairn serve`, apps/cairn-server)
export { loadServerConfig, readServerConfig, SERVER_DEFAULTS, MIN_SECRET_LENGTH } from './config.js';
export type { ServerConfig, ServerCheckpointPolicy } from './config.js';
export { startServer } from './start.js';
export type { RunningServer, StartOptions, ExtraRoutesContext } from './start.js';
export { serveApp, DEFAULT_GRACE_MS } from './listen.js';
export type { Listening } from './listen.js';
export { DEFAULT_ORIGIN } from './signer.js';

// building blocks
export { requireBearer } from './auth.js';
export { requireBodySignature, signBody, SIGNATURE_HEADER } from './hmac.js';
export { groupCommit } from './group-commit.js';
export type { GroupCommitOptions, GroupWriter } from './group-commit.js';
export { decisionRoutes, MAX_ENTRIES_PER_REQUEST, DEFAULT_DECISIONS_MAX_BYTES } from './ingest.js';
export type { DecisionRoutesOptions } from './ingest.js';
export { queryRoutes, MAX_RUNS_PER_PAGE } from './query.js';
export { receiverRoutes } from './receivers.js';
export { createServerMetrics } from './metrics.js';
export type { ServerMetrics, MetricSources } from './metrics.js';
export { isTemporaryStorageFailure, unavailableOnStorageFailure } from './storage-errors.js';
