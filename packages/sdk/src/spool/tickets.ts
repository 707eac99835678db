import { CairnError } from '@cairn/core';
import type { AppendResult } from '@cairn/core';
import type { Rejection, WriteHooks } from '../sinks/sink.js';

type Ticket = {
  readonly ids: readonly string[];
  readonly results: Map<string, AppendResult>;
  open: number;
  readonly hooks: WriteHooks | undefined;
  readonly resolve: (results: readonly AppendResult[]) => void;
  readonly reject: (error: CairnError) => void;
};

/**
 * The spool's promises of receipts: each `write` waits for its entries to be delivered, which may be after a long
 * outage. Holding them is the one memory cost that grows with the outage, so at most `max` entries are waited
 * for; past that the oldest waits are released with an `unavailable` error. Their entries stay in the journal and
 * are still delivered; only this process stops waiting for their receipts.
 */
export class Tickets {
  #byId = new Map<string, Ticket>();
  #order: Ticket[] = [];
  #waiting = 0;
  #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  open(ids: readonly string[], hooks: WriteHooks | undefined): Promise<readonly AppendResult[]> {
    return new Promise((resolve, reject) => {
      const ticket: Ticket = { ids, results: new Map(), open: ids.length, hooks, resolve, reject };
      if (ids.length === 0) return resolve([]);
      for (const id of ids) this.#byId.set(id, ticket);
      this.#order.push(ticket);
      this.#waiting += ids.length;
      while (this.#waiting > this.#max && this.#order.length > 1) {
        this.#release(
          this.#order[0]!,
          'no longer waited for: more entries are pending than maxPendingReceipts',
        );
      }
    });
  }

  delivered(results: readonly AppendResult[]): void {
    for (const result of results) {
      const ticket = this.#byId.get(result.id);
      if (ticket === undefined || ticket.results.has(result.id)) continue;
      ticket.results.set(result.id, result);
      this.#done(ticket, result.id);
    }
  }

  /** Settles refused entries; returns those nobody in this process waits for (left by an earlier process). */
  rejected(rejections: readonly Rejection[]): Rejection[] {
    const unclaimed: Rejection[] = [];
    for (const rejection of rejections) {
      const ticket = this.#byId.get(rejection.id);
      if (ticket === undefined) {
        unclaimed.push(rejection);
        continue;
      }
      ticket.hooks?.onRejected?.([rejection]);
      this.#done(ticket, rejection.id);
    }
    return unclaimed;
  }

  /** Releases every wait (on close): the entries stay in the journal for the next process. */
  releaseAll(reason: string): void {
    for (const ticket of [...this.#order]) this.#release(ticket, reason);
  }

  #done(ticket: Ticket, id: string): void {
    this.#byId.delete(id);
    this.#waiting -= 1;
    ticket.open -= 1;
    if (ticket.open > 0) return;
    this.#order.splice(this.#order.indexOf(ticket), 1);
    ticket.resolve(ticket.ids.flatMap((i) => ticket.results.get(i) ?? []));
  }

  #release(ticket: Ticket, reason: string): void {
    for (const id of ticket.ids) if (this.#byId.get(id) === ticket) this.#byId.delete(id);
    this.#waiting -= ticket.open;
    this.#order.splice(this.#order.indexOf(ticket), 1);
    ticket.reject(new CairnError('unavailable', `spooled entries are durable but ${reason}`));
  }
}
