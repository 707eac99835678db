// An in-memory EntryWriter that really stores: it validates every entry with core's schema, refuses a batch
// with any invalid entry, seals canonical bytes with their RFC 9162 leaf hash, and answers duplicates by id.

import { CairnError, canonicalBytes, formatProblems, leafHash, toHex, validateEntry } from '@cairn/core';
import type { AppendResult, Entry, EntryWriter } from '@cairn/core';
import type { SealedEntry } from '../collect.js';

export type MemoryWriter = EntryWriter & { readonly sealed: SealedEntry[] };

export function createMemoryWriter(initial: readonly SealedEntry[] = []): MemoryWriter {
  const sealed: SealedEntry[] = [...initial];
  const byId = new Map<string, AppendResult>();
  for (const s of initial)
    byId.set(s.entry.id, {
      id: s.entry.id,
      index: s.index,
      leafHash: toHex(leafHash(canonicalBytes(s.entry))),
      duplicate: false,
    });
  return {
    sealed,
    append(entries: readonly Entry[]): Promise<readonly AppendResult[]> {
      const problems = entries.flatMap((entry, i) => {
        const result = validateEntry(entry);
        return result.ok ? [] : result.problems.map((p) => `[${i}] ${p.message}`);
      });
      if (problems.length > 0)
        return Promise.reject(
          new CairnError(
            'invalid_entry',
            formatProblems(problems.map((message) => ({ path: '', code: 'invalid', message }))),
          ),
        );
      return Promise.resolve(
        entries.map((entry) => {
          const known = byId.get(entry.id);
          if (known) return { ...known, duplicate: true };
          const result = {
            id: entry.id,
            index: sealed.length,
            leafHash: toHex(leafHash(canonicalBytes(entry))),
            duplicate: false,
          };
          sealed.push({ index: result.index, entry });
          byId.set(entry.id, result);
          return result;
        }),
      );
    },
  };
}
