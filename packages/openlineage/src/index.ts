// The public surface of @cairn/openlineage, listed by name.

// OpenLineage RunEvent → Cairn run events, and the HTTP transport endpoint
export { readOpenLineageEvent, runFacet, jobFacet } from './lineage/event.js';
export type {
  OpenLineageEvent,
  OpenLineageEventType,
  OpenLineageRunEvent,
  OpenLineageStaticEvent,
} from './lineage/event.js';
export {
  mapOpenLineageEvent,
  classifyOpenLineageEvent,
  openLineageRunLink,
  OPENLINEAGE_PRODUCER,
} from './lineage/map.js';
export type { LineageFacetMapper, OpenLineageMapOptions } from './lineage/map.js';
export { lineageRoutes, DEFAULT_LINEAGE_MAX_BYTES } from './lineage/routes.js';
export type { LineageRoutesOptions } from './lineage/routes.js';

// Building blocks every Cairn receiver shares (@cairn/prefect, @cairn/airflow, @cairn/dagster)
export { ingestHandler, parseBody, RETRY_AFTER_SECONDS } from './http/ingest.js';
export type { IngestMapper, IngestMeta, IngestOptions } from './http/ingest.js';
export { readBody, untouchedNodeStream } from './http/body.js';
export type { BodyFailure, BodyRead, NodeRequestStream } from './http/body.js';
export {
  buildRunEventEntry,
  compactRunLink,
  httpUrl,
  joinUrl,
  payloadDigest,
  sourceEntryId,
  truncate,
  MAX_ERROR_MESSAGE,
} from './entry.js';
export type { RunEventParts, RunEventStatus } from './entry.js';
export {
  fieldPath,
  isRecord,
  optionalRecord,
  optionalString,
  readInteger,
  readRecord,
  readString,
  readTimestamp,
} from './fields.js';
export type { IntegerOptions, JsonRecord, Presence } from './fields.js';
export { parseTimestamp, timestampFromSeconds } from './time.js';
export type { ParsedTimestamp } from './time.js';
