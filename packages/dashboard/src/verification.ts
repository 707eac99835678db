// Full verifications started from the ledger page: one at a time, in the background, with progress; the last
// finished report is kept for the page. A verification reads every entry, so it is never run per request.
import type { VerifyReport } from '@cairn/ledger';
import type { DashboardArchive } from './ledger.js';

/** What the ledger page shows about full verification. */
export type VerificationState = {
  readonly running?: { readonly startedAt: string; readonly done: number; readonly total: number };
  readonly last?:
    | { readonly startedAt: string; readonly finishedAt: string; readonly report: VerifyReport }
    | { readonly startedAt: string; readonly finishedAt: string; readonly error: string };
};

/** Starts verifications and remembers the last one. */
export type VerificationTracker = {
  /** Starts a verification unless one is running; true when this call started one. */
  start(): boolean;
  state(): VerificationState;
  /** Resolves when the running verification (if any) has finished. */
  settled(): Promise<void>;
};

/**
 * A tracker over `archive.verify`.
 *
 * @example
 * const tracker = createVerificationTracker(ledger);
 * tracker.start(); await tracker.settled(); tracker.state().last;
 */
export function createVerificationTracker(
  archive: Pick<DashboardArchive, 'verify'>,
  now: () => Date = () => new Date(),
): VerificationTracker {
  let running: { startedAt: string; done: number; total: number } | undefined;
  let last: VerificationState['last'];
  let current: Promise<void> = Promise.resolve();
  return Object.freeze({
    start(): boolean {
      if (running !== undefined) return false;
      const progress = { startedAt: now().toISOString(), done: 0, total: 0 };
      running = progress;
      current = archive
        .verify({ onProgress: (done, total) => Object.assign(progress, { done, total }) })
        .then(
          (report) =>
            void (last = { startedAt: progress.startedAt, finishedAt: now().toISOString(), report }),
          (error: unknown) =>
            void (last = {
              startedAt: progress.startedAt,
              finishedAt: now().toISOString(),
              error: error instanceof Error ? error.message : String(error),
            }),
        )
        .finally(() => void (running = undefined));
      return true;
    },
    state: (): VerificationState => ({
      ...(running ? { running: { ...running } } : {}),
      ...(last ? { last } : {}),
    }),
    settled: () => current,
  });
}
