import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inputLines, parseEntryLine } from './jsonl.js';
import { decision } from './test-support/entries.js';

async function collect(chunks: readonly Uint8Array[], maxBytes?: number) {
  const out: { line: number; text: string; tooLong: boolean }[] = [];
  for await (const { line, bytes, tooLong } of inputLines(Readable.from(chunks), maxBytes)) {
    out.push({ line, text: Buffer.from(bytes).toString('utf8'), tooLong });
  }
  return out;
}

/** Cuts `bytes` at the given offsets. */
function cut(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const p of [...points, bytes.length]) {
    if (p > start) chunks.push(bytes.subarray(start, p));
    start = Math.max(start, p);
  }
  return chunks;
}

describe('inputLines', () => {
  it('yields the same lines however the stream is cut into chunks, CRLF included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme' }).filter((s) => !/[\r\n]/.test(s))),
        fc.boolean(),
        fc.array(fc.nat()),
        async (texts, crlf, offsets) => {
          const input = Buffer.from(texts.map((t) => `${t}${crlf ? '\r\n' : '\n'}`).join(''), 'utf8');
          const lines = await collect(cut(input, offsets));
          expect(lines).toEqual(texts.map((text, i) => ({ line: i + 1, text, tooLong: false })));
        },
      ),
    );
  });

  it('yields a last line without a line ending', async () => {
    expect(await collect([Buffer.from('a\nb')])).toEqual([
      { line: 1, text: 'a', tooLong: false },
      { line: 2, text: 'b', tooLong: false },
    ]);
  });

  it('marks a line longer than the limit without keeping its bytes, and goes on with the next', async () => {
    expect(await collect([Buffer.from('12345'), Buffer.from('678\nok\n')], 6)).toEqual([
      { line: 1, text: '', tooLong: true },
      { line: 2, text: 'ok', tooLong: false },
    ]);
  });
});

describe('parseEntryLine', () => {
  it('returns the entry of a valid line', () => {
    const bytes = Buffer.from(JSON.stringify(decision(1)));
    expect(parseEntryLine({ line: 1, bytes, tooLong: false })).toMatchObject({
      ok: true,
      value: { id: 'dec-1' },
    });
  });

  it('prefixes every problem with its line number', () => {
    const bad = { ...decision(1), id: '', producer: { id: 'x', seq: -1 } };
    const parsed = parseEntryLine({ line: 7, bytes: Buffer.from(JSON.stringify(bad)), tooLong: false });
    if (parsed.ok) throw new Error('an invalid entry was accepted');
    expect(parsed.problems.length).toBeGreaterThanOrEqual(2);
    for (const p of parsed.problems) expect(p.message.startsWith('line 7: ')).toBe(true);
  });
});
