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
 * they are committed. Declared here so adapters never depend on the storage package.
 *
 * @example
 * const [result] = await writer.append([entry]);
 */
export interface EntryWriter {
  append(entries: readonly Entry[]): Promise<readonly AppendResult[]>;
}
