// Five-number-style summaries and fixed-bin histograms of confidence values, for findings and charts.

/** Order statistics of a sample (Hyndman and Fan 1996, type 7: linear interpolation, R's default). */
export type SampleSummary = {
  readonly n: number;
  readonly min: number;
  readonly q10: number;
  readonly q25: number;
  readonly median: number;
  readonly q75: number;
  readonly q90: number;
  readonly max: number;
  readonly mean: number;
};

/**
 * The p-quantile of an ascending sample, type 7: h = (n − 1)p, interpolating between neighbours.
 *
 * @example
 * quantileSorted([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileSorted(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const below = sorted[lo]!;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return below + (h - lo) * (above - below);
}

/**
 * Summarises a sample, or returns undefined for an empty one.
 *
 * @example
 * summarise([0.2, 0.4, 0.9])?.median // 0.4
 */
export function summarise(values: readonly number[]): SampleSummary | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => quantileSorted(sorted, p);
  return {
    n: sorted.length,
    min: sorted[0]!,
    q10: q(0.1),
    q25: q(0.25),
    median: q(0.5),
    q75: q(0.75),
    q90: q(0.9),
    max: sorted[sorted.length - 1]!,
    mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
  };
}

/**
 * Counts values in `bins` equal bins over [0, 1]; the last bin is closed so 1 lands in it.
 *
 * @example
 * unitHistogram([0, 0.05, 0.95, 1], 10) // [2, 0, 0, 0, 0, 0, 0, 0, 0, 2]
 */
export function unitHistogram(values: readonly number[], bins = 10): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
    counts[bin] = counts[bin]! + 1;
  }
  return counts;
}
