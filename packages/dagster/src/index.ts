// The public surface of @cairn/dagster, listed by name.

// OpenLineage: dagster-openlineage events, for lineageRoutes / mapOpenLineageEvent of @cairn/openlineage
export { dagsterLineage } from './lineage.js';
export type { DagsterLinkOptions } from './lineage.js';

// Run-status sensors and Dagster+ webhook alerts: POST /hooks/dagster
export { mapDagsterRunStatus, DAGSTER_PRODUCER } from './run-status.js';
export type { DagsterRunStatusOptions, DagsterRunStatusPayload } from './run-status.js';
export { dagsterRoutes, DEFAULT_DAGSTER_MAX_BYTES } from './routes.js';
export type { DagsterRoutesOptions } from './routes.js';

// Statuses and UI links
export { classifyDagsterStatus, dagsterRunUrl } from './status.js';
