// A tiny seeded PRNG for reproducible synthetic streams: mulberry32 (Tommy Ettinger, public domain), 32-bit
// state, period 2^32 — plenty for test data, not for anything secret.

/** A seeded source of uniform numbers in [0, 1) with a few samplers built on it. */
export type Prng = {
  next(): number;
  normal(mean: number, sd: number): number;
  pick(weights: Readonly<Record<string, number>>): string;
  int(below: number): number;
};

/** @example createPrng(42).next() // the same number on every run */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    // Box–Muller transform; 1 − u keeps the logarithm's argument in (0, 1].
    normal: (mean, sd) => mean + sd * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    pick: (weights) => {
      const entries = Object.entries(weights);
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let u = next() * total;
      for (const [label, w] of entries) {
        u -= w;
        if (u < 0) return label;
      }
      return entries[entries.length - 1]![0];
    },
    int: (below) => Math.floor(next() * below),
  };
}
