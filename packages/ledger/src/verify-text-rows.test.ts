import { canonicalize, leafHash, toHex } from '@cairn/core';
import type { Entry } from '@cairn/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { COLUMN_NAMES, entryColumns, refIds, runIdRows } from './columns.js';
import { decision } from './test-support/fixtures.js';
import { checkTextRow } from './verify-text-rows.js';

// A row as TEXT_ROW_COLUMNS reads it, for `entry` stored honestly at idx 7 unless `edit` says otherwise.
function rawRow(entry: Entry, edit: { text?: string | null; size?: number; hex?: string } = {}): unknown[] {
  const text = canonicalize(entry);
  const bytes = Buffer.from(text, 'utf8');
  const columns = entryColumns(entry);
  return [
    7,
    edit.text === undefined ? text : edit.text,
    edit.size ?? bytes.length,
    edit.hex ?? toHex(leafHash(bytes)),
    ...COLUMN_NAMES.map((name) => columns[name]),
  ];
}

const honest = decision(7, { subject: 'subj-7' });
const links = { runIds: runIdRows(honest), refs: refIds(honest) };

describe('checkTextRow', () => {
  it('accepts an honest row and writes the leaf hash of its bytes', () => {
    const out = Buffer.alloc(96);
    expect(checkTextRow(rawRow(honest), links, false, out, 32)).toBe(true);
    expect(new Uint8Array(out.subarray(32, 64))).toEqual(leafHash(Buffer.from(canonicalize(honest))));
    expect(out.subarray(0, 32).every((b) => b === 0)).toBe(true);
  });

  it('accepts an honest row under the content checks too', () => {
    expect(checkTextRow(rawRow(honest), links, true, Buffer.alloc(32), 0)).toBe(true);
  });

  const refused: [string, unknown[]][] = [
    ['bytes that are not both blobs', rawRow(honest, { text: null })],
    ['text holding U+FFFD', rawRow(honest, { text: canonicalize(honest).replace('dec-7', 'dec-\uFFFD') })],
    ['a byte length that differs from the text’s', rawRow(honest, { size: 5 })],
    ['a stored leaf hash that differs', rawRow(honest, { hex: '00'.repeat(32) })],
    ['a leading BOM', rawRow(honest, { text: `\uFEFF${canonicalize(honest)}` })],
  ];
  for (const [name, raw] of refused) {
    it(`hands back ${name} to the exact path, writing nothing`, () => {
      const out = Buffer.alloc(32);
      expect(checkTextRow(raw, links, false, out, 0)).toBe(false);
      expect(out.every((b) => b === 0)).toBe(true);
    });
  }

  it('hands back a row whose derived columns or link rows differ from its bytes', () => {
    const raw = rawRow(honest);
    raw[4] = 'other-id';
    expect(checkTextRow(raw, links, false, Buffer.alloc(32), 0)).toBe(false);
    const extraRef = { ...links, refs: [...links.refs, 'dec-1'] };
    expect(checkTextRow(rawRow(honest), extraRef, false, Buffer.alloc(32), 0)).toBe(false);
  });
});

describe('SQLite text as better-sqlite3 decodes it', () => {
  // The text path's soundness rests on this: an ill-formed byte string never reads back without U+FFFD.
  it('replaces every ill-formed UTF-8 sequence with U+FFFD and keeps NUL bytes', () => {
    const database = new Database(':memory:');
    const read = database.prepare<[Buffer]>('select cast(? as text) as t').pluck();
    const illFormed = [
      [0xff],
      [0x80],
      [0xc0, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf0, 0x90, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
    ];
    for (const bytes of illFormed) {
      const text = read.get(Buffer.from([0x7b, ...bytes, 0x7d])) as string;
      expect(text.includes('\uFFFD')).toBe(true);
    }
    expect(read.get(Buffer.from('{"a":"x\u0000y"}', 'utf8'))).toBe('{"a":"x\u0000y"}');
    database.close();
  });
});
