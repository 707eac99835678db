// Building run-event entries the same way in every receiver: one envelope shape (docs/architecture.md,
// RunEventEntry), ids derived from the source's own event identity so a redelivery maps to the same id and the
// ledger stores nothing new, and the digest of the received bytes kept as evidence of what came.
import { sha256, toHex, utf8 } from '@cairn/core';
import type { RunEventEntry, RunLink } from '@cairn/core';

/** Cairn's classification of an orchestrator state. */
export type RunEventStatus = RunEventEntry['runEvent']['status'];

/** What a receiver knows about one orchestrator event, before it becomes an entry. */
export type RunEventParts = {
  /** Entry id, from {@link sourceEntryId}. */
  readonly id: string;
  /** When the orchestrator says it happened (RFC 3339 UTC, milliseconds). */
  readonly occurredAt: string;
  /** When the receiver got it. */
  readonly recordedAt: string;
  /** `cairn-receiver:<name>`. */
  readonly producerId: string;
  readonly run: RunLink;
  readonly status: RunEventStatus;
  /** The orchestrator's own state name. */
  readonly state: string;
  readonly error?: { readonly type?: string; readonly message: string } | undefined;
  readonly source: {
    readonly eventId: string;
    readonly payloadDigest: string;
    readonly type?: string | undefined;
  };
};

/** docs/architecture.md: `runEvent.error.message` is truncated to 2,000 characters. */
export const MAX_ERROR_MESSAGE = 2_000;

// Bounds for strings copied from payloads into an entry, under the schema's 10,000-character string limit.
const MAX_STATE = 200;
const MAX_SOURCE_FIELD = 1_024;
const MAX_ENTRY_ID = 128;
const ID_PART = /^[A-Za-z0-9._@/-]+$/;
const LAST_ID_PART = /^[A-Za-z0-9._:@/-]+$/;

/**
 * Shortens text to at most `max` characters, ending with `…` when cut, without splitting a surrogate pair.
 *
 * @example truncate('abcdef', 4) === 'abc…'
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * `sha256:<hex>` of the bytes as received, the `runEvent.source.payloadDigest` of every entry they yield.
 *
 * @example payloadDigest(utf8('{}')) === 'sha256:44136fa3…'
 */
export function payloadDigest(bytes: Uint8Array): string {
  return `sha256:${toHex(sha256(bytes))}`;
}

/**
 * A deterministic entry id from the parts that identify a source event: `<prefix>:<part>:<part>…` when every part
 * fits the entry-id alphabet (`[A-Za-z0-9._:@/-]`, only the last part may hold `:` so the id splits back
 * unambiguously) and the id fits 128 characters; otherwise `<prefix>:sha256:<hex of the JSON of the parts>`.
 * Either way the same source event always gives the same id, so a redelivery is a duplicate. Callers pass a fixed
 * number of parts per prefix: that is what makes the readable form unambiguous.
 *
 * @example sourceEntryId('dagster', ['5f0e…', 'SUCCESS']) === 'dagster:5f0e…:SUCCESS'
 */
export function sourceEntryId(prefix: string, parts: readonly string[]): string {
  const readable =
    parts.length > 0 &&
    parts[0] !== 'sha256' &&
    parts.every((part, i) => (i === parts.length - 1 ? LAST_ID_PART : ID_PART).test(part));
  const id = `${prefix}:${parts.join(':')}`;
  if (readable && id.length <= MAX_ENTRY_ID) return id;
  return `${prefix}:sha256:${toHex(sha256(utf8(JSON.stringify(parts))))}`;
}

/**
 * True for an absolute http(s) URL, the only kind `run.url` may hold.
 *
 * @example httpUrl('https://airflow.example/dags/x') === 'https://airflow.example/dags/x'
 */
export function httpUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Joins a configured base URL and a path, whatever trailing slash the base has.
 *
 * @example joinUrl('https://dagster.example/prod/', '/runs/abc') === 'https://dagster.example/prod/runs/abc'
 */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Drops absent optional fields of a run link and of its `workflow` and `task` (an entry is sealed as canonical
 * JSON, which has no `undefined`), empty `ids` and empty `tags`.
 *
 * @example compactRunLink({ orchestrator: 'dagster', id: 'r1', url: undefined }) // { orchestrator: 'dagster', id: 'r1' }
 */
export function compactRunLink(run: RunLink): RunLink {
  const ids = run.ids === undefined ? undefined : compact(run.ids);
  return compact({
    ...run,
    workflow: run.workflow === undefined ? undefined : compact(run.workflow),
    task: run.task === undefined ? undefined : compact(run.task),
    tags: run.tags !== undefined && run.tags.length > 0 ? run.tags : undefined,
    ids: ids !== undefined && Object.keys(ids).length > 0 ? ids : undefined,
  });
}

/**
 * Assembles a `run_event` entry (docs/architecture.md, RunEventEntry). `producer.seq` is 0: a receiver restarts
 * without storage and cannot keep a gap-free count, so entries from receivers are ordered by their ledger index
 * and their ids come from the source event (see the package README).
 *
 * @example
 * const entry = buildRunEventEntry({ id: 'prefect:…', occurredAt, recordedAt, producerId: 'cairn-receiver:prefect',
 *   run, status: 'started', state: 'Running', source: { eventId, payloadDigest: digest, type: 'prefect.flow-run.Running' } });
 */
export function buildRunEventEntry(parts: RunEventParts): RunEventEntry {
  const error =
    parts.error === undefined
      ? undefined
      : compact({
          type: parts.error.type === undefined ? undefined : truncate(parts.error.type, MAX_STATE),
          message: truncate(parts.error.message, MAX_ERROR_MESSAGE),
        });
  const source = compact({
    eventId: truncate(parts.source.eventId, MAX_SOURCE_FIELD),
    payloadDigest: parts.source.payloadDigest,
    type: parts.source.type === undefined ? undefined : truncate(parts.source.type, MAX_SOURCE_FIELD),
  });
  return {
    v: 1,
    kind: 'run_event',
    id: parts.id,
    occurredAt: parts.occurredAt,
    recordedAt: parts.recordedAt,
    producer: { id: parts.producerId, seq: 0 },
    run: compactRunLink(parts.run),
    runEvent: compact({ status: parts.status, state: truncate(parts.state, MAX_STATE), error, source }),
  };
}
