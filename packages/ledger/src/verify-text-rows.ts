// The fast path of a verify worker's row check: each entry read as SQLite text rather than as a blob. A blob comes
// back from better-sqlite3 as a Buffer of its own (an ArrayBuffer allocated, tracked and later swept, twice per row
// with the leaf hash), which cost as much as reading all the other columns; as text the bytes arrive as one V8
// string ready for JSON.parse, and the stored leaf hash as hex. A row is accepted here only when it is certain to
// pass checkEntryRow with no problem; the caller checks every other row from its bytes, so reports are unchanged.
import { hash } from 'node:crypto';
import type { Problem } from '@cairn/core';
import { COLUMN_NAMES } from './columns.js';
import { checkEntryText } from './verify-entries.js';
import type { DerivedRow, StoredLinks } from './verify-entries.js';

/**
 * The select list of a row read as text, in raw mode: idx, the bytes as text (null unless both the bytes and the
 * leaf hash are blobs, as append writes them), the byte length, the stored leaf hash in hex, the derived columns.
 *
 * @example database.prepare(`select ${TEXT_ROW_COLUMNS} from entries where idx >= ? and idx < ?`).raw(true)
 */
export const TEXT_ROW_COLUMNS = [
  'idx',
  "case when typeof(bytes) = 'blob' and typeof(leaf_hash) = 'blob' then cast(bytes as text) end",
  'length(bytes)',
  'lower(hex(leaf_hash))',
  ...COLUMN_NAMES,
].join(', ');

const DERIVED_FROM = 4;

function derivedRow(raw: readonly unknown[]): DerivedRow {
  const row: Record<string, unknown> = { idx: raw[0] };
  for (let i = 0; i < COLUMN_NAMES.length; i++) row[COLUMN_NAMES[i]!] = raw[DERIVED_FROM + i];
  return row as unknown as DerivedRow;
}

// 0x00 || utf8(text), grown to the largest entry seen (UTF-8 takes at most 3 bytes per UTF-16 code unit).
let scratch = Buffer.alloc(4096);

// RFC 9162 §2.1.1 leaf hash SHA-256(0x00 || bytes) of the UTF-8 form of `text`, in hex, and that form's length.
function leafOfText(text: string): { size: number; hex: string } {
  if (scratch.length < 3 * text.length + 1)
    scratch = Buffer.alloc(2 ** Math.ceil(Math.log2(3 * text.length + 1)));
  scratch[0] = 0x00;
  const size = scratch.write(text, 1, 'utf8');
  return { size, hex: hash('sha256', scratch.subarray(0, size + 1), 'hex') };
}

/**
 * Checks one row read with TEXT_ROW_COLUMNS and writes its leaf hash to out[offset, offset + 32). Returns false,
 * writing nothing, unless checkEntryRow would find no problem in the row: the caller checks those from the bytes.
 *
 * @example if (!checkTextRow(raw, links.get(raw[0]) ?? NO_LINKS, false, leaves, at * 32)) recheck.push(at);
 */
export function checkTextRow(
  raw: readonly unknown[],
  links: StoredLinks,
  content: boolean,
  out: Buffer,
  offset: number,
): boolean {
  const [, text, size, storedHex] = raw;
  // better-sqlite3 decodes SQLite text with V8's UTF-8 decoder, which replaces each ill-formed sequence (those the
  // strict TextDecoder of fromUtf8 rejects) with U+FFFD. Without U+FFFD the string is the exact decoding of all the
  // bytes, so its UTF-8 form is the stored bytes (the length is compared too): the leaf hash below is H(0x00 ||
  // bytes), and the text is what fromUtf8 gives but for a leading BOM, which fromUtf8 strips and JSON.parse
  // refuses, so such a row has a problem here and goes to the exact path.
  if (typeof text !== 'string' || text.includes('\uFFFD')) return false;
  const leaf = leafOfText(text);
  if (leaf.size !== size || leaf.hex !== storedHex) return false;
  const problems: Problem[] = [];
  checkEntryText(derivedRow(raw), text, links, content, problems);
  if (problems.length > 0) return false;
  out.write(leaf.hex, offset, 32, 'hex');
  return true;
}
