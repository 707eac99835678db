// Cairn's own JSON for Dagster without OpenLineage (reference §4.1–4.2). Dagster OSS has no outbound webhook: a
// @run_status_sensor posts this shape from `context.dagster_run` and `context.dagster_event`. Dagster+ webhook
// alerts (early access) post a user-written template, for which the README gives one that fits this shape.
import { describeValue, fail, ok, problem } from '@cairn/core';
import type { Problem, Result, RunEventEntry, RunLink } from '@cairn/core';
import {
  buildRunEventEntry,
  httpUrl,
  isRecord,
  optionalString,
  readRecord,
  readString,
  parseTimestamp,
  sourceEntryId,
  timestampFromSeconds,
} from '@cairn/openlineage';
import type { JsonRecord } from '@cairn/openlineage';
import type { DagsterLinkOptions } from './lineage.js';
import { classifyDagsterStatus, dagsterRunUrl } from './status.js';

/** The JSON `POST /hooks/dagster` accepts (see the package README for the sensor and the Dagster+ template). */
export type DagsterRunStatusPayload = {
  /** `context.dagster_run.run_id`. */
  readonly run_id: string;
  /** `context.dagster_run.job_name`. */
  readonly job_name: string;
  /** `context.dagster_run.status.value`: a DagsterRunStatus (`SUCCESS`, `FAILURE`, `CANCELED`, `STARTED`, …). */
  readonly status: string;
  /** `dict(context.dagster_run.tags)`; `dagster/retry_number` gives the attempt. */
  readonly tags?: Readonly<Record<string, string>>;
  readonly parent_run_id?: string | null;
  readonly root_run_id?: string | null;
  /** `context.dagster_event.event_type_value`, e.g. `PIPELINE_FAILURE`. */
  readonly event_type?: string;
  /** `context.partition_key`. */
  readonly partition_key?: string | null;
  /** When the status was reached: Unix seconds (`context.dagster_event.timestamp`) or RFC 3339. */
  readonly timestamp?: number | string;
  /** The failure text of a `@run_failure_sensor` (`context.failure_event.message`). */
  readonly failure_message?: string;
  /** Code location and repository of the job. */
  readonly location_name?: string;
  readonly repository_name?: string;
  /** A link to use when no Dagster base URL is configured (Dagster+ `{{run_link}}`). */
  readonly run_url?: string;
  /** Dagster+ template fields: the deployment, and `{{is_sample}}` (test pings are acknowledged, not stored). */
  readonly deployment?: string;
  readonly sample?: boolean | string;
};

/** Options of {@link mapDagsterRunStatus}. */
export type DagsterRunStatusOptions = DagsterLinkOptions & {
  readonly receivedAt: string;
  /** `sha256:<hex>` of the received body bytes. */
  readonly rawDigest: string;
};

/** Producer id of entries made from Dagster hook payloads. */
export const DAGSTER_PRODUCER = 'cairn-receiver:dagster';

type RunStatus = {
  readonly runId: string;
  readonly jobName: string;
  readonly status: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly occurredAt?: string | undefined;
};

/** Dagster tags are string to string; other values are not tags and are skipped. */
function readTags(payload: JsonRecord, problems: Problem[]): Record<string, string> {
  const tags = readRecord(payload, 'tags', '', problems) ?? {};
  return Object.fromEntries(
    Object.entries(tags).filter((pair): pair is [string, string] => typeof pair[1] === 'string'),
  );
}

function readTime(payload: JsonRecord, problems: Problem[]): string | undefined {
  const value = payload['timestamp'];
  if (value === undefined || value === null) return undefined;
  const time =
    typeof value === 'number'
      ? timestampFromSeconds(value)
      : typeof value === 'string'
        ? parseTimestamp(value)?.iso
        : undefined;
  if (time === undefined) {
    const message = `timestamp: expected Unix seconds or an RFC 3339 date-time, got ${describeValue(value)}`;
    problems.push(problem('timestamp', 'invalid_type', message));
  }
  return time;
}

