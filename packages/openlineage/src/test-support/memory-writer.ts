// An EntryWriter that really stores, for the receiver tests of @cairn/openlineage, @cairn/prefect, @cairn/airflow
// and @cairn/dagster (docs/architecture.md, "The writer seam": never a mock that cannot fail). It validates what it
// is given, keeps entries in a Map keyed by id, assigns log indices in order, answers `duplicate: true` with the
// first index for an id it already holds, and can be switched into an outage.
import { CairnError, canonicalBytes, formatProblems, leafHash, toHex, validateEntry } from '@cairn/core';
import type { AppendResult, CairnErrorCode, Entry, EntryWriter } from '@cairn/core';

type Stored = { readonly entry: Entry; readonly index: number; readonly leafHash: string };

export class MemoryWriter implements EntryWriter {
  readonly #byId = new Map<string, Stored>();
  #outage: CairnErrorCode | undefined;
  #appendCalls = 0;

  /** Every stored entry, in log order. */
  get entries(): readonly Entry[] {
    return [...this.#byId.values()].sort((a, b) => a.index - b.index).map((stored) => stored.entry);
  }

  get size(): number {
    return this.#byId.size;
  }

  /** How many times `append` was called (including calls that failed). */
  get appendCalls(): number {
    return this.#appendCalls;
  }

  get(id: string): Entry | undefined {
    return this.#byId.get(id)?.entry;
  }

  /** From now on every append throws `CairnError(code)`, as a ledger does when its database is down. */
  failWith(code: CairnErrorCode): void {
    this.#outage = code;
  }

  recover(): void {
    this.#outage = undefined;
  }

  append(entries: readonly Entry[]): Promise<readonly AppendResult[]> {
    this.#appendCalls += 1;
    if (this.#outage !== undefined) {
      return Promise.reject(new CairnError(this.#outage, `memory writer: simulated ${this.#outage} failure`));
    }
    // As a ledger does (core's EntryWriter contract): every problem of every entry, listed in `cause.problems`.
    const problems = entries.flatMap((entry) => {
      const checked = validateEntry(entry);
      return checked.ok ? [] : checked.problems;
    });
    if (problems.length > 0) {
      return Promise.reject(
        new CairnError('invalid_entry', formatProblems(problems), { cause: { problems } }),
      );
    }
    return Promise.resolve(entries.map((entry) => this.#store(entry)));
  }

  #store(entry: Entry): AppendResult {
    const existing = this.#byId.get(entry.id);
    if (existing !== undefined)
      return { id: entry.id, index: existing.index, leafHash: existing.leafHash, duplicate: true };
    // A copy, so a caller that mutates its object afterwards cannot rewrite history.
    const stored = {
      entry: structuredClone(entry),
      index: this.#byId.size,
      leafHash: toHex(leafHash(canonicalBytes(entry))),
    };
    this.#byId.set(entry.id, stored);
    return { id: entry.id, index: stored.index, leafHash: stored.leafHash, duplicate: false };
  }
}
