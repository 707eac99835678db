// The one place an OpenLineage RunEvent becomes a Cairn run event. Orchestrator adapters (@cairn/airflow,
// @cairn/dagster) only interpret their own facets through a LineageFacetMapper; the envelope, the status, the
// error, the id and the digest are decided here, so Airflow and Dagster lineage entries cannot drift apart.
import { fail, ok } from '@cairn/core';
import type { Result, RunEventEntry, RunLink } from '@cairn/core';
import { buildRunEventEntry, sourceEntryId } from '../entry.js';
import type { RunEventStatus } from '../entry.js';
import { optionalRecord, optionalString } from '../fields.js';
import { readOpenLineageEvent, runFacet } from './event.js';
import type { OpenLineageEventType, OpenLineageRunEvent } from './event.js';

/**
 * Interprets one orchestrator's facets of an OpenLineage RunEvent. Returns undefined when the event is not this
 * orchestrator's, the run link (built on `base`, the generic OpenLineage link) when it is, or problems when the
 * facets that identify the run are malformed.
 */
export type LineageFacetMapper = {
  /** Short name for documentation and logs, e.g. `airflow`. */
  readonly name: string;
  mapRun(event: OpenLineageRunEvent, base: RunLink): Result<RunLink> | undefined;
};

/** Options of {@link mapOpenLineageEvent}. */
export type OpenLineageMapOptions = {
  /** `sha256:<hex>` of the received body bytes. */
  readonly rawDigest: string;
  /** When the receiver got the event (RFC 3339 UTC, milliseconds). */
  readonly receivedAt: string;
  /** Tried in order; the first that recognises the event decides its run link. */
  readonly facetMappers?: readonly LineageFacetMapper[];
};

/** Producer id of entries made from OpenLineage events. */
export const OPENLINEAGE_PRODUCER = 'cairn-receiver:openlineage';

// spec/OpenLineage.json, RunEvent.eventType: START and RUNNING describe a live run, ABORT a stopped one.
const STATUS: Readonly<Record<OpenLineageEventType, RunEventStatus>> = {
  START: 'started',
  RUNNING: 'started',
  COMPLETE: 'succeeded',
  FAIL: 'failed',
  ABORT: 'cancelled',
  OTHER: 'other',
};

/**
 * Cairn's status for an OpenLineage eventType; unknown or absent types are `other`.
 *
 * @example classifyOpenLineageEvent('ABORT') === 'cancelled'
 */
export function classifyOpenLineageEvent(eventType: string | undefined): RunEventStatus {
  return eventType !== undefined && Object.hasOwn(STATUS, eventType)
    ? STATUS[eventType as OpenLineageEventType]
    : 'other';
}

/**
 * The run link every OpenLineage event gets before an orchestrator's facets refine it: the OpenLineage run id,
 * the job as workflow, and the `parent` facet's run and root run (ParentRunFacet 1-1-0).
 *
 * @example const base = openLineageRunLink(event); base.ids['openlineage.runId'] === event.run.runId
 */
export function openLineageRunLink(event: OpenLineageRunEvent): RunLink {
  const parent = runFacet(event, 'parent');
  const parentRunId = optionalString(optionalRecord(parent, 'run'), 'runId');
  const rootRunId = optionalString(optionalRecord(optionalRecord(parent, 'root'), 'run'), 'runId');
  const ids: Record<string, string> = { 'openlineage.runId': event.run.runId };
  if (parentRunId !== undefined) ids['openlineage.parentRunId'] = parentRunId;
  if (rootRunId !== undefined) ids['openlineage.rootRunId'] = rootRunId;
  return {
    orchestrator: 'other',
    id: event.run.runId,
    namespace: event.job.namespace,
    workflow: { id: event.job.name },
    parentRunId,
    rootRunId,
    ids,
  };
}

/**
 * The exception class named by a stack trace: Python prints it on the last line (`ValueError: …`), the JVM on
 * the first (`java.lang.IllegalStateException: …`).
 */
function exceptionType(trace: string | undefined, language: string | undefined): string | undefined {
  const lines = (trace ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const line = language?.toLowerCase() === 'python' ? lines.at(-1) : lines.at(0);
  return line === undefined ? undefined : /^([A-Za-z_][\w.$]*)(?::|$)/.exec(line)?.[1];
}

function errorOf(event: OpenLineageRunEvent): { type?: string; message: string } | undefined {
  // ErrorMessageRunFacet 1-0-1: message and programmingLanguage required, stackTrace optional.
  const facet = runFacet(event, 'errorMessage');
  const message = optionalString(facet, 'message');
  if (message === undefined) return undefined;
  const type = exceptionType(
    optionalString(facet, 'stackTrace'),
    optionalString(facet, 'programmingLanguage'),
  );
  return type === undefined ? { message } : { type, message };
}

function runLinkOf(event: OpenLineageRunEvent, mappers: readonly LineageFacetMapper[]): Result<RunLink> {
  const base = openLineageRunLink(event);
  for (const mapper of mappers) {
    const mapped = mapper.mapRun(event, base);
    if (mapped !== undefined) return mapped;
  }
  return ok(base);
}

function toEntry(event: OpenLineageRunEvent, run: RunLink, options: OpenLineageMapOptions): RunEventEntry {
  // Marquez dedupes on (runId, eventType, eventTime) too; without an eventType only the bytes identify the event.
  const eventId =
    event.eventType === undefined
      ? options.rawDigest
      : `${event.run.runId}:${event.eventType}:${event.eventTime}`;
  const id =
    event.eventType === undefined
      ? `openlineage:${options.rawDigest}`
      : sourceEntryId('openlineage', [event.run.runId, event.eventType, event.time.precise]);
  return buildRunEventEntry({
    id,
    occurredAt: event.time.iso,
    recordedAt: options.receivedAt,
    producerId: OPENLINEAGE_PRODUCER,
    run,
    status: classifyOpenLineageEvent(event.eventType),
    state: event.eventType ?? 'UNSPECIFIED',
    error: errorOf(event),
    source: { eventId, payloadDigest: options.rawDigest, type: 'RunEvent' },
  });
}

/**
 * Maps an OpenLineage event body to Cairn run events: one entry for a RunEvent, none for a DatasetEvent or JobEvent
 * (static metadata, no run). The entry id is `openlineage:<runId>:<eventType>:<eventTime in UTC>`, so a resent
 * event is a duplicate; without an eventType it is `openlineage:<payload digest>`.
 *
 * @example
 * const mapped = mapOpenLineageEvent(body, { rawDigest, receivedAt, facetMappers: [airflowLineage({ baseUrl })] });
 */
export function mapOpenLineageEvent(event: unknown, options: OpenLineageMapOptions): Result<RunEventEntry[]> {
  const read = readOpenLineageEvent(event);
  if (!read.ok) return fail(read.problems);
  if (read.value.kind !== 'run') return ok([]);
  const run = runLinkOf(read.value, options.facetMappers ?? []);
  if (!run.ok) return fail(run.problems);
  return ok([toEntry(read.value, run.value, options)]);
}
