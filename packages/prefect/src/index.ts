// The public surface of @cairn/prefect, listed by name.

// Prefect events → Cairn run events: POST /hooks/prefect
export { mapPrefectEvent, PREFECT_PRODUCER } from './map.js';
export type { PrefectMapOptions } from './map.js';
export { readPrefectEvent } from './event.js';
export type { PrefectEvent, PrefectLabels } from './event.js';
export { parseResourceId, prefectRunIds } from './resources.js';
export type { PrefectRunIds, ResourceRef } from './resources.js';
export { classifyPrefectState } from './states.js';
export { prefectRoutes, DEFAULT_PREFECT_MAX_BYTES } from './routes.js';
export type { PrefectBridgeOptions, PrefectRoutesOptions } from './routes.js';

// Prefect REST API: enrichment, link artifacts, reconciliation
export { createPrefectClient } from './client.js';
export type {
  LinkArtifact,
  PrefectClient,
  PrefectClientOptions,
  PrefectEventPage,
  PrefectObject,
  ReadEventsRequest,
} from './client.js';
export { enrichEntry, enrichRunLink, shouldLinkBack, linkArtifactFor, cairnRunUrl } from './enrich.js';
export type { PrefectErrorHandler } from './enrich.js';
export { reconcilePrefectEvents } from './reconcile.js';
export type { ReconcileOptions, ReconcileReport } from './reconcile.js';

// UI links
export { prefectUiUrl, prefectWorkspace, flowRunUrl, taskRunUrl } from './urls.js';
