// A real in-memory EntryWriter: it validates, stores each id once (a second append of an id answers
// `duplicate: true` with the first index, as a ledger does), and computes RFC 9162 leaf hashes of the RFC 8785
// bytes. Tests of sinks use it where a SQLite ledger would only add setup.
import { CairnError, canonicalBytes, formatProblems, leafHash, toHex, validateEntry } from '@cairn/core';
import type { AppendResult, Entry, EntryWriter } from '@cairn/core';

export type MemoryWriter = EntryWriter & {
  readonly entries: Entry[];
  /** How many appends named an id already stored. */
  readonly duplicates: number;
  /** While true, appends fail as an unreachable store would. */
  down: boolean;
};

export function createMemoryWriter(): MemoryWriter {
  const byId = new Map<string, AppendResult>();
  const writer = {
    entries: [] as Entry[],
    duplicates: 0,
    down: false,
    append(input: readonly Entry[]): Promise<readonly AppendResult[]> {
      if (writer.down) return Promise.reject(new CairnError('unavailable', 'memory writer is down'));
      for (const entry of input) {
        const checked = validateEntry(entry);
        if (!checked.ok)
          return Promise.reject(new CairnError('invalid_entry', formatProblems(checked.problems)));
      }
      return Promise.resolve(
        input.map((entry) => {
          const seen = byId.get(entry.id);
          if (seen) {
            writer.duplicates += 1;
            return { ...seen, duplicate: true };
          }
          const result = {
            id: entry.id,
            index: writer.entries.length,
            leafHash: toHex(leafHash(canonicalBytes(entry))),
            duplicate: false,
          };
          byId.set(entry.id, result);
          writer.entries.push(entry);
          return result;
        }),
      );
    },
  };
  return writer;
}
