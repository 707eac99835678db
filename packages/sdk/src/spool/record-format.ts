import { sha256, toHex } from '@cairn/core';
import type { Position } from './cursor.js';

// One journal record per entry, one line each:
//   LLLLLLLL SP CCCCCCCC SP <JSON> LF
// L: byte length of the JSON as 8 lowercase hex digits; C: the first 4 bytes of SHA-256 of those bytes.
// The length says where a record must end and the checksum says whether what is there is what was written, so a
// write torn by SIGKILL or a power cut is told apart from a complete record without trusting the JSON parser.

const HEADER = 18;
const HEADER_SHAPE = /^[0-9a-f]{8} [0-9a-f]{8} $/;

/** Bytes a record of `jsonBytes` occupies in the journal. */
export function recordSize(jsonBytes: number): number {
  return HEADER + jsonBytes + 1;
}

/** Encodes one entry as a journal record. @example encodeRecord(entry).toString().endsWith('\n') */
export function encodeRecord(value: unknown): Buffer {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  const out = Buffer.allocUnsafe(recordSize(json.length));
  out.write(`${json.length.toString(16).padStart(8, '0')} ${checksum(json)} `, 0, 'latin1');
  json.copy(out, HEADER);
  out[out.length - 1] = 0x0a;
  return out;
}

/** What lies at one offset of a journal buffer. */
export type Decoded =
  | { readonly kind: 'record'; readonly json: string; readonly next: number }
  | { readonly kind: 'incomplete'; readonly needed: number }
  | { readonly kind: 'invalid' };

/** Decodes the record starting at `offset` of `buf`. */
export function decodeAt(buf: Buffer, offset: number): Decoded {
  if (buf.length - offset < HEADER) return { kind: 'incomplete', needed: HEADER };
  const header = buf.toString('latin1', offset, offset + HEADER);
  if (!HEADER_SHAPE.test(header)) return { kind: 'invalid' };
  const length = parseInt(header.slice(0, 8), 16);
  const size = recordSize(length);
  if (buf.length - offset < size) return { kind: 'incomplete', needed: size };
  const json = buf.subarray(offset + HEADER, offset + HEADER + length);
  if (buf[offset + size - 1] !== 0x0a || checksum(json) !== header.slice(9, 17)) return { kind: 'invalid' };
  return { kind: 'record', json: json.toString('utf8'), next: offset + size };
}

/**
 * The first offset at or after `from` where a complete, valid record starts, or undefined. Used to tell a torn
 * tail (nothing valid follows: drop it) from damage in the middle (valid records follow: skip to them, report).
 */
export function nextValidRecord(buf: Buffer, from: number): number | undefined {
  for (let at = buf.indexOf(0x0a, from); at !== -1; at = buf.indexOf(0x0a, at + 1)) {
    if (decodeAt(buf, at + 1).kind === 'record') return at + 1;
  }
  return undefined;
}

function checksum(bytes: Uint8Array): string {
  return toHex(sha256(bytes).subarray(0, 4));
}

/** Decodes consecutive records of a buffer read at `at`, stopping at `max` records or at the first non-record. */
export function decodeRecords(
  buf: Buffer,
  at: Position,
  max: number,
): { records: { json: string; end: Position }[]; stop: Decoded } {
  const records: { json: string; end: Position }[] = [];
  let offset = 0;
  let stop: Decoded = { kind: 'incomplete', needed: 0 };
  while (records.length < max && offset < buf.length) {
    stop = decodeAt(buf, offset);
    if (stop.kind !== 'record') break;
    records.push({ json: stop.json, end: { segment: at.segment, offset: at.offset + stop.next } });
    offset = stop.next;
  }
  return { records, stop };
}
