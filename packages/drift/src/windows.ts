// Tumbling windows by `occurredAt`, aligned to an origin, and the baseline each window is compared with.

import type { DecisionPoint } from './collect.js';
import type { DriftSettings } from './config.js';

/** Decisions whose `occurredAt` falls in `[start, end)`. */
export type DecisionSlice = {
  readonly start: number;
  readonly end: number;
  readonly decisions: readonly DecisionPoint[];
};

/** RFC 3339 UTC with milliseconds, as the schema writes times. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * Start of the window that holds `at`: origin + ⌊(at − origin) / length⌋ · length.
 *
 * @example
 * windowStart(Date.parse('2026-11-23T14:00:00Z'), { originMs: 0, windowMs: 86_400_000 }) // 2026-11-23T00:00Z
 */
export function windowStart(at: number, settings: Pick<DriftSettings, 'originMs' | 'windowMs'>): number {
  return settings.originMs + Math.floor((at - settings.originMs) / settings.windowMs) * settings.windowMs;
}

/** Splits decisions into their non-empty windows, earliest first; each window keeps log order. */
export function tumblingWindows(
  decisions: readonly DecisionPoint[],
  settings: Pick<DriftSettings, 'originMs' | 'windowMs'>,
): DecisionSlice[] {
  const byStart = new Map<number, DecisionPoint[]>();
  for (const decision of decisions) {
    if (!Number.isFinite(decision.at)) continue;
    const start = windowStart(decision.at, settings);
    const list = byStart.get(start) ?? [];
    list.push(decision);
    byStart.set(start, list);
  }
  return [...byStart.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, list]) => ({ start, end: start + settings.windowMs, decisions: list }));
}

/**
 * The baseline of a window: the `N` windows just before it (however many of them hold decisions), or the fixed
 * period. A window that starts before a fixed baseline ends has no baseline: it would be compared with itself.
 */
export function baselineOf(
  window: DecisionSlice,
  windows: readonly DecisionSlice[],
  settings: Pick<DriftSettings, 'baseline' | 'windowMs'>,
): DecisionSlice | undefined {
  const { baseline } = settings;
  const [start, end] =
    baseline.kind === 'preceding'
      ? [window.start - baseline.windows * settings.windowMs, window.start]
      : [Date.parse(baseline.from), Date.parse(baseline.to)];
  if (baseline.kind === 'fixed' && window.start < end) return undefined;
  const decisions: DecisionPoint[] = [];
  // Windows are sorted by start: skip to the first that ends after `start` instead of scanning them all, so a
  // year of hourly windows stays linear.
  for (let i = firstEndingAfter(windows, start); i < windows.length && windows[i]!.start < end; i++) {
    for (const d of windows[i]!.decisions) if (d.at >= start && d.at < end) decisions.push(d);
  }
  return { start, end, decisions };
}

function firstEndingAfter(windows: readonly DecisionSlice[], time: number): number {
  let lo = 0;
  let hi = windows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (windows[mid]!.end > time) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
