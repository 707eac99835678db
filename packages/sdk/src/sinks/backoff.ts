/** Exponential backoff bounds: the first retry waits up to `baseMs`, each next one up to twice that, capped at `maxMs`. */
export type Backoff = { readonly baseMs: number; readonly maxMs: number };

/**
 * "Full jitter" (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015): a uniform wait in
 * [0, min(maxMs, baseMs·2^attempt)]. Spreading retries over the whole window keeps many producers that lost the
 * same server from coming back in lockstep.
 *
 * @example await sleep(backoffDelay({ baseMs: 100, maxMs: 10_000 }, attempt))
 */
export function backoffDelay(backoff: Backoff, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

/** A sleep that a `stop` call ends early, so closing a sink never waits out a long backoff. */
export type Waiter = { sleep(ms: number): Promise<void>; stop(): void };

/** @example const waiter = createWaiter(); await waiter.sleep(100); waiter.stop(); */
export function createWaiter(): Waiter {
  const pending = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  let stopped = false;
  return {
    sleep(ms) {
      if (stopped) return Promise.resolve();
      return new Promise((resolve) => {
        const item = {
          resolve,
          timer: setTimeout(() => {
            pending.delete(item);
            resolve();
          }, ms),
        };
        pending.add(item);
      });
    },
    stop() {
      stopped = true;
      for (const item of pending) {
        clearTimeout(item.timer);
        item.resolve();
      }
      pending.clear();
    },
  };
}
