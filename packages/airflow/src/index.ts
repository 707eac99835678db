// The public surface of @cairn/airflow, listed by name.

// OpenLineage: Airflow's facets, for lineageRoutes / mapOpenLineageEvent of @cairn/openlineage
export { airflowLineage } from './lineage.js';
export type { AirflowLinkOptions } from './lineage.js';

// Callbacks and listener plugins: POST /hooks/airflow
export { mapAirflowCallback, AIRFLOW_PRODUCER } from './callback.js';
export type { AirflowCallbackOptions, AirflowCallbackPayload } from './callback.js';
export { airflowRoutes, DEFAULT_AIRFLOW_MAX_BYTES } from './routes.js';
export type { AirflowRoutesOptions } from './routes.js';

// States and UI links
export { classifyAirflowState } from './states.js';
export { airflowUiUrl, airflowMajor } from './urls.js';
export type { AirflowUiTarget, AirflowVersion } from './urls.js';
