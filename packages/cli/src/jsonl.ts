// JSON lines input for `cairn append`: split a byte stream on "\n" without trusting its size or encoding, then
// parse each line strictly (I-JSON) and validate it as a Cairn entry, naming the line in every problem.
import type { Readable } from 'node:stream';
import { fromUtf8, parseJson, problem, validateEntry } from '@cairn/core';
import type { Entry, Problem, Result } from '@cairn/core';

/** One input line: its 1-based number and its bytes without the line ending. */
export type InputLine = { readonly line: number; readonly bytes: Uint8Array; readonly tooLong: boolean };

/** Longest accepted line: an entry is at most 256 KiB of JSON, with room for indentation inside a line. */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Yields the lines of a byte stream in constant memory (one line at a time), dropping a final "\r" (CRLF files).
 * A line longer than `maxBytes` is yielded with `tooLong` and no bytes, so one huge line cannot exhaust memory.
 *
 * @example for await (const { line, bytes } of inputLines(createReadStream('entries.jsonl'))) …
 */
export async function* inputLines(stream: Readable, maxBytes = MAX_LINE_BYTES): AsyncGenerator<InputLine> {
  let parts: Uint8Array[] = [];
  let length = 0;
  let tooLong = false;
  let line = 0;
  const take = (): InputLine => {
    const bytes = tooLong ? new Uint8Array(0) : trimCr(joinParts(parts, length));
    const out = { line: ++line, bytes, tooLong };
    parts = [];
    length = 0;
    tooLong = false;
    return out;
  };
  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    let start = 0;
    for (let at = bytes.indexOf(0x0a); ; at = bytes.indexOf(0x0a, start)) {
      const piece = bytes.subarray(start, at === -1 ? bytes.length : at);
      length += piece.length;
      if (length > maxBytes) {
        tooLong = true;
        parts = [];
      } else if (piece.length > 0) {
        parts.push(piece.slice());
      }
      if (at === -1) break;
      yield take();
      start = at + 1;
    }
  }
  if (length > 0 || tooLong) yield take();
}

function joinParts(parts: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function trimCr(bytes: Uint8Array): Uint8Array {
  return bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, bytes.length - 1) : bytes;
}

/** True for a line with nothing but spaces and tabs: skipped, as JSON lines readers do. */
export function isBlank(bytes: Uint8Array): boolean {
  return bytes.every((b) => b === 0x20 || b === 0x09);
}

const at = (line: number, p: Problem): Problem =>
  problem(`line ${line}: ${p.path}`, p.code, `line ${line}: ${p.message}`);

/**
 * Parses one line as strict JSON and validates it as an entry; every problem is prefixed with `line N: `.
 *
 * @example const entry = parseEntryLine({ line: 3, bytes, tooLong: false }); // problems: 'line 3: decision.confidence: …'
 */
export function parseEntryLine({ line, bytes, tooLong }: InputLine): Result<Entry> {
  if (tooLong)
    return {
      ok: false,
      problems: [problem(`line ${line}`, 'too_long', `line ${line}: longer than ${MAX_LINE_BYTES} bytes`)],
    };
  let text: string;
  try {
    text = fromUtf8(bytes);
  } catch {
    return {
      ok: false,
      problems: [problem(`line ${line}`, 'invalid_utf8', `line ${line}: not valid UTF-8`)],
    };
  }
  const parsed = parseJson(text.trim());
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((p) => at(line, p)) };
  const valid = validateEntry(parsed.value);
  return valid.ok ? valid : { ok: false, problems: valid.problems.map((p) => at(line, p)) };
}
