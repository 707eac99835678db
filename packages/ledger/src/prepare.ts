// Everything an append can do before it takes the write lock: validate, canonicalise, hash, derive columns.
// Keeping this outside the lock is what lets several processes append at once without queueing on CPU work.
import {
  CairnError,
  canonicalEntryBytes,
  formatProblems,
  leafHash,
  problem,
  validateEntry,
} from '@cairn/core';
import type { Entry, Problem } from '@cairn/core';
import { entryColumns, refIds, runIdRows } from './columns.js';
import type { EntryColumns, RunIdRow } from './columns.js';

/**
 * An entry ready to be sealed: its canonical bytes, leaf hash and derived rows. It keeps no reference to the
 * validated copy the bytes were made from: held for a whole batch, those copies outlived V8's young generation,
 * and collecting them cost about a third of a batched append (see the package README's benchmark).
 */
export type PreparedEntry = {
  readonly bytes: Uint8Array;
  readonly leafHash: Uint8Array;
  readonly columns: EntryColumns;
  readonly runIds: readonly RunIdRow[];
  readonly refs: readonly string[];
};

/** The most problems one failed append lists in its message; the count of the rest follows. */
const MAX_REPORTED = 10;

/**
 * Validates and canonicalises a batch. Throws CairnError('invalid_entry') listing the problems of every invalid
 * entry (`entries[3].decision.confidence: …`): a batch is stored whole or not at all.
 *
 * @example const prepared = prepareEntries([entry]); prepared[0].bytes // RFC 8785 bytes
 */
export function prepareEntries(inputs: readonly unknown[]): PreparedEntry[] {
  const prepared: PreparedEntry[] = [];
  const problems: Problem[] = [];
  inputs.forEach((input, i) => {
    const checked = validateEntry(input, { canonicalOrder: true });
    if (!checked.ok) {
      for (const p of checked.problems) problems.push(inBatch(p, i, inputs.length));
      return;
    }
    prepared.push(prepareValid(checked.value));
  });
  if (problems.length > 0) {
    // Every problem rides along as `cause.problems` (core's EntryWriter contract; see invalidEntryProblems).
    throw new CairnError('invalid_entry', formatProblems(problems, MAX_REPORTED), { cause: { problems } });
  }
  return prepared;
}

/** Prepares an entry that already passed validateEntry. */
export function prepareValid(entry: Entry): PreparedEntry {
  const bytes = canonicalEntryBytes(entry);
  return {
    bytes,
    leafHash: leafHash(bytes),
    columns: entryColumns(entry),
    runIds: runIdRows(entry),
    refs: refIds(entry),
  };
}

function inBatch(p: Problem, index: number, total: number): Problem {
  if (total === 1) return p;
  const path = p.path === '' ? `entries[${index}]` : `entries[${index}].${p.path}`;
  return problem(path, p.code, `entries[${index}].${p.message}`);
}
