import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromUtf8, toHex, utf8 } from './bytes.js';
import { CairnError } from './errors.js';
import { canonicalBytes, canonicalize, canonicalizeWith } from './jcs.js';
import { parseJson } from './json.js';

const JCS = fileURLToPath(new URL('../../../../shared/vectors/jcs/', import.meta.url));
const CASES = ['arrays', 'french', 'structures', 'unicode', 'values', 'weird'];
const RFC8785 = { allowUnsafeIntegers: true };

type AppendixB = { ieee754Hex: string; expected: string | null; mustError?: boolean; note?: string };
const appendixB = (
  JSON.parse(readFileSync(`${JCS}rfc8785-appendix-b-numbers.json`, 'utf8')) as { vectors: AppendixB[] }
).vectors;

function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

function refusal(value: unknown): string {
  try {
    canonicalize(value);
  } catch (error) {
    expect(error).toBeInstanceOf(CairnError);
    expect((error as CairnError).code).toBe('invalid_json');
    return (error as CairnError).message;
  }
  throw new Error('canonicalize accepted the value');
}

describe('canonicalize on the cyberphone/json-canonicalization vectors', () => {
  for (const id of CASES) {
    it(`jcs/${id}: gives the expected output bytes and outhex under plain RFC 8785`, () => {
      const input = readFileSync(`${JCS}input/${id}.json`, 'utf8');
      const expected = new Uint8Array(readFileSync(`${JCS}output/${id}.json`));
      const outhex = readFileSync(`${JCS}outhex/${id}.txt`, 'utf8').split(/\s+/).join('').toLowerCase();
      const bytes = utf8(canonicalizeWith(JSON.parse(input), RFC8785));
      expect(toHex(bytes)).toBe(toHex(expected));
      expect(toHex(bytes)).toBe(outhex);
    });
  }

  for (const id of CASES.filter((c) => c !== 'values')) {
    it(`jcs/${id}: parses strictly and canonicalizes to the expected bytes under Cairn's I-JSON policy`, () => {
      const parsed = parseJson(readFileSync(`${JCS}input/${id}.json`, 'utf8'));
      if (!parsed.ok) throw new Error(parsed.problems[0]!.message);
      const expected = new Uint8Array(readFileSync(`${JCS}output/${id}.json`));
      expect(toHex(canonicalBytes(parsed.value))).toBe(toHex(expected));
    });
  }

  it('jcs/values: is refused under the I-JSON policy because of 1E30, at numbers[1] only', () => {
    const input = readFileSync(`${JCS}input/values.json`, 'utf8');
    const parsed = parseJson(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => [p.path, p.code])).toEqual([['numbers[1]', 'unsafe_number']]);
    expect(refusal(JSON.parse(input))).toMatch(/^numbers\[1\]: 1e\+30 is an integer beyond ±\(2\^53−1\)/);
  });
});

describe('canonicalize on RFC 8785 Appendix B numbers', () => {
  for (const vector of appendixB) {
    const value = fromBits(vector.ieee754Hex);
    if (vector.mustError) {
      it(`appendix-b ${vector.ieee754Hex} (${vector.note}): is refused naming the value`, () => {
        expect(() => canonicalizeWith(value, RFC8785)).toThrow(CairnError);
        expect(refusal([value])).toBe(
          `[0]: ${String(value)} is not allowed in canonical JSON (RFC 8785 §3.2.2.3)`,
        );
      });
      continue;
    }
    it(`appendix-b ${vector.ieee754Hex}: is written ${vector.expected}`, () => {
      expect(canonicalizeWith(value, RFC8785)).toBe(vector.expected);
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        expect(refusal(value)).toMatch(/^\(root\): .* is an integer beyond ±\(2\^53−1\)/);
      } else {
        expect(canonicalize(value)).toBe(vector.expected);
      }
    });
  }

  it('refuses -Infinity as well as Infinity and NaN', () => {
    expect(refusal({ a: -Infinity })).toBe(
      'a: -Infinity is not allowed in canonical JSON (RFC 8785 §3.2.2.3)',
    );
  });
});

