// Drift analysis settings: what a team may tune, with defaults that keep false alarms rare on stable streams.

import { describeValue, fail, ok, problem } from '@cairn/core';
import type { Problem, Result } from '@cairn/core';
import { DEFAULT_PSI_EPSILON } from './stats/psi.js';

/** Where each window's baseline comes from: the N windows just before it, or one fixed period. */
export type BaselineConfig =
  | { readonly kind: 'preceding'; readonly windows: number }
  | { readonly kind: 'fixed'; readonly from: string; readonly to: string };

/** What a caller may set; everything is optional. */
export type DriftConfig = {
  /** Tumbling window length in milliseconds, by `occurredAt`. Default one day. */
  readonly windowMs?: number;
  /** Where windows are aligned. Default the Unix epoch, so daily windows start at 00:00 UTC. */
  readonly origin?: string;
  readonly baseline?: BaselineConfig;
  /** Significance level of each test in each window. Default 0.01. */
  readonly alpha?: number;
  /** Fewest observations a window and its baseline each need before a test runs. Default 30. */
  readonly minSamples?: number;
  /** PSI thresholds: `warning` gates a mix finding (with the chi-square test), `critical` raises its severity. */
  readonly psi?: { readonly warning?: number; readonly critical?: number; readonly epsilon?: number };
  readonly detectors?: {
    readonly mix?: boolean;
    readonly confidence?: boolean;
    readonly overrideRate?: boolean;
    readonly versions?: boolean;
  };
};

/** A config with every default filled in and every value checked. */
export type DriftSettings = {
  readonly windowMs: number;
  readonly originMs: number;
  readonly baseline: BaselineConfig;
  readonly alpha: number;
  readonly minSamples: number;
  readonly psi: { readonly warning: number; readonly critical: number; readonly epsilon: number };
  readonly detectors: {
    readonly mix: boolean;
    readonly confidence: boolean;
    readonly overrideRate: boolean;
    readonly versions: boolean;
  };
};

/**
 * The defaults, stated once.
 *
 * @example
 * DEFAULT_DRIFT_SETTINGS.alpha // 0.01
 */
export const DEFAULT_DRIFT_SETTINGS: DriftSettings = Object.freeze({
  windowMs: 86_400_000,
  originMs: 0,
  baseline: Object.freeze({ kind: 'preceding', windows: 4 } as const),
  alpha: 0.01,
  minSamples: 30,
  // Industry convention for PSI (see stats/psi.ts): 0.1 moderate, 0.25 significant.
  psi: Object.freeze({ warning: 0.1, critical: 0.25, epsilon: DEFAULT_PSI_EPSILON }),
  detectors: Object.freeze({ mix: true, confidence: true, overrideRate: true, versions: true }),
});

/**
 * Checks a config and fills in the defaults, reporting every problem.
 *
 * @example
 * const settings = resolveDriftConfig({ windowMs: 3_600_000, alpha: 0.001 });
 * if (!settings.ok) console.error(formatProblems(settings.problems));
 */
export function resolveDriftConfig(config: DriftConfig = {}): Result<DriftSettings> {
  const problems: Problem[] = [];
  const d = DEFAULT_DRIFT_SETTINGS;
  const windowMs = positiveInteger(problems, 'windowMs', config.windowMs, d.windowMs);
  const originMs = config.origin === undefined ? d.originMs : time(problems, 'origin', config.origin);
  const alpha = config.alpha ?? d.alpha;
  if (!(alpha > 0 && alpha < 1))
    problems.push(expected('alpha', 'a number between 0 and 1 (exclusive)', alpha));
  const minSamples = positiveInteger(problems, 'minSamples', config.minSamples, d.minSamples);
  const psi = { ...d.psi, ...config.psi };
  for (const key of ['warning', 'critical', 'epsilon'] as const) {
    if (!(psi[key] > 0) || !Number.isFinite(psi[key]))
      problems.push(expected(`psi.${key}`, 'a number above 0', psi[key]));
  }
  if (psi.critical < psi.warning)
    problems.push(expected('psi.critical', `a number at least psi.warning (${psi.warning})`, psi.critical));
  const baseline = resolveBaseline(problems, config.baseline ?? d.baseline);
  const detectors = { ...d.detectors, ...config.detectors };
  if (problems.length > 0) return fail(problems);
  return ok(Object.freeze({ windowMs, originMs, baseline, alpha, minSamples, psi, detectors }));
}

function resolveBaseline(problems: Problem[], baseline: BaselineConfig): BaselineConfig {
  if (baseline.kind === 'preceding') {
    positiveInteger(problems, 'baseline.windows', baseline.windows, 1);
    return baseline;
  }
  if (baseline.kind !== 'fixed') {
    problems.push(expected('baseline.kind', "'preceding' or 'fixed'", (baseline as { kind?: unknown }).kind));
    return baseline;
  }
  const from = time(problems, 'baseline.from', baseline.from);
  const to = time(problems, 'baseline.to', baseline.to);
  if (from >= to)
    problems.push(problem('baseline.to', 'out_of_range', 'baseline.to: expected a time after baseline.from'));
  return baseline;
}

function positiveInteger(
  problems: Problem[],
  path: string,
  value: number | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1)
    problems.push(expected(path, 'a whole number of at least 1', value));
  return value;
}

function time(problems: Problem[], path: string, value: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms))
    problems.push(expected(path, 'an RFC 3339 time such as 2026-11-23T00:00:00.000Z', value));
  return ms;
}

function expected(path: string, what: string, value: unknown): Problem {
  return problem(path, 'invalid_config', `${path}: expected ${what}, got ${describeValue(value)}`);
}
