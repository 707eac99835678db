import { describe, expect, it } from 'vitest';
import { settleWithin } from './bounded.js';

describe('settleWithin', () => {
  it('reports work that finished in time as done', async () => {
    await expect(settleWithin(Promise.resolve(42), 1_000)).resolves.toStrictEqual({ status: 'done' });
  });

  it('reports work that failed with its error instead of rejecting', async () => {
    const error = new Error('sink down');
    await expect(settleWithin(Promise.reject(error), 1_000)).resolves.toStrictEqual({
      status: 'failed',
      error,
    });
  });

  it('gives up on work that never settles once the bound has passed', async () => {
    await expect(settleWithin(new Promise(() => undefined), 5)).resolves.toStrictEqual({ status: 'timeout' });
  });
});
