// Prefect delivers a webhook at most once and never retries (reference §0, §2.1), so a bridge that was down misses
// events for good unless it reads them back. Prefect keeps events (7 days by default, OSS) behind POST /events/filter
// (§2.5); reading a window again is safe because entry ids come from event ids: what the webhook already stored
// comes back as a duplicate and nothing new is written.
import { problem, utf8, validateEntry } from '@cairn/core';
import type { EntryWriter, Problem, RunEventEntry } from '@cairn/core';
import { payloadDigest } from '@cairn/openlineage';
import type { PrefectClient, PrefectEventPage } from './client.js';
import { mapPrefectEvent } from './map.js';

/** Options of {@link reconcilePrefectEvents}. */
export type ReconcileOptions = {
  readonly client: PrefectClient;
  readonly writer: EntryWriter;
  /** Start of the window (RFC 3339, inclusive), e.g. the time of the last event the bridge saw. */
  readonly since: string;
  /** End of the window (inclusive); Prefect's default is now. */
  readonly until?: string;
  /** The Prefect UI base, for `run.url`. */
  readonly uiUrl?: string;
  /** The Cloud workspace, for `run.namespace`. */
  readonly namespace?: string;
  readonly now?: () => Date;
  /** Events per page, at most 50 (Prefect's limit). */
  readonly pageSize?: number;
  /** Stop after this many pages; `complete` is then false. Default 1,000. */
  readonly maxPages?: number;
};

/** What a reconciliation read and wrote. */
export type ReconcileReport = {
  /** Events read from Prefect. */
  readonly read: number;
  /** Entries newly stored: events the webhook had missed. */
  readonly stored: number;
  /** Entries the ledger already held. */
  readonly duplicates: number;
  /** Events with nothing to record (heartbeats, events of no run). */
  readonly ignored: number;
  /** Events that could not be mapped, by their position in the read (`events[12].resource…`). */
  readonly problems: readonly Problem[];
  readonly pages: number;
  /** False when `maxPages` stopped the read before the last page. */
  readonly complete: boolean;
};

type Tally = {
  read: number;
  stored: number;
  duplicates: number;
  ignored: number;
  problems: Problem[];
  pages: number;
};

function prefixed(index: number, found: readonly Problem[]): Problem[] {
  return found.map((p) => {
    const path = p.path === '' ? `events[${index}]` : `events[${index}].${p.path}`;
    return problem(path, p.code, `events[${index}]: ${p.message}`);
  });
}

/** Maps one page; events are digested as the JSON the events API returned (there is no webhook body to keep). */
function mapPage(page: PrefectEventPage, options: ReconcileOptions, tally: Tally): RunEventEntry[] {
  const receivedAt = (options.now ?? (() => new Date()))().toISOString();
  const { uiUrl, namespace } = options;
  return page.events.flatMap((event, i) => {
    const index = tally.read + i;
    const rawDigest = payloadDigest(utf8(JSON.stringify(event) ?? 'null'));
    const mapped = mapPrefectEvent(event, { receivedAt, rawDigest, uiUrl, namespace });
    const invalid = mapped.ok
      ? mapped.value.flatMap((entry) => validateEntryProblems(entry))
      : mapped.problems;
    if (invalid.length > 0) {
      tally.problems.push(...prefixed(index, invalid));
      return [];
    }
    if (mapped.ok && mapped.value.length === 0) tally.ignored += 1;
    return mapped.ok ? mapped.value : [];
  });
}

function validateEntryProblems(entry: RunEventEntry): readonly Problem[] {
  const checked = validateEntry(entry);
  return checked.ok ? [] : checked.problems;
}

async function storePage(entries: RunEventEntry[], writer: EntryWriter, tally: Tally): Promise<void> {
  if (entries.length === 0) return;
  for (const result of await writer.append(entries)) {
    if (result.duplicate) tally.duplicates += 1;
    else tally.stored += 1;
  }
}

/**
 * Reads Prefect's flow-run and task-run events of a time window, page by page, and appends the run events the
 * webhook missed. Storage errors are thrown (the window can simply be read again); events that cannot be mapped
 * are reported in `problems` and skipped.
 *
 * @example
 * const report = await reconcilePrefectEvents({ client, writer: ledger, since: '2026-03-31T00:00:00Z' });
 * console.log(`${report.stored} missed events recovered`);
 */
export async function reconcilePrefectEvents(options: ReconcileOptions): Promise<ReconcileReport> {
  const tally: Tally = { read: 0, stored: 0, duplicates: 0, ignored: 0, problems: [], pages: 0 };
  const maxPages = options.maxPages ?? 1_000;
  const { since, until, pageSize: limit } = options;
  let page = await options.client.readEvents({
    since,
    ...(until === undefined ? {} : { until }),
    ...(limit === undefined ? {} : { limit }),
  });
  for (;;) {
    tally.pages += 1;
    await storePage(mapPage(page, options, tally), options.writer, tally);
    tally.read += page.events.length;
    if (page.nextPageToken === undefined) return { ...tally, complete: true };
    if (tally.pages >= maxPages) return { ...tally, complete: false };
    page = await options.client.readEvents({ pageToken: page.nextPageToken });
  }
}
