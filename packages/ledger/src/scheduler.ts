// Checkpoints on a clock: every `everyMs` when entries arrived since the latest checkpoint, and a heartbeat when
// none was signed for `heartbeatMs`, so an idle log still shows it was alive (integrity.md §5, CloudTrail's empty
// digests). Timers are unref'd, never overlap, and stop() waits for a tick in flight.
import { latestStoredCheckpoint } from './checkpoints.js';
import type { CheckpointPolicy } from './checkpoints.js';
import { currentSize } from './frontier.js';
import type { LedgerDb } from './store.js';

/** What the scheduler needs from its ledger. */
export type SchedulerOptions = {
  readonly policy: CheckpointPolicy;
  readonly enabled: boolean;
  readonly db: LedgerDb;
  readonly now: () => Date;
  readonly sign: () => Promise<unknown>;
  readonly onError: (error: unknown) => void;
};

// A heartbeat is checked four times per period, so the gap between two checkpoints of an idle log stays within
// 1.25 × heartbeatMs.
const HEARTBEAT_CHECKS = 4;

/**
 * Runs the timed part of a checkpoint policy.
 *
 * @example const scheduler = new Scheduler({ policy: { heartbeatMs: 60_000 }, enabled: true, db, now, sign, onError });
 */
export class Scheduler {
  readonly #options: SchedulerOptions;
  readonly #timers: NodeJS.Timeout[] = [];
  #inFlight: Promise<void> | undefined;

  constructor(options: SchedulerOptions) {
    this.#options = options;
    const { everyMs, heartbeatMs } = options.policy;
    if (!options.enabled) return;
    if (everyMs !== undefined && everyMs > 0) this.#every(everyMs, () => this.#sealNewEntries());
    if (heartbeatMs !== undefined && heartbeatMs > 0) {
      this.#every(Math.max(1, Math.floor(heartbeatMs / HEARTBEAT_CHECKS)), () =>
        this.#heartbeat(heartbeatMs),
      );
    }
  }

  #every(ms: number, tick: () => Promise<void>): void {
    const timer = setInterval(() => {
      if (this.#inFlight !== undefined) return;
      this.#inFlight = tick()
        .catch((error: unknown) => this.#options.onError(error))
        .finally(() => (this.#inFlight = undefined));
    }, ms);
    timer.unref();
    this.#timers.push(timer);
  }

  async #sealNewEntries(): Promise<void> {
    const latest = await latestStoredCheckpoint(this.#options.db);
    if ((await currentSize(this.#options.db)) > (latest?.size ?? 0)) await this.#options.sign();
  }

  async #heartbeat(heartbeatMs: number): Promise<void> {
    const latest = await latestStoredCheckpoint(this.#options.db);
    const age =
      latest === undefined ? Infinity : this.#options.now().getTime() - Date.parse(latest.createdAt);
    if (age >= heartbeatMs) await this.#options.sign();
  }

  /** Stops the timers and waits for a tick in flight. */
  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers.length = 0;
    await this.#inFlight;
  }
}
