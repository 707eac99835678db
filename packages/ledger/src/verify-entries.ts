// Checks of one stored entry against nothing but its own bytes: the leaf hash, that the bytes are the canonical
// JSON of a valid entry, and that every derived column and link row says what the bytes say.
import { bytesEqual, canonicalize, fromUtf8, leafHash, problem, toHex, validateEntry } from '@cairn/core';
import type { Entry, Problem } from '@cairn/core';
import { COLUMN_NAMES, entryColumns, refIds, runIdRows } from './columns.js';
import type { RunIdRow } from './columns.js';
import { fromDbBytes } from './store.js';
import type { EntriesTable } from './schema.js';

/** Stored link rows of one entry, as read for a batch. */
export type StoredLinks = { readonly runIds: readonly RunIdRow[]; readonly refs: readonly string[] };

/** The link rows of an entry that has none. */
export const NO_LINKS: StoredLinks = Object.freeze({ runIds: Object.freeze([]), refs: Object.freeze([]) });

/** What checking one row gives: the leaf hash recomputed from the bytes (the tree is rebuilt from it). */
export type RowCheck = { readonly leaf: Uint8Array; readonly problems: Problem[] };

const at = (idx: number) => `entry ${idx}`;

function short(value: unknown): string {
  const text = value === null ? 'null' : JSON.stringify(value);
  return text.length <= 40 ? text : `${text.slice(0, 37)}…`;
}

/**
 * Checks one `entries` row and its link rows. Never throws on bad data: every mismatch is a problem naming the
 * entry and the column. With `content`, also that the bytes are the RFC 8785 form of an entry that passes
 * validateEntry (append guarantees both, so this finds entries written by other means; it costs most of verify).
 *
 * @example const { leaf, problems } = checkEntryRow(row, NO_LINKS, false);
 */
export function checkEntryRow(row: EntriesTable, links: StoredLinks, content: boolean): RowCheck {
  const bytes = fromDbBytes(row.bytes);
  const leaf = leafHash(bytes);
  const problems: Problem[] = [];
  if (!bytesEqual(leaf, fromDbBytes(row.leaf_hash))) {
    problems.push(
      problem(
        at(row.idx),
        'leaf_hash_mismatch',
        `${at(row.idx)}: stored leaf hash ${toHex(fromDbBytes(row.leaf_hash)).slice(0, 16)}… is not H(0x00 || bytes) ${toHex(leaf).slice(0, 16)}…`,
      ),
    );
  }
  checkEntryText(row, decodeUtf8(bytes), links, content, problems);
  return { leaf, problems };
}

/** An entries row without its bytes and leaf hash: what checkEntryText compares the decoded entry with. */
export type DerivedRow = Omit<EntriesTable, 'bytes' | 'leaf_hash'>;

/**
 * The checks of checkEntryRow that need only the entry's text (`undefined` when the bytes are not UTF-8): that it
 * holds an entry (valid and canonical with `content`) and that the derived columns and link rows match it. Adds
 * what it finds to `problems`.
 *
 * @example const problems: Problem[] = []; checkEntryText(row, text, NO_LINKS, false, problems);
 */
export function checkEntryText(
  row: DerivedRow,
  text: string | undefined,
  links: StoredLinks,
  content: boolean,
  problems: Problem[],
): void {
  const entry = content ? decodeValidEntry(row.idx, text, problems) : decodeJson(row.idx, text, problems);
  if (entry === undefined) return;
  try {
    compareDerived(row, entry, links, problems);
  } catch {
    // Only reachable without `content`: JSON that is not shaped like an entry at all.
    problems.push(problem(at(row.idx), 'invalid_entry', `${at(row.idx)}: stored bytes do not hold an entry`));
  }
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return fromUtf8(bytes);
  } catch {
    return undefined;
  }
}

// The parsed value, or undefined when the text is missing (bytes not UTF-8) or not JSON.
function parseJson(text: string | undefined): { value: unknown } | undefined {
  if (text === undefined) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function decodeJson(idx: number, text: string | undefined, problems: Problem[]): Entry | undefined {
  const value = parseJson(text)?.value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Entry;
  problems.push(problem(at(idx), 'invalid_bytes', `${at(idx)}: stored bytes are not a UTF-8 JSON object`));
  return undefined;
}

// JSON.parse is enough here: bytes that are not exactly canonicalize(JSON.parse(bytes)) are reported, and that
// equality fails for duplicate keys, lone surrogates or any other text a strict I-JSON parser would refuse.
function decodeValidEntry(idx: number, text: string | undefined, problems: Problem[]): Entry | undefined {
  const parsed = parseJson(text);
  if (parsed === undefined) {
    problems.push(problem(at(idx), 'invalid_bytes', `${at(idx)}: stored bytes are not UTF-8 JSON`));
    return undefined;
  }
  const checked = validateEntry(parsed.value);
  if (!checked.ok) {
    const first = checked.problems[0]?.message ?? 'invalid';
    problems.push(
      problem(at(idx), 'invalid_entry', `${at(idx)}: stored bytes are not a valid entry (${first})`),
    );
    return undefined;
  }
  let canonical: string | undefined;
  try {
    canonical = canonicalize(checked.value);
  } catch {
    canonical = undefined;
  }
  if (canonical !== text) {
    problems.push(
      problem(at(idx), 'not_canonical', `${at(idx)}: stored bytes are not the RFC 8785 form of the entry`),
    );
  }
  return checked.value;
}

function compareDerived(row: DerivedRow, entry: Entry, links: StoredLinks, problems: Problem[]): void {
  const derived = entryColumns(entry);
  for (const name of COLUMN_NAMES) {
    const stored: unknown = row[name];
    if (stored !== derived[name]) {
      const message = `${at(row.idx)}: column ${name} holds ${short(stored)}, the bytes say ${short(derived[name])}`;
      problems.push(problem(at(row.idx), 'column_mismatch', message));
    }
  }
  if (!sameRunIds(runIdRows(entry), links.runIds)) {
    problems.push(
      problem(
        at(row.idx),
        'run_ids_mismatch',
        `${at(row.idx)}: run_ids rows differ from the run ids in the bytes`,
      ),
    );
  }
  if (!sameSet(refIds(entry), links.refs)) {
    problems.push(
      problem(
        at(row.idx),
        'refs_mismatch',
        `${at(row.idx)}: entry_refs rows differ from the refs in the bytes`,
      ),
    );
  }
}

// The same (name, value) pairs, as many times each. Entries carry a handful of run ids: those are matched pairwise
// without building a string per row; many are compared sorted, as unambiguous JSON texts.
function sameRunIds(a: readonly RunIdRow[], b: readonly RunIdRow[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length > 8) {
    const text = (r: RunIdRow) => JSON.stringify([r.name, r.value]);
    return sameSet(a.map(text), b.map(text));
  }
  let matched = 0; // bit i: b[i] already matched
  for (const x of a) {
    const i = b.findIndex((y, k) => (matched & (1 << k)) === 0 && y.name === x.name && y.value === x.value);
    if (i < 0) return false;
    matched |= 1 << i;
  }
  return true;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  // Most entries have no refs and one or two run ids: skip the sorting copies then.
  if (a.length <= 1) return a[0] === b[0];
  const sortedB = [...b].sort();
  return [...a].sort().every((value, i) => value === sortedB[i]);
}
