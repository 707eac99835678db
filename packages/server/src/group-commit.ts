import type { AppendResult, Entry, EntryWriter } from '@cairn/core';
import { isTemporaryStorageFailure } from './storage-errors.js';

type Waiting = {
  readonly entries: readonly Entry[];
  readonly resolve: (results: readonly AppendResult[]) => void;
  readonly reject: (error: unknown) => void;
};

/** Options of {@link groupCommit}. */
export type GroupCommitOptions = {
  /** Most entries in one transaction (default 1000); a single larger append still commits whole. */
  readonly maxEntries?: number;
  /** Most event-loop turns a group waits for more appends while they keep arriving (default 16; 0: none). */
  readonly maxWaitTurns?: number;
  /** Hears each committed group: how many appends and entries it held. */
  readonly onCommit?: (group: { readonly appends: number; readonly entries: number }) => void;
};

/** An EntryWriter that groups concurrent appends; `flush()` resolves once nothing is queued or committing. */
export type GroupWriter = EntryWriter & { flush(): Promise<void> };

/**
 * Groups the appends of concurrent requests into one ledger transaction, so throughput does not collapse to one
 * fsync per request. Each caller still hears back only after its own entries are committed, and gets only its
 * own results. A temporary storage failure rejects every caller of that group (none was acknowledged); any other
 * failure of a group is retried one append at a time, so one caller's bad entry never fails its neighbours.
 *
 * @example const writer = groupCommit(ledger, { maxEntries: 1000 })
 */
export function groupCommit(target: EntryWriter, options: GroupCommitOptions = {}): GroupWriter {
  const maxEntries = options.maxEntries ?? 1000;
  const maxYields = options.maxWaitTurns ?? 16;
  let queue: Waiting[] = [];
  let running: Promise<void> | undefined;

  const drain = async () => {
    try {
      while (queue.length > 0) {
        await gather(() => queue.length, maxYields);
        const group = takeGroup(queue, maxEntries);
        queue = queue.slice(group.length);
        await commitGroup(target, group);
        report(options, group);
      }
    } finally {
      // Cleared in the same turn as the empty-queue check, so no append can slip between the two.
      running = undefined;
    }
  };

  return {
    append(entries) {
      if (entries.length === 0) return Promise.resolve([]);
      return new Promise((resolve, reject) => {
        queue.push({ entries, resolve, reject });
        // While a group commits, newcomers wait and form the next group: the batch grows with the load.
        running ??= drain();
      });
    },
    async flush() {
      while (running !== undefined) await running;
    },
  };
}

// Lets the event loop run while appends keep arriving: each turn reads more requests off their sockets, and those
// already mid-way (body read, parsed, validated) reach append(). Stops as soon as a turn brings nobody new, so a
// lone request waits one turn only.
async function gather(size: () => number, maxYields: number): Promise<void> {
  let before = -1;
  for (let turn = 0; turn < maxYields && size() !== before; turn++) {
    before = size();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function report(options: GroupCommitOptions, group: readonly Waiting[]): void {
  try {
    options.onCommit?.({ appends: group.length, entries: group.reduce((n, w) => n + w.entries.length, 0) });
  } catch {
    // A metrics hook must never stop the commits of the callers queued behind this group.
  }
}

function takeGroup(queue: readonly Waiting[], maxEntries: number): Waiting[] {
  const group: Waiting[] = [];
  let count = 0;
  for (const waiting of queue) {
    if (group.length > 0 && count + waiting.entries.length > maxEntries) break;
    group.push(waiting);
    count += waiting.entries.length;
  }
  return group;
}

async function commitGroup(target: EntryWriter, group: readonly Waiting[]): Promise<void> {
  try {
    const results = await target.append(group.flatMap((w) => w.entries));
    let offset = 0;
    for (const waiting of group) {
      waiting.resolve(results.slice(offset, offset + waiting.entries.length));
      offset += waiting.entries.length;
    }
  } catch (error) {
    if (group.length === 1 || isTemporaryStorageFailure(error)) {
      for (const waiting of group) waiting.reject(error);
      return;
    }
    // The group was rolled back as a whole; alone, each append succeeds or fails on its own entries.
    for (const waiting of group) await commitGroup(target, [waiting]);
  }
}
