/** How a bounded wait ended. */
export type Settled =
  | { readonly status: 'done' }
  | { readonly status: 'failed'; readonly error: unknown }
  | { readonly status: 'timeout' };

/**
 * Waits for `work` at most `timeoutMs` milliseconds and never rejects. The timer is cleared as soon as the work
 * settles and does not hold the process open, so a fast flush costs no idle time and a slow one at most the bound.
 *
 * @example
 * const outcome = await settleWithin(recorder.flush(), 2_000);
 * if (outcome.status !== 'done') report(outcome);
 */
export async function settleWithin(work: Promise<unknown>, timeoutMs: number): Promise<Settled> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Settled>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'timeout' }), timeoutMs);
    // Node only: an unref'd timer never keeps a worker alive on its own.
    if (typeof timer === 'object' && typeof timer.unref === 'function') timer.unref();
  });
  const settled = work.then(
    (): Settled => ({ status: 'done' }),
    (error: unknown): Settled => ({ status: 'failed', error }),
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