describe('canonicalize', () => {
  it('sorts keys by UTF-16 code units, not by code points', () => {
    // U+1F602 is D83D DE02 in UTF-16 and so sorts before U+FB33; a code-point sort puts it last.
    expect(canonicalize({ '\uFB33': 2, '\u{1F602}': 1, b: 0 })).toBe('{"b":0,"\u{1F602}":1,"\uFB33":2}');
  });

  it('sorts nested objects and keeps array order', () => {
    expect(canonicalize({ z: [3, { y: 1, x: 2 }, 1], a: null })).toBe('{"a":null,"z":[3,{"x":2,"y":1},1]}');
  });

  it('writes -0 as 0, escapes controls in lowercase hex and leaves / and U+007F as they are', () => {
    expect(canonicalize([-0, '\u001f\u007f/\b\t\n\f\r"\\'])).toBe(
      '[0,"\\u001f\u007f/\\b\\t\\n\\f\\r\\"\\\\"]',
    );
  });

  it('accepts null-prototype objects, shared non-cyclic references and own __proto__ keys', () => {
    const shared = { v: 1 };
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { k: shared });
    expect(canonicalize({ a: shared, b: bare })).toBe('{"a":{"v":1},"b":{"k":{"v":1}}}');
    expect(canonicalize(JSON.parse('{"__proto__":1,"_":2}'))).toBe('{"_":2,"__proto__":1}');
  });

  it('accepts the largest safe integers and 100 levels of nesting', () => {
    expect(canonicalize([2 ** 53 - 1, -(2 ** 53 - 1)])).toBe('[9007199254740991,-9007199254740991]');
    const deep = '['.repeat(100) + ']'.repeat(100);
    expect(canonicalize(JSON.parse(deep))).toBe(deep);
  });

  it('gives the UTF-8 bytes of the canonical text from canonicalBytes', () => {
    expect(toHex(canonicalBytes({ a: 'é', b: '\u{1F602}' }))).toBe(
      '7b2261223a22c3a9222c2262223a22f09f9882227d',
    );
  });
});

