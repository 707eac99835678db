import type { EntryWriter } from '@cairn/core';
import { Hono } from 'hono';
import { ingestHandler } from '../http/ingest.js';
import { mapOpenLineageEvent } from './map.js';
import type { LineageFacetMapper } from './map.js';

/** Options of {@link lineageRoutes}. */
export type LineageRoutesOptions = {
  readonly writer: EntryWriter;
  /** Orchestrator facet interpreters, e.g. `[airflowLineage({ baseUrl }), dagsterLineage({ baseUrl })]`. */
  readonly facetMappers?: readonly LineageFacetMapper[];
  /** Largest body, compressed and decompressed; default 4 MiB (Airflow events carry SQL and source code facets). */
  readonly maxBodyBytes?: number;
  readonly now?: () => Date;
};

/** Default body limit of the lineage endpoint. */
export const DEFAULT_LINEAGE_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The OpenLineage HTTP transport endpoint, `POST /api/v1/lineage`, as openlineage-python's HttpTransport sends to it
 * (one JSON event per request, `Content-Encoding: gzip` when `compression: gzip`). Compose it with
 * `app.route('/', lineageRoutes({ writer }))`; authentication is the caller's middleware.
 *
 * @example
 * app.route('/', lineageRoutes({ writer: ledger, facetMappers: [airflowLineage({ baseUrl: 'https://airflow.example' })] }));
 */
export function lineageRoutes({
  writer,
  facetMappers = [],
  maxBodyBytes = DEFAULT_LINEAGE_MAX_BYTES,
  now = () => new Date(),
}: LineageRoutesOptions): Hono {
  const app = new Hono();
  const map = (body: unknown, meta: { receivedAt: string; rawDigest: string }) =>
    mapOpenLineageEvent(body, { ...meta, facetMappers });
  app.post('/api/v1/lineage', ingestHandler({ writer, maxBodyBytes, now, map }));
  return app;
}
