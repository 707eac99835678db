// Lenient reading of OpenLineage events (spec 2-0-2, spec/OpenLineage.json). Only what a run event needs is
// required (eventTime, run.runId, job.namespace, job.name); eventType, producer and schemaURL are optional as in
// the schema; facets are kept whatever they hold, because real producers send facets the strict schema rejects
// (Airflow's operator-defined facets lack _producer/_schemaURL: see the fixtures README).
import { describeValue, fail, ok, problem } from '@cairn/core';
import type { Problem, Result } from '@cairn/core';
import { isRecord, optionalRecord, readRecord, readString, readTimestamp } from '../fields.js';
import type { JsonRecord } from '../fields.js';
import type { ParsedTimestamp } from '../time.js';

/** The OpenLineage run states (spec: RunEvent.eventType). */
export type OpenLineageEventType = 'START' | 'RUNNING' | 'COMPLETE' | 'ABORT' | 'FAIL' | 'OTHER';

/** An OpenLineage RunEvent, validated as far as Cairn relies on it; everything else stays in `raw`. */
export type OpenLineageRunEvent = {
  readonly kind: 'run';
  /** `eventTime` as sent. */
  readonly eventTime: string;
  readonly time: ParsedTimestamp;
  /** As sent; may be any string, or absent (the schema makes it optional). */
  readonly eventType: string | undefined;
  readonly producer: string | undefined;
  readonly run: { readonly runId: string; readonly facets: JsonRecord };
  readonly job: { readonly namespace: string; readonly name: string; readonly facets: JsonRecord };
  readonly raw: JsonRecord;
};

/** A DatasetEvent or JobEvent (spec 2-0-x): static metadata with no run, so nothing to record as a run event. */
export type OpenLineageStaticEvent = { readonly kind: 'dataset' | 'job'; readonly raw: JsonRecord };

/** Any event the lineage endpoint accepts. */
export type OpenLineageEvent = OpenLineageRunEvent | OpenLineageStaticEvent;

function readStatic(event: JsonRecord): OpenLineageStaticEvent | undefined {
  if (Object.hasOwn(event, 'run')) return undefined;
  if (isRecord(event['dataset'])) return { kind: 'dataset', raw: event };
  if (isRecord(event['job'])) return { kind: 'job', raw: event };
  return undefined;
}

function readRun(event: JsonRecord, problems: Problem[]): OpenLineageRunEvent | undefined {
  const time = readTimestamp(event, 'eventTime', '', problems, { required: true });
  const eventType = readString(event, 'eventType', '', problems);
  const producer = readString(event, 'producer', '', problems);
  const run = readRecord(event, 'run', '', problems, { required: true });
  const runId = readString(run, 'runId', 'run', problems, { required: true });
  const runFacets = readRecord(run, 'facets', 'run', problems) ?? {};
  const job = readRecord(event, 'job', '', problems, { required: true });
  const namespace = readString(job, 'namespace', 'job', problems, { required: true });
  const name = readString(job, 'name', 'job', problems, { required: true });
  const jobFacets = readRecord(job, 'facets', 'job', problems) ?? {};
  if (time === undefined || runId === undefined || namespace === undefined || name === undefined)
    return undefined;
  return {
    kind: 'run',
    eventTime: event['eventTime'] as string,
    time,
    eventType,
    producer,
    run: { runId, facets: runFacets },
    job: { namespace, name, facets: jobFacets },
    raw: event,
  };
}

/**
 * Reads an OpenLineage event body: a RunEvent, or a DatasetEvent/JobEvent (no `run`). Reports every missing or
 * mistyped field Cairn needs, with its path.
 *
 * @example
 * const read = readOpenLineageEvent(JSON.parse(body));
 * if (read.ok && read.value.kind === 'run') console.log(read.value.run.runId);
 */
export function readOpenLineageEvent(body: unknown): Result<OpenLineageEvent> {
  if (!isRecord(body)) {
    const message = `body: expected an OpenLineage event object, got ${describeValue(body)}`;
    return fail([problem('', 'invalid_type', message)]);
  }
  const asStatic = readStatic(body);
  if (asStatic !== undefined) return ok(asStatic);
  const problems: Problem[] = [];
  const run = readRun(body, problems);
  return run === undefined || problems.length > 0 ? fail(problems) : ok(run);
}

/**
 * A facet of the run, when it is an object.
 *
 * @example const airflow = runFacet(event, 'airflow');
 */
export function runFacet(event: OpenLineageRunEvent, name: string): JsonRecord | undefined {
  return optionalRecord(event.run.facets, name);
}

/**
 * A facet of the job, when it is an object.
 *
 * @example const jobType = jobFacet(event, 'jobType');
 */
export function jobFacet(event: OpenLineageRunEvent, name: string): JsonRecord | undefined {
  return optionalRecord(event.job.facets, name);
}