describe('canonicalize refuses what is not I-JSON, naming the path', () => {
  class Point {
    x = 1;
  }
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = { back: cyclic };
  // An array with a hole at 1, built without a sparse literal.
  const holey: unknown[] = new Array<unknown>(3);
  holey[0] = 1;
  holey[2] = 3;
  const cyclicArray: unknown[] = [1];
  cyclicArray.push([cyclicArray]);
  const hostile: [string, unknown, RegExp][] = [
    [
      'NaN deep in a record',
      { decision: { context: { x: NaN } } },
      /^decision\.context\.x: NaN is not allowed in canonical JSON \(RFC 8785 §3\.2\.2\.3\)$/,
    ],
    ['Infinity', [1, Infinity], /^\[1\]: Infinity is not allowed/],
    ['an unsafe integer', { n: 2 ** 53 }, /^n: 9007199254740992 is an integer beyond/],
    ['a huge double', { n: -1e300 }, /^n: -1e\+300 is an integer beyond/],
    [
      'a lone high surrogate in a string',
      { s: 'ab\uD800' },
      /^s: string has a lone surrogate U\+D800 at character 2/,
    ],
    [
      'a lone low surrogate in a string',
      ['\uDC00x'],
      /^\[0\]: string has a lone surrogate U\+DC00 at character 0/,
    ],
    ['a reversed surrogate pair', ['\uDE02\uD83D'], /^\[0\]: string has a lone surrogate U\+DE02/],
    [
      'a lone surrogate in a key',
      { ok: { 'k\uD800': 1 } },
      /^ok\["k\\ud800"\]: key has a lone surrogate U\+D800/,
    ],
    ['undefined as a member', { a: { b: undefined } }, /^a\.b: undefined is not a JSON value/],
    ['undefined at the top', undefined, /^\(root\): undefined is not a JSON value/],
    ['a function', { f: () => 1 }, /^f: a function is not a JSON value/],
    [
      'a toJSON method, which is not honoured',
      { toJSON: () => 'x' },
      /^toJSON: a function is not a JSON value/,
    ],
    ['a symbol', [Symbol('s')], /^\[0\]: a symbol is not a JSON value/],
    ['a bigint', { big: 1n }, /^big: a bigint is not a JSON value/],
    ['a Date', { when: new Date(0) }, /^when: an instance of Date is not a plain object/],
    ['a Map', { m: new Map() }, /^m: an instance of Map is not a plain object/],
    ['a Set', [new Set()], /^\[0\]: an instance of Set is not a plain object/],
    ['a class instance', { p: new Point() }, /^p: an instance of Point is not a plain object/],
    ['a boxed number', { n: new Number(1) }, /^n: an instance of Number is not a plain object/],
    ['a Uint8Array', { bytes: new Uint8Array(2) }, /^bytes: an instance of Uint8Array is not a plain object/],
    ['an array hole', { xs: holey }, /^xs\[1\]: an array hole is not a JSON value/],
    ['symbol keys', { o: { [Symbol('k')]: 1 } }, /^o: an object with symbol keys is not JSON/],
    ['an object cycle', cyclic, /^self\.back: a cycle: this value contains itself/],
    ['an array cycle', cyclicArray, /^\[1\]\[0\]: a cycle/],
    ['a key that is not an identifier', { 'a b': [{ x: NaN }] }, /^\["a b"\]\[0\]\.x: NaN/],
    [
      '101 levels of nesting',
      JSON.parse('['.repeat(101) + ']'.repeat(101)),
      /^\[0\]\[0\]\[0\]\[0\]…\[0\]\[0\]\[0\]\[0\]: nesting deeper than 100/,
    ],
    [
      '100,000 levels of nesting',
      JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)),
      /nesting deeper than 100/,
    ],
  ];
  for (const [what, value, message] of hostile) {
    it(`refuses ${what}`, () => {
      expect(refusal(value)).toMatch(message);
    });
  }

  it('truncates long keys in the path it names', () => {
    const key = 'k'.repeat(500);
    const message = refusal({ [`${key} `]: NaN });
    expect(message.length).toBeLessThan(200);
    // A long key is named by its length only: the message never carries a slice of the payload.
    expect(message).toMatch(/^\[<key of 501 characters>\]: NaN/);
  });
});

// JSON values that survive a JSON.parse round trip exactly: no -0, no integers beyond 2^53 − 1, any Unicode text.
const text = fc.string({ unit: 'binary', maxLength: 12 });
const jsonNumber = fc
  .oneof(
    fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.double({
      noNaN: true,
      noDefaultInfinity: true,
      min: -Number.MAX_SAFE_INTEGER,
      max: Number.MAX_SAFE_INTEGER,
    }),
    fc.double({ noNaN: true, min: -1e-5, max: 1e-5 }),
  )
  .map((n) => (n === 0 ? 0 : n));
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false),
    jsonNumber,
    text,
    fc.array(tie('json'), { maxLength: 5 }),
    fc.dictionary(text, tie('json'), { maxKeys: 5 }),
  ),
}));

describe('canonicalize properties', () => {
  it('round trips through JSON.parse to a deep-equal value', () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(JSON.parse(canonicalize(value))).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('is idempotent through parseJson and gives canonicalBytes as its UTF-8', () => {
    fc.assert(
      fc.property(json, (value) => {
        const once = canonicalize(value);
        const parsed = parseJson(once);
        if (!parsed.ok) throw new Error(parsed.problems[0]!.message);
        expect(canonicalize(parsed.value)).toBe(once);
        expect(fromUtf8(canonicalBytes(value))).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the insertion order of keys', () => {
    const entries = fc.uniqueArray(fc.tuple(text, json), { selector: ([k]) => k, maxLength: 8 });
    fc.assert(
      fc.property(entries, (pairs) => {
        const forward = Object.fromEntries(pairs);
        const backward = Object.fromEntries([...pairs].reverse());
        expect(canonicalize(backward)).toBe(canonicalize(forward));
      }),
      { numRuns: 200 },
    );
  });
});
