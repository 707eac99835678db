import type { EntryWriter } from '@cairn/core';
import { ingestHandler } from '@cairn/openlineage';
import type { IngestMeta } from '@cairn/openlineage';
import { Hono } from 'hono';
import type { DagsterLinkOptions } from './lineage.js';
import { mapDagsterRunStatus } from './run-status.js';

/** Options of {@link dagsterRoutes}. */
export type DagsterRoutesOptions = {
  readonly writer: EntryWriter;
  /** Where the Dagster UI lives, for `run.url`. */
  readonly dagster?: DagsterLinkOptions;
  /** Largest body, compressed and decompressed; default 256 KiB. */
  readonly maxBodyBytes?: number;
  readonly now?: () => Date;
};

/** Default body limit of the Dagster hook. */
export const DEFAULT_DAGSTER_MAX_BYTES = 256 * 1024;

/**
 * `POST /hooks/dagster`: a run-status sensor (or a Dagster+ webhook alert) posts the documented run-status JSON
 * here, for teams not using dagster-openlineage (whose events go to `lineageRoutes` with `dagsterLineage`). Compose
 * it with `app.route('/', dagsterRoutes({ writer }))`; authentication is the caller's middleware.
 *
 * @example app.route('/', dagsterRoutes({ writer: ledger, dagster: { baseUrl: 'https://dagster.example.com' } }));
 */
export function dagsterRoutes({
  writer,
  dagster = {},
  maxBodyBytes = DEFAULT_DAGSTER_MAX_BYTES,
  now = () => new Date(),
}: DagsterRoutesOptions): Hono {
  const app = new Hono();
  const map = (body: unknown, meta: IngestMeta) => mapDagsterRunStatus(body, { ...dagster, ...meta });
  app.post('/hooks/dagster', ingestHandler({ writer, maxBodyBytes, now, map }));
  return app;
}
