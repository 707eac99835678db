// What every detector produces: a finding that names its baseline, window, statistic, threshold and the entries
// behind it, so an auditor can re-derive it from the ledger.

import { sha256, toHex, utf8 } from '@cairn/core';
import type { Json } from '@cairn/core';

/** The detectors that produce findings. */
export type DetectorName =
  'mix' | 'confidence' | 'override_rate' | 'version_change' | 'consistency' | 'replay';

/** Anomaly severities, as in the record schema. */
export type Severity = 'info' | 'warning' | 'critical';

/** A sealed entry a finding rests on: its id and its position in the log. */
export type FindingEntryRef = { readonly id: string; readonly index: number };

/** A compact account of many entries: how many, the lowest and highest log position, and the inclusive runs. */
export type EntrySpan = {
  readonly count: number;
  /** Null when there are no entries. */
  readonly first: number | null;
  readonly last: number | null;
  readonly indexRanges: readonly (readonly [number, number])[];
  /** True when more runs existed than `indexRanges` holds. */
  readonly rangesTruncated: boolean;
};

/** A time interval `[from, to)` as RFC 3339 UTC strings. */
export type Interval = { readonly from: string; readonly to: string };

/** One result of a detector. `entries` lists the entries behind it, most telling first. */
export type Finding = {
  /** Derived from what was found, so re-running an analysis yields the same id (the ledger then stores nothing new). */
  readonly id: string;
  readonly detector: DetectorName;
  readonly severity: Severity;
  /** Empty strings when a finding spans agents or decision types. */
  readonly agentId: string;
  readonly decisionType: string;
  readonly summary: string;
  readonly statistic?: { readonly name: string; readonly value: number; readonly threshold: number };
  readonly test?: {
    readonly name: string;
    readonly statistic: number;
    readonly pValue: number;
    readonly alpha: number;
    readonly dof?: number;
  };
  readonly window?: Interval;
  readonly baseline?: Interval & { readonly entries: EntrySpan };
  readonly entries: readonly FindingEntryRef[];
  /** When the finding became observable: the latest `occurredAt` among its entries. */
  readonly occurredAt: string;
  readonly details: Readonly<Record<string, Json>>;
};

/** Most index runs kept in an {@link EntrySpan}: bounds the size of an anomaly entry's details. */
export const MAX_INDEX_RANGES = 100;

/**
 * Summarises log positions as sorted inclusive runs.
 *
 * @example
 * entrySpan([4, 2, 3, 9]) // { count: 4, first: 2, last: 9, indexRanges: [[2, 4], [9, 9]], rangesTruncated: false }
 */
export function entrySpan(indices: Iterable<number>, maxRanges = MAX_INDEX_RANGES): EntrySpan {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const ranges: [number, number][] = [];
  for (const index of sorted) {
    const last = ranges[ranges.length - 1];
    if (last !== undefined && last[1] === index - 1) last[1] = index;
    else ranges.push([index, index]);
  }
  return {
    count: sorted.length,
    first: sorted[0] ?? null,
    last: sorted[sorted.length - 1] ?? null,
    indexRanges: ranges.slice(0, maxRanges),
    rangesTruncated: ranges.length > maxRanges,
  };
}

/** An {@link EntrySpan} as plain JSON for an entry's details. */
export function entrySpanJson(span: EntrySpan): { [key: string]: Json } {
  return {
    count: span.count,
    first: span.first,
    last: span.last,
    indexRanges: span.indexRanges.map(([a, b]) => [a, b]),
    rangesTruncated: span.rangesTruncated,
  };
}

/**
 * A stable finding id: the detector name and 32 hex digits of SHA-256 over the parts that identify the finding,
 * within the 128-character id alphabet of the record schema.
 *
 * @example
 * findingId('mix', ['agent-1', 'loan.underwriting', '2026-11-23T00:00:00.000Z'])
 */
export function findingId(detector: DetectorName, parts: readonly (string | number)[]): string {
  return `drift:${detector}:${toHex(sha256(utf8(JSON.stringify(parts)))).slice(0, 32)}`;
}