function readRunStatus(payload: JsonRecord, problems: Problem[]): RunStatus | undefined {
  const runId = readString(payload, 'run_id', '', problems, { required: true });
  const jobName = readString(payload, 'job_name', '', problems, { required: true });
  const status = readString(payload, 'status', '', problems, { required: true });
  for (const key of ['parent_run_id', 'root_run_id', 'partition_key', 'event_type'])
    readString(payload, key, '', problems);
  const tags = readTags(payload, problems);
  const occurredAt = readTime(payload, problems);
  if (runId === undefined || jobName === undefined || status === undefined) return undefined;
  return { runId, jobName, status, tags, occurredAt };
}

function attemptOf(tags: Readonly<Record<string, string>>): number | undefined {
  // dagster/retry_number counts run-level retries: 1 on the first retry run, absent on the original.
  const retry = tags['dagster/retry_number'];
  return retry !== undefined && /^\d{1,9}$/.test(retry) ? Number(retry) + 1 : undefined;
}

function runLinkOf(run: RunStatus, payload: JsonRecord, options: DagsterLinkOptions): RunLink {
  const partition = optionalString(payload, 'partition_key') ?? run.tags['dagster/partition'];
  const ids: Record<string, string> = {};
  if (partition !== undefined) ids['dagster.partition'] = partition;
  const location = optionalString(payload, 'location_name');
  if (location !== undefined) ids['dagster.location'] = location;
  const repository = optionalString(payload, 'repository_name');
  if (repository !== undefined) ids['dagster.repository'] = repository;
  return {
    orchestrator: 'dagster',
    id: run.runId,
    workflow: { id: run.jobName },
    attempt: attemptOf(run.tags),
    parentRunId: optionalString(payload, 'parent_run_id'),
    rootRunId: optionalString(payload, 'root_run_id'),
    namespace: optionalString(payload, 'deployment') ?? location,
    url:
      options.baseUrl === undefined
        ? httpUrl(optionalString(payload, 'run_url'))
        : dagsterRunUrl(options.baseUrl, run.runId),
    ids,
  };
}

function isSample(payload: JsonRecord): boolean {
  const sample = payload['sample'];
  return sample === true || (typeof sample === 'string' && sample.toLowerCase() === 'true');
}

/**
 * Maps a Dagster run-status payload ({@link DagsterRunStatusPayload}) to one run event. The entry id is
 * `dagster:<run_id>:<status>`: a sensor tick that re-sends after a daemon crash stores nothing new. A Dagster+
 * sample ping (`sample: true`) is acknowledged with no entry.
 *
 * @example
 * const mapped = mapDagsterRunStatus(body, { receivedAt, rawDigest, baseUrl: 'https://dagster.example.com' });
 */
export function mapDagsterRunStatus(
  payload: unknown,
  options: DagsterRunStatusOptions,
): Result<RunEventEntry[]> {
  if (!isRecord(payload)) {
    return fail([
      problem(
        '',
        'invalid_type',
        `body: expected a Dagster run status object, got ${describeValue(payload)}`,
      ),
    ]);
  }
  if (isSample(payload)) return ok([]);
  const problems: Problem[] = [];
  const run = readRunStatus(payload, problems);
  if (run === undefined || problems.length > 0) return fail(problems);
  const failure = optionalString(payload, 'failure_message');
  return ok([
    buildRunEventEntry({
      id: sourceEntryId('dagster', [run.runId, run.status]),
      occurredAt: run.occurredAt ?? options.receivedAt,
      recordedAt: options.receivedAt,
      producerId: DAGSTER_PRODUCER,
      run: runLinkOf(run, payload, options),
      status: classifyDagsterStatus(run.status),
      state: run.status,
      error: failure === undefined ? undefined : { message: failure },
      source: {
        eventId: `${run.runId}:${run.status}`,
        payloadDigest: options.rawDigest,
        type: optionalString(payload, 'event_type'),
      },
    }),
  ]);
}
