import type { AppendResult, Result } from '@cairn/core';
import type {
  Captured,
  ContestInput,
  CorrectionInput,
  DecisionInput,
  FailMode,
  OversightInput,
  Recorded,
  Recorder,
  RecorderDefaults,
  Refused,
  RunEventInput,
} from '@cairn/sdk';

/**
 * Where one entry of the attempt stands. `pending` after a flush means journaled and awaiting its receipt (a
 * spooled sink): durable, not yet sealed.
 */
export type EntryState = 'pending' | 'durable' | 'sealed' | 'lost';

/** The recording calls of a recorder; `decision` is the one run metadata links to. */
export type TrackedKind = 'decision' | 'oversight' | 'contest' | 'correct' | 'runEvent';

/** One entry recorded during the attempt, as far as this process knows it. */
export type TrackedEntry = {
  readonly kind: TrackedKind;
  id: string | undefined;
  state: EntryState;
  receipt: AppendResult | undefined;
};

function isPromise<T>(value: unknown): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === 'function';
}

/** Everything recorded through the views handed out during one attempt. */
export class AttemptEntries {
  readonly #items: TrackedEntry[] = [];

  /** Follows one recording call's result to its receipt, without keeping the entry itself. */
  add(kind: TrackedKind, recorded: Captured | Refused | Promise<Captured>): void {
    const item: TrackedEntry = { kind, id: undefined, state: 'pending', receipt: undefined };
    this.#items.push(item);
    if (isPromise<Captured>(recorded)) {
      // Fail-closed recorders resolve once the entry is durable and reject when it cannot be stored.
      recorded.then(
        (captured) => {
          item.id = captured.id;
          if (item.state === 'pending') item.state = 'durable';
          watchSeal(item, captured.sealed);
        },
        () => (item.state = 'lost'),
      );
      return;
    }
    if (!recorded.ok) {
      item.state = 'lost';
      return;
    }
    item.id = recorded.id;
    watchSeal(item, recorded.sealed);
  }

  get all(): readonly TrackedEntry[] {
    return this.#items;
  }

  /** Entries refused, dropped or lost; judged after a flush, when every entry is durable or has failed. */
  notDurable(): readonly TrackedEntry[] {
    return this.#items.filter((item) => item.state === 'lost');
  }

  /** The attempt's decisions that were stored: sealed, or durable and awaiting their receipt. */
  storedDecisions(): readonly (TrackedEntry & { id: string })[] {
    return this.#items.filter(
      (item): item is TrackedEntry & { id: string } =>
        item.kind === 'decision' && item.id !== undefined && item.state !== 'lost',
    );
  }
}

function watchSeal(item: TrackedEntry, sealed: Promise<Result<AppendResult>>): void {
  void sealed.then((outcome) => {
    if (outcome.ok) {
      item.state = 'sealed';
      item.receipt = outcome.value;
      return;
    }
    // The recorder settles `sealed` with code `unsealed` for entries a spool holds durably but whose receipt this
    // process will not see; every other failure means the entry is not stored.
    item.state = outcome.problems.some((p) => p.code === 'unsealed') ? 'durable' : 'lost';
  });
}

/**
 * A view of `view` that reports every recording call to `entries`, so the end of the attempt knows what it has
 * to wait for and which decisions to link from the run's metadata. Everything else passes straight through.
 *
 * @example
 * const bound = trackingView(recorder.with({ run }), entries);
 */
export function trackingView<M extends FailMode>(view: Recorder<M>, entries: AttemptEntries): Recorder<M> {
  const track = (kind: TrackedKind, recorded: Recorded<M>): Recorded<M> => {
    entries.add(kind, recorded);
    return recorded;
  };
  return Object.freeze({
    ...view,
    decision: (input: DecisionInput) => track('decision', view.decision(input)),
    oversight: (input: OversightInput) => track('oversight', view.oversight(input)),
    contest: (input: ContestInput) => track('contest', view.contest(input)),
    correct: (input: CorrectionInput) => track('correct', view.correct(input)),
    runEvent: (input: RunEventInput) => track('runEvent', view.runEvent(input)),
    with: (defaults: RecorderDefaults) => trackingView(view.with(defaults), entries),
  });
}
