import type { EntryWriter } from '@cairn/core';
import { ingestHandler } from '@cairn/openlineage';
import type { IngestMeta } from '@cairn/openlineage';
import { Hono } from 'hono';
import { mapAirflowCallback } from './callback.js';
import type { AirflowLinkOptions } from './lineage.js';

/** Options of {@link airflowRoutes}. */
export type AirflowRoutesOptions = {
  readonly writer: EntryWriter;
  /** Where the Airflow UI lives, for `run.url`. */
  readonly airflow?: AirflowLinkOptions;
  /** Largest body, compressed and decompressed; default 256 KiB. */
  readonly maxBodyBytes?: number;
  readonly now?: () => Date;
};

/** Default body limit of the Airflow hook. */
export const DEFAULT_AIRFLOW_MAX_BYTES = 256 * 1024;

/**
 * `POST /hooks/airflow`: Airflow callbacks and listener plugins post the documented callback JSON here, for teams
 * not using OpenLineage (Airflow's OpenLineage events go to `lineageRoutes` with `airflowLineage`). Compose it with
 * `app.route('/', airflowRoutes({ writer }))`; authentication is the caller's middleware.
 *
 * @example app.route('/', airflowRoutes({ writer: ledger, airflow: { baseUrl: 'https://airflow.example.com' } }));
 */
export function airflowRoutes({
  writer,
  airflow = {},
  maxBodyBytes = DEFAULT_AIRFLOW_MAX_BYTES,
  now = () => new Date(),
}: AirflowRoutesOptions): Hono {
  const app = new Hono();
  const map = (body: unknown, meta: IngestMeta) => mapAirflowCallback(body, { ...airflow, ...meta });
  app.post('/hooks/airflow', ingestHandler({ writer, maxBodyBytes, now, map }));
  return app;
}
