// One list of hostile inputs that every parser of this folder must reject with a clear problem, never a throw.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromHex, utf8 } from '../bytes.js';
import { createMemoryTree } from '../merkle/memory-tree.js';
import { inclusionProof } from '../merkle/proofs.js';
import type { Result } from '../result.js';
import { parseCheckpoint } from './checkpoint.js';
import type { NoteVerifier } from './keys.js';
import { formatReceipt, parseReceipt } from './receipt.js';
import { openNote } from './signed-note.js';
import { MAX_TEXT_BYTES } from './text.js';
import { parseVerifierKey } from './verifier.js';

const VECTORS = new URL('../../../../../shared/vectors/', import.meta.url);
const read = (path: string): unknown => JSON.parse(readFileSync(new URL(path, VECTORS), 'utf8'));
const notes = read('checkpoint/signed-note-and-checkpoint.json') as {
  keys: Record<string, { vkey: string }>;
  derivedCheckpoints: { body: string; signedNote: string }[];
};
const leafInputs = (read('merkle/reference-tree.json') as { leafInputs: string[] }).leafInputs;

const VKEY = notes.keys['formats-log']!.vkey;
const NOTE = notes.derivedCheckpoints[0]!.signedNote;
const BODY = notes.derivedCheckpoints[0]!.body;
let RECEIPT = '';
let LOG: NoteVerifier;

beforeAll(async () => {
  const parsed = parseVerifierKey(VKEY);
  if (!parsed.ok) throw new Error('the vector key must parse');
  LOG = parsed.value;
  const tree = createMemoryTree();
  for (const leaf of leafInputs) tree.append(fromHex(leaf)!);
  RECEIPT = formatReceipt({ index: 1, proof: await inclusionProof(1, 8, tree), checkpointNote: NOTE });
});

type Parser = { name: string; valid: () => string; parse: (input: unknown) => Promise<Result<unknown>> };

const PARSERS: Parser[] = [
  { name: 'parseVerifierKey', valid: () => VKEY, parse: (input) => Promise.resolve(parseVerifierKey(input)) },
  { name: 'openNote', valid: () => NOTE, parse: (input) => openNote(input as string, [LOG]) },
  {
    name: 'parseCheckpoint',
    valid: () => BODY,
    parse: (input) => Promise.resolve(parseCheckpoint(input as string)),
  },
  {
    name: 'parseReceipt',
    valid: () => RECEIPT,
    parse: (input) => Promise.resolve(parseReceipt(input as string)),
  },
];

/** Hostile inputs, each with the problem code it must produce when one is certain for every parser. */
function hostileInputs(valid: string): [string, unknown, string?][] {
  const lines = valid.split('\n');
  const middle = Math.floor(valid.length / 2);
  const insert = (text: string) => valid.slice(0, middle) + text + valid.slice(middle);
  const all: [string, unknown, string?][] = [
    ['the empty string', ''],
    ['only newlines', '\n\n\n'],
    ['a byte order mark alone', '\ufeff'],
    ['more than 1 MB of ASCII', 'a'.repeat(MAX_TEXT_BYTES + 1), 'too_large'],
    ['more than 1 MB of UTF-8 in fewer characters', '\u20ac'.repeat(400_000), 'too_large'],
    ['more than 1 MB of bytes', new Uint8Array(MAX_TEXT_BYTES + 1).fill(0x41), 'too_large'],
    ['a valid input padded past 1 MB', valid + 'x'.repeat(MAX_TEXT_BYTES), 'too_large'],
    ['a NUL byte', insert('\u0000')],
    ['a tab', insert('\t')],
    ['an escape sequence', insert('\u001b[2J')],
    ['CRLF line ends', valid.replace(/\n/g, '\r\n')],
    ['no final newline', valid.replace(/\n$/, '')],
    ['no blank line', valid.replace('\n\n', '\n')],
    [
      'its last line cut in half',
      valid.slice(0, valid.length - Math.floor((lines.at(-2)?.length ?? 2) / 2) - 1),
    ],
    ['base64 replaced by base64url', valid.replace(/[+/]/g, (c) => (c === '+' ? '-' : '_'))],
    ['padding removed from base64', valid.replace(/=+(\n|$)/g, '$1')],
    ['one base64 character too many', valid.replace(/=(\n|$)/, 'A=$1')],
    ['a lone high surrogate', insert('\ud800')],
    ['a lone low surrogate', `\udc00${valid}`],
    ['invalid UTF-8 bytes (0xff)', Uint8Array.of(...utf8(valid), 0xff, 0x0a), 'invalid_utf8'],
    ['an overlong UTF-8 encoding of "/"', Uint8Array.of(0xc0, 0xaf, ...utf8(valid)), 'invalid_utf8'],
    [
      'a UTF-8 encoded surrogate',
      Uint8Array.of(...utf8(valid.slice(0, 3)), 0xed, 0xa0, 0x80, ...utf8(valid.slice(3))),
      'invalid_utf8',
    ],
    ['a truncated UTF-8 sequence', Uint8Array.of(...utf8(valid), 0xe2, 0x82), 'invalid_utf8'],
    ['null', null, 'invalid_type'],
    ['undefined', undefined, 'invalid_type'],
    ['a number', 42, 'invalid_type'],
    ['an object', { toString: () => valid }, 'invalid_type'],
    ['an array of strings', [valid], 'invalid_type'],
  ];
  // A derivation that does not apply to this format (no blank line in a key) leaves the input valid: skip it.
  return all.filter(([, input]) => input !== valid);
}

describe('hostile inputs', () => {
  for (const parser of PARSERS) {
    it(`${parser.name} rejects every input of the shared hostile list with clear problems and no throw`, async () => {
      for (const [what, input, code] of hostileInputs(parser.valid())) {
        // parseVerifierKey reads strings only: every non-string is invalid_type for it.
        const want =
          parser.name === 'parseVerifierKey' && input instanceof Uint8Array ? 'invalid_type' : code;
        const result = await parser.parse(input);
        expect(result.ok, `${parser.name}: ${what}`).toBe(false);
        if (result.ok) continue;
        expect(result.problems.length, what).toBeGreaterThan(0);
        for (const p of result.problems) {
          expect(p.message, what).toMatch(/^\S+.*: .+/);
          expect(p.message.length, `${what}: a message never echoes the whole input`).toBeLessThan(300);
        }
        if (want !== undefined)
          expect(
            result.problems.map((p) => p.code),
            what,
          ).toContain(want);
      }
    });

    it(`${parser.name} accepts the valid input the hostile list is derived from`, async () => {
      expect((await parser.parse(parser.valid())).ok).toBe(true);
    });

    it(`${parser.name} never throws on arbitrary strings and bytes`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.uint8Array({ maxLength: 400 })),
          async (input) => {
            const result = await parser.parse(input);
            expect(typeof result.ok).toBe('boolean');
          },
        ),
        { numRuns: 200 },
      );
    });

    it(`${parser.name} never throws on a valid input with one character changed, removed or inserted`, async () => {
      const valid = parser.valid();
      const edit = fc.record({
        at: fc.nat({ max: valid.length }),
        char: fc.string({ unit: 'binary', minLength: 0, maxLength: 1 }),
        drop: fc.boolean(),
      });
      await fc.assert(
        fc.asyncProperty(edit, async ({ at, char, drop }) => {
          const mutated = valid.slice(0, at) + char + valid.slice(drop ? at + 1 : at);
          const result = await parser.parse(mutated);
          if (!result.ok) for (const p of result.problems) expect(p.message.length).toBeGreaterThan(0);
        }),
        { numRuns: 200 },
      );
    });
  }
});
