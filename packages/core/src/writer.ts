import { isCairnError } from './errors.js';
import { problem } from './result.js';
import type { Problem } from './result.js';
import type { Entry } from './schema/entry.js';

/** What a ledger answers for each appended entry, once the append is committed. */
export type AppendResult = {
  /** The entry id. */
  readonly id: string;
  /** The entry's 0-based position in the log (its Merkle leaf index). */
  readonly index: number;
  /** RFC 9162 leaf hash of the entry's canonical bytes, lowercase hex. */
  readonly leafHash: string;
  /** True when an entry with this id was already sealed: nothing new was stored and `index` is the first one. */
  readonly duplicate: boolean;
};

/**
 * The one thing receivers and SDK sinks need from a ledger: append validated entries and hear back only after
 * they are committed. Declared here so adapters never depend on the storage package. A writer validates what it
 * seals: an invalid entry rejects the append with CairnError('invalid_entry') listing every problem as
 * `cause.problems` (read them with {@link invalidEntryProblems}), so callers need not validate twice.
 *
 * @example
 * const [result] = await writer.append([entry]);
 */
export interface EntryWriter {
  append(entries: readonly Entry[]): Promise<readonly AppendResult[]>;
}

/**
 * The problems of an append an EntryWriter refused as invalid: the listed ones, or one problem carrying the
 * error's message when a writer listed none; undefined for any other error.
 *
 * @example
 * catch (error) { const problems = invalidEntryProblems(error); if (problems) return c.json({ problems }, 400); throw error; }
 */
export function invalidEntryProblems(error: unknown): readonly Problem[] | undefined {
  if (!isCairnError(error, 'invalid_entry')) return undefined;
  const listed = (error.cause as { problems?: unknown } | undefined)?.problems;
  return Array.isArray(listed) ? (listed as Problem[]) : [problem('', 'invalid_entry', error.message)];
}
