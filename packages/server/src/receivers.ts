import { Hono } from 'hono';
import type { EntryWriter } from '@cairn/core';
import { airflowLineage, airflowRoutes } from '@cairn/airflow';
import type { AirflowLinkOptions } from '@cairn/airflow';
import { dagsterLineage, dagsterRoutes } from '@cairn/dagster';
import type { DagsterLinkOptions } from '@cairn/dagster';
import { lineageRoutes } from '@cairn/openlineage';
import { prefectRoutes } from '@cairn/prefect';
import type { PrefectBridgeOptions } from '@cairn/prefect';
import { counting } from './counting.js';
import type { ServerMetrics } from './metrics.js';

/** What the orchestrator receivers need to know: UI base URLs for deep links, and Prefect's API for enrichment. */
export type ReceiverOptions = {
  readonly prefect?: PrefectBridgeOptions;
  readonly airflow?: AirflowLinkOptions;
  readonly dagster?: DagsterLinkOptions;
  /** One body limit for every hook, compressed and decompressed; by default each hook keeps its own. */
  readonly maxBodyBytes?: number;
};

/**
 * Mounts every orchestrator receiver: `POST /hooks/prefect`, `POST /api/v1/lineage` (OpenLineage from Airflow and
 * Dagster, one mapping with both facet interpreters), `POST /hooks/airflow` and `POST /hooks/dagster`.
 *
 * @example app.route('/', receiverRoutes({ writer, metrics, options: { airflow: { baseUrl } } }))
 */
export function receiverRoutes(input: {
  writer: EntryWriter;
  metrics: ServerMetrics;
  options: ReceiverOptions;
}): Hono {
  const { writer, metrics, options } = input;
  const limit = options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes };
  const app = new Hono();
  app.route(
    '/',
    prefectRoutes({
      writer: counting(writer, metrics, '/hooks/prefect'),
      prefect: options.prefect ?? {},
      ...limit,
    }),
  );
  app.route(
    '/',
    lineageRoutes({
      writer: counting(writer, metrics, '/api/v1/lineage'),
      facetMappers: [airflowLineage(options.airflow ?? {}), dagsterLineage(options.dagster ?? {})],
      ...limit,
    }),
  );
  app.route(
    '/',
    airflowRoutes({
      writer: counting(writer, metrics, '/hooks/airflow'),
      airflow: options.airflow ?? {},
      ...limit,
    }),
  );
  app.route(
    '/',
    dagsterRoutes({
      writer: counting(writer, metrics, '/hooks/dagster'),
      dagster: options.dagster ?? {},
      ...limit,
    }),
  );
  return app;
}
