import type { AppendResult, Entry, Result } from '@cairn/core';
import type { SealedSecret } from '../privacy/seal.js';
import type { Captured } from './types.js';

/**
 * One accepted entry on its way to the sink: the value `decision()` returns and the queue item at once, so
 * capture allocates one object. `sealed` is made lazily: nothing waits on receipts nobody asked for.
 */
export class Capture implements Captured {
  readonly ok = true as const;
  readonly id: string;
  readonly seq: number;
  #entry: Entry | undefined;
  #secrets: readonly SealedSecret[] | undefined;
  #outcome: Result<AppendResult> | undefined;
  #sealed: Promise<Result<AppendResult>> | undefined;
  #resolveSealed: ((outcome: Result<AppendResult>) => void) | undefined;
  #durable: { resolve: () => void; reject: (error: Error) => void } | undefined;

  constructor(entry: Entry, secrets: readonly SealedSecret[] | undefined) {
    this.id = entry.id;
    this.seq = entry.producer.seq;
    this.#entry = entry;
    this.#secrets = secrets;
  }

  get sealed(): Promise<Result<AppendResult>> {
    this.#sealed ??= this.#outcome
      ? Promise.resolve(this.#outcome)
      : new Promise((resolve) => (this.#resolveSealed = resolve));
    return this.#sealed;
  }

  /** Hands the entry and its secrets to the dispatcher once; the capture keeps neither afterwards. */
  take(): { entry: Entry; secrets: readonly SealedSecret[] | undefined } {
    const taken = { entry: this.#entry!, secrets: this.#secrets };
    this.#entry = undefined;
    this.#secrets = undefined;
    return taken;
  }

  /** Under fail-closed: a promise of durability for the caller to await. */
  whenDurable(): Promise<this> {
    return new Promise((resolve, reject) => (this.#durable = { resolve: () => resolve(this), reject }));
  }

  durable(): void {
    this.#durable?.resolve();
    this.#durable = undefined;
  }

  notDurable(error: Error): void {
    this.#durable?.reject(error);
    this.#durable = undefined;
  }

  settle(outcome: Result<AppendResult>): void {
    if (this.#outcome) return;
    this.#outcome = outcome;
    this.#resolveSealed?.(outcome);
    this.#resolveSealed = undefined;
  }
}
