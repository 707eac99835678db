import { describe, expect, it } from 'vitest';
import { quantileSorted, summarise, unitHistogram } from './summary.js';

describe('summarise', () => {
  it('matches R’s default (type 7) quantiles', () => {
    const oneToTen = Array.from({ length: 10 }, (_, i) => i + 1);
    // R: quantile(1:10, c(.1, .25, .5, .75, .9)) → 1.9 3.25 5.5 7.75 9.1
    expect([0.1, 0.25, 0.5, 0.75, 0.9].map((p) => quantileSorted(oneToTen, p))).toEqual([
      expect.closeTo(1.9, 12),
      expect.closeTo(3.25, 12),
      expect.closeTo(5.5, 12),
      expect.closeTo(7.75, 12),
      expect.closeTo(9.1, 12),
    ]);
  });

  it('summarises an unsorted sample and gives nothing for an empty one', () => {
    expect(summarise([0.9, 0.1, 0.5])).toMatchObject({ n: 3, min: 0.1, median: 0.5, max: 0.9, mean: 0.5 });
    expect(summarise([])).toBeUndefined();
  });
});

describe('unitHistogram', () => {
  it('puts 1 in the last bin and every value in exactly one bin', () => {
    expect(unitHistogram([0, 0.05, 0.1, 0.95, 1])).toEqual([2, 1, 0, 0, 0, 0, 0, 0, 0, 2]);
  });
});
