// Every public parser and validator of @cairn/core against the shared hostile inputs: none throws, every refusal
// is a list of short problems that name a path, and no message carries a 50-character slice of the input.
// Adding a parser is one line in PARSERS (text) or BYTE_PARSERS (bytes).
import { describe, expect, it } from 'vitest';
import { parseJson } from './json.js';
import { parseCheckpoint } from './note/checkpoint.js';
import { parseReceipt } from './note/receipt.js';
import { openNote } from './note/signed-note.js';
import { parseVerifierKey } from './note/verifier.js';
import type { Result } from './result.js';
import { validateEntry } from './schema/validate.js';
import { exampleDecision } from './test-support/examples.js';
import { HOSTILE_BYTES, HOSTILE_STRINGS, HOSTILE_VALUES } from './test-support/hostile-inputs.js';
import type { Hostile } from './test-support/hostile-inputs.js';

type Parser<I> = {
  readonly name: string;
  readonly parse: (input: I) => Result<unknown> | Promise<Result<unknown>>;
  /** Hostile inputs this parser may accept because they are valid for it (say why on the line). */
  readonly mayAccept?: readonly string[];
};

const PARSERS: readonly Parser<string>[] = [
  // Well-formed JSON texts that are I-JSON: prototype keys are data to a parser (validateEntry refuses them).
  {
    name: 'parseJson',
    parse: parseJson,
    mayAccept: [
      'a __proto__ key',
      'a constructor.prototype key',
      'negative zero',
      'a JSON string of 2 million characters',
      'a key of a million characters',
      'an array of a million items',
    ],
  },
  // JSON.parse, not parseJson, so the entry checks meet the texts parseJson would already refuse.
  { name: 'validateEntry of JSON.parse', parse: (text) => validateEntry(parseLoosely(text)) },
  { name: 'parseVerifierKey', parse: parseVerifierKey },
  { name: 'parseCheckpoint', parse: parseCheckpoint },
  { name: 'openNote', parse: (text) => openNote(text, []) },
  { name: 'parseReceipt', parse: parseReceipt },
];

const BYTE_PARSERS: readonly Parser<Uint8Array>[] = [
  { name: 'parseCheckpoint', parse: parseCheckpoint },
  { name: 'openNote', parse: (bytes) => openNote(bytes, []) },
  { name: 'parseReceipt', parse: parseReceipt },
];

/** The value of a JSON text, or the text itself when it is not JSON (validateEntry must refuse both). */
function parseLoosely(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** True when the message holds any 50-character run of the input. */
function echoes(message: string, input: string): boolean {
  for (let i = 0; i + 50 <= message.length; i++) if (input.includes(message.slice(i, i + 50))) return true;
  return false;
}

function expectClearRefusal(result: Result<unknown>, input: string | undefined): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.problems.length).toBeGreaterThan(0);
  for (const p of result.problems) {
    expect(typeof p.path).toBe('string');
    expect(p.code).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(p.message.length).toBeLessThanOrEqual(300);
    if (input !== undefined) expect(echoes(p.message, input), p.message.slice(0, 120)).toBe(false);
  }
}

async function expectSafe<I>(
  parser: Parser<I>,
  hostile: Hostile<I>,
  text: string | undefined,
): Promise<void> {
  const result = await parser.parse(hostile.make());
  expect(Object.prototype).not.toHaveProperty('polluted');
  if (result.ok && parser.mayAccept?.includes(hostile.name)) return;
  expectClearRefusal(result, text);
}

const verdict = <I>(parser: Parser<I>, hostile: Hostile<I>) =>
  parser.mayAccept?.includes(hostile.name) ? 'accepts or clearly refuses' : 'clearly refuses';

const latin1 = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');

describe('hostile texts', () => {
  for (const parser of PARSERS) {
    for (const hostile of HOSTILE_STRINGS) {
      it(`${parser.name} ${verdict(parser, hostile)} ${hostile.name}, without throwing`, async () => {
        await expectSafe(parser, hostile, hostile.make());
      });
    }
  }
  for (const parser of BYTE_PARSERS) {
    for (const hostile of HOSTILE_BYTES) {
      it(`${parser.name} ${verdict(parser, hostile)} the bytes of ${hostile.name}, without throwing`, async () => {
        await expectSafe(parser, hostile, latin1(hostile.make()));
      });
    }
  }
});

/** A decision whose `decision.context.x` holds the value. */
function inContext(value: unknown): unknown {
  const entry = exampleDecision() as unknown as { decision: { context: Record<string, unknown> } };
  entry.decision.context.x = value;
  return entry;
}

/** A decision whose context has the text as a key. */
function asKey(key: string): unknown {
  return exampleDecision({ decision: { context: { [key]: 1 } } });
}

describe('validateEntry on hostile values', () => {
  for (const hostile of [...HOSTILE_VALUES, ...HOSTILE_STRINGS]) {
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

    it(`refuses ${hostile.name} as a whole entry`, () => {
      const value = hostile.make();
      expectClearRefusal(validateEntry(value), text(value));
    });

    it(`${hostile.okInContext ? 'accepts' : 'refuses'} ${hostile.name} inside decision.context`, () => {
      const value = hostile.make();
      const result = validateEntry(inContext(value));
      if (hostile.okInContext) expect(result.ok ? [] : result.problems).toEqual([]);
      else expectClearRefusal(result, text(value));
      expect(Object.prototype).not.toHaveProperty('polluted');
    });
  }

  for (const hostile of HOSTILE_STRINGS) {
    it(`never throws on ${hostile.name} as a context key, and never echoes it`, () => {
      const key = hostile.make();
      const result = validateEntry(asKey(key));
      if (!result.ok) expectClearRefusal(result, key);
    });
  }
});
