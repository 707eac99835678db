// Cairn's own JSON for Airflow without OpenLineage (reference §3.1–3.3): Airflow has no standard webhook payload, so
// callbacks (HttpNotifier, a callable) and listener plugins post this small documented shape, filled from the task
// context or the RuntimeTaskInstance. Jinja renders every value as text and None as "None", so numbers may come
// as digit strings and "None" or "" mean absent.
import { describeValue, fail, ok, problem } from '@cairn/core';
import type { Problem, Result, RunEventEntry, RunLink } from '@cairn/core';
import {
  buildRunEventEntry,
  httpUrl,
  isRecord,
  optionalString,
  readInteger,
  readString,
  readTimestamp,
  sourceEntryId,
} from '@cairn/openlineage';
import type { JsonRecord } from '@cairn/openlineage';
import { classifyAirflowState } from './states.js';
import { airflowMajor, airflowUiUrl } from './urls.js';
import type { AirflowLinkOptions } from './lineage.js';

/**
 * The JSON `POST /hooks/airflow` accepts (see the package README for a callback and a listener that send it).
 * Numbers may be sent as digit strings.
 */
export type AirflowCallbackPayload = {
  /** `ti.dag_id` / `dag.dag_id`. */
  readonly dag_id: string;
  /** `ti.run_id` / `dag_run.run_id`: Airflow's run id, e.g. `scheduled__2026-08-20T00:00:00+00:00`. */
  readonly run_id: string;
  /** The TaskInstanceState or DagRunState value: `success`, `failed`, `up_for_retry`, `running`, … */
  readonly state: string;
  /** Absent for DAG-level callbacks. */
  readonly task_id?: string;
  /** `ti.try_number`, 1-based since Airflow 2.10. */
  readonly try_number?: number | string;
  /** `ti.map_index`; -1 for an unmapped task. */
  readonly map_index?: number | string;
  /** Airflow 3 `ti.id`, the task-instance try's UUID. */
  readonly ti_id?: string;
  /** When the state was reached (RFC 3339 or Python `str(datetime)`); else the receive time. */
  readonly timestamp?: string;
  /** `str(context["exception"])` in failure callbacks. */
  readonly exception?: string;
  /** `type(context["exception"]).__name__`. */
  readonly exception_type?: string;
  /** `airflow.__version__`, which picks the UI link form. */
  readonly airflow_version?: string;
  /** Which hook sent it: `on_failure_callback`, `on_task_instance_success`, … */
  readonly callback?: string;
  /** A link to use when no Airflow base URL is configured, e.g. `ti.log_url`. */
  readonly url?: string;
};

/** Options of {@link mapAirflowCallback}. */
export type AirflowCallbackOptions = AirflowLinkOptions & {
  readonly receivedAt: string;
  /** `sha256:<hex>` of the received body bytes. */
  readonly rawDigest: string;
};

/** Producer id of entries made from Airflow hook payloads. */
export const AIRFLOW_PRODUCER = 'cairn-receiver:airflow';

/** Drops what a Jinja template renders for a missing value: "None" (Python's None) and "". */
function withoutJinjaNones(payload: JsonRecord): JsonRecord {
  return Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== 'None' && v !== ''));
}

type Callback = {
  readonly dagId: string;
  readonly runId: string;
  readonly state: string;
  readonly taskId?: string | undefined;
  readonly tryNumber?: number | undefined;
  readonly mapIndex?: number | undefined;
  readonly tiId?: string | undefined;
  readonly occurredAt?: string | undefined;
};

function readCallback(payload: JsonRecord, problems: Problem[]): Callback | undefined {
  const dagId = readString(payload, 'dag_id', '', problems, { required: true });
  const runId = readString(payload, 'run_id', '', problems, { required: true });
  const state = readString(payload, 'state', '', problems, { required: true });
  const taskId = readString(payload, 'task_id', '', problems);
  const tryNumber = readInteger(payload, 'try_number', '', problems, { min: 0, fromText: true });
  const mapIndex = readInteger(payload, 'map_index', '', problems, { min: -1, fromText: true });
  const occurredAt = readTimestamp(payload, 'timestamp', '', problems)?.iso;
  const tiId = readString(payload, 'ti_id', '', problems);
  if (dagId === undefined || runId === undefined || state === undefined) return undefined;
  return { dagId, runId, state, taskId, tryNumber, mapIndex, tiId, occurredAt };
}

function runLinkOf(callback: Callback, payload: JsonRecord, options: AirflowLinkOptions): RunLink {
  const { dagId, runId, taskId, mapIndex } = callback;
  const version = options.version ?? airflowMajor(optionalString(payload, 'airflow_version')) ?? 3;
  const url =
    options.baseUrl === undefined
      ? httpUrl(optionalString(payload, 'url'))
      : airflowUiUrl({ baseUrl: options.baseUrl, version, dagId, runId, taskId, mapIndex });
  const ids: Record<string, string> = {};
  if (mapIndex !== undefined && mapIndex >= 0) ids['airflow.mapIndex'] = String(mapIndex);
  return {
    orchestrator: 'airflow',
    id: runId,
    workflow: { id: dagId },
    task: taskId === undefined ? undefined : { id: taskId, runId: callback.tiId },
    attempt: callback.tryNumber !== undefined && callback.tryNumber >= 1 ? callback.tryNumber : undefined,
    url,
    ids,
  };
}

function errorOf(payload: JsonRecord): { type?: string; message: string } | undefined {
  const message = optionalString(payload, 'exception');
  const type = optionalString(payload, 'exception_type');
  if (message === undefined) return type === undefined ? undefined : { type, message: '' };
  return type === undefined ? { message } : { type, message };
}

/**
 * Maps an Airflow callback or listener payload ({@link AirflowCallbackPayload}) to one run event. The entry id
 * comes from (dag_id, run_id, task_id, map_index, try_number, state), so a callback that fires twice for the same
 * state of the same try stores nothing new.
 *
 * @example
 * const mapped = mapAirflowCallback(body, { receivedAt, rawDigest, baseUrl: 'https://airflow.example.com' });
 */
export function mapAirflowCallback(
  payload: unknown,
  options: AirflowCallbackOptions,
): Result<RunEventEntry[]> {
  if (!isRecord(payload)) {
    return fail([
      problem('', 'invalid_type', `body: expected an Airflow callback object, got ${describeValue(payload)}`),
    ]);
  }
  const fields = withoutJinjaNones(payload);
  const problems: Problem[] = [];
  const callback = readCallback(fields, problems);
  if (callback === undefined || problems.length > 0) return fail(problems);
  const parts = [
    callback.dagId,
    callback.runId,
    callback.taskId ?? '',
    String(callback.mapIndex ?? -1),
    String(callback.tryNumber ?? 0),
    callback.state,
  ];
  return ok([
    buildRunEventEntry({
      id: sourceEntryId('airflow', parts),
      occurredAt: callback.occurredAt ?? options.receivedAt,
      recordedAt: options.receivedAt,
      producerId: AIRFLOW_PRODUCER,
      run: runLinkOf(callback, fields, options),
      status: classifyAirflowState(callback.state),
      state: callback.state,
      error: errorOf(fields),
      source: {
        eventId: JSON.stringify(parts),
        payloadDigest: options.rawDigest,
        type: optionalString(fields, 'callback'),
      },
    }),
  ]);
}
