import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CairnError } from './errors.js';
import { canonicalize } from './jcs.js';
import { findLoneSurrogate, formatJsonPath } from './json-text.js';
import { parseJson, parseJsonReference } from './json.js';
import type { Problem } from './result.js';

function problemsOf(text: string): readonly Problem[] {
  const parsed = parseJson(text);
  if (parsed.ok) throw new Error(`parseJson accepted ${JSON.stringify(text.slice(0, 60))}`);
  return parsed.problems;
}

function valueOf(text: string): unknown {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.message).join('; '));
  return parsed.value;
}

describe('parseJson', () => {
  const valid = [
    '0',
    '-0',
    '-12.5e-3',
    '1E+2',
    '9007199254740991',
    '-9007199254740991',
    '0.1',
    '1e-300',
    '"a\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\ud83d\\ude02 é \u{1F602} \u2028"',
    ' \t\r\n{ "a" : [ true , false , null ] , "b" : { } , "c" : [ ] } \n',
    '{"":1,"a":{"":2}}',
    '[[[[[]]]]]',
  ];
  for (const text of valid) {
    it(`reads ${JSON.stringify(text)} as JSON.parse does`, () => {
      expect(valueOf(text)).toEqual(JSON.parse(text));
    });
  }

  it('keeps "__proto__" as an own member without touching the prototype', () => {
    const value = valueOf('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts 100 levels of nesting and refuses 101', () => {
    expect(valueOf('['.repeat(100) + ']'.repeat(100))).toEqual(JSON.parse('['.repeat(100) + ']'.repeat(100)));
    const [deep] = problemsOf('{"a":' + '['.repeat(100) + ']'.repeat(100) + '}');
    expect(deep).toEqual({
      // Deep paths lose their middle segments so the message stays short.
      path: 'a[0][0][0]…[0][0][0][0]',
      code: 'too_deep',
      message: 'a[0][0][0]…[0][0][0][0]: nesting deeper than 100 arrays and objects at line 1, column 105',
    });
  });

  it('refuses a million opening brackets cleanly, without exhausting the stack', () => {
    expect(problemsOf('['.repeat(1_000_000)).map((p) => p.code)).toEqual(['too_deep']);
  });

  it('throws invalid_argument when given something other than a string', () => {
    expect(() => parseJson(42 as unknown as string)).toThrow(CairnError);
  });
});

describe('parseJson refuses hostile and invalid text with a path and a position', () => {
  const hostile: [string, string, string, RegExp][] = [
    [
      '{"a":1,"a":2}',
      'duplicate_key',
      'a',
      /^a: duplicate key "a" at line 1, column 8 \(first at line 1, column 2\); I-JSON requires unique keys \(RFC 7493 §2\.3\)$/,
    ],
    ['{"x":{"k":1,\n "k":1}}', 'duplicate_key', 'x.k', /^x\.k: duplicate key "k" at line 2, column 2/],
    [
      '"\\ud800"',
      'lone_surrogate',
      '(root)',
      /^\(root\): string at line 1, column 1 has a lone surrogate U\+D800 at character 0/,
    ],
    ['["\\udc00\\ud800"]', 'lone_surrogate', '[0]', /U\+DC00/],
    [
      '{"a":"x\uD800"}',
      'lone_surrogate',
      'a',
      /^a: string at line 1, column 6 has a lone surrogate U\+D800 at character 1/,
    ],
    [
      '{"\\udfff":1}',
      'lone_surrogate',
      '["\\udfff"]',
      /key at line 1, column 2 has a lone surrogate U\+DFFF/,
    ],
    [
      '9007199254740992',
      'unsafe_number',
      '(root)',
      /^\(root\): number 9007199254740992 at line 1, column 1 is an integer beyond ±\(2\^53−1\)/,
    ],
    ['[-9007199254740993]', 'unsafe_number', '[0]', /integer beyond/],
    ['{"n":1e400}', 'unsafe_number', 'n', /^n: number 1e400 at line 1, column 6 overflows binary64/],
    ['-1.5E-3e', 'syntax', '(root)', /expected the end of the text at line 1, column 8, got "e"/],
    ['1e-400', 'unsafe_number', '(root)', /underflows to 0/],
    ['1e21', 'unsafe_number', '(root)', /integer beyond/],
    [
      '\uFEFF{}',
      'bom',
      '(root)',
      /^\(root\): a byte order mark \(U\+FEFF\) at the start of the text is not allowed \(RFC 8259 §8\.1\)$/,
    ],
    [
      '',
      'syntax',
      '(root)',
      /^\(root\): expected a JSON value at line 1, column 1, got the end of the text$/,
    ],
    ['   ', 'syntax', '(root)', /got the end of the text/],
    ['{"a":1,}', 'syntax', '(root)', /^\(root\): expected a string key at line 1, column 8, got "}"$/],
    ['[1,]', 'syntax', '[1]', /^\[1\]: expected a JSON value at line 1, column 4, got "\]"$/],
    ['[1 2]', 'syntax', '(root)', /expected ',' or '\]' at line 1, column 4, got "2"/],
    ['{"a" 1}', 'syntax', 'a', /expected ':' at line 1, column 6/],
    ['{a:1}', 'syntax', '(root)', /expected a string key/],
    ["{'a':1}", 'syntax', '(root)', /expected a string key/],
    ['01', 'syntax', '(root)', /expected the end of the text at line 1, column 2, got "1"/],
    ['+1', 'syntax', '(root)', /expected a JSON value/],
    ['.5', 'syntax', '(root)', /expected a JSON value/],
    ['1.', 'syntax', '(root)', /expected a digit after the decimal point/],
    ['1e', 'syntax', '(root)', /expected a digit in the exponent/],
    ['-', 'syntax', '(root)', /expected a digit at line 1, column 2/],
    ['NaN', 'syntax', '(root)', /expected a JSON value/],
    ['Infinity', 'syntax', '(root)', /expected a JSON value/],
    ['tru', 'syntax', '(root)', /expected 'true'/],
    ['nul', 'syntax', '(root)', /expected 'null'/],
    ['"abc', 'syntax', '(root)', /expected a closing quote at line 1, column 5, got the end of the text/],
    [
      '"a\nb"',
      'syntax',
      '(root)',
      /expected an escaped control character or more of the string at line 1, column 3, got U\+000A/,
    ],
    ['"\\x41"', 'syntax', '(root)', /expected an escape/],
    ['"\\u12G4"', 'syntax', '(root)', /expected an escape/],
    ['"\\u12"', 'syntax', '(root)', /expected an escape/],
    ['{"a":1}{}', 'syntax', '(root)', /expected the end of the text at line 1, column 8/],
    ['[1]\u00a0', 'syntax', '(root)', /expected the end of the text/],
    ['\uD800', 'syntax', '(root)', /got U\+D800/],
    ['/* comment */ 1', 'syntax', '(root)', /expected a JSON value/],
  ];
  for (const [text, code, path, message] of hostile) {
    it(`refuses ${JSON.stringify(text)} with ${code} at ${path}`, () => {
      const [first] = problemsOf(text);
      expect(first).toMatchObject({ code, path });
      expect(first!.message).toMatch(message);
    });
  }

  it('reports every duplicate key, lone surrogate and unsafe number of a text, in order', () => {
    const text = '\uFEFF{"a":1,"b":[{"c":"\\ud800","c":2}],"a":3,"n":12345678901234567890,"a":"\uDFFF"}';
    expect(problemsOf(text).map((p) => `${p.code} ${p.path}`)).toEqual([
      'bom (root)',
      'lone_surrogate b[0].c',
      'duplicate_key b[0].c',
      'duplicate_key a',
      'unsafe_number n',
      'lone_surrogate a',
      'duplicate_key a',
    ]);
  });

  it('reports the problems found before the first syntax error, and that error', () => {
    expect(problemsOf('{"a":1,"a":2,"b":}').map((p) => `${p.code} ${p.path}`)).toEqual([
      'duplicate_key a',
      'syntax b',
    ]);
  });

  it('stops after 100 problems rather than listing a hostile text in full', () => {
    const problems = problemsOf(`{${Array.from({ length: 5000 }, () => '"k":1').join(',')}}`);
    expect(problems).toHaveLength(101);
    expect(problems[100]).toMatchObject({ code: 'too_many_problems' });
  });

  it('never echoes a long number or key in full', () => {
    const long = '9'.repeat(5000);
    for (const p of [
      ...problemsOf(long),
      ...problemsOf(`{"${'k'.repeat(5000)}":1,"${'k'.repeat(5000)}":2}`),
    ]) {
      expect(p.message.length).toBeLessThan(300);
    }
  });
});

describe('JSON path helpers', () => {
  it('formats paths with dots, indexes and quoted keys', () => {
    expect(formatJsonPath([])).toBe('(root)');
    expect(formatJsonPath(['decision', 'alternatives', 2, 'label'])).toBe('decision.alternatives[2].label');
    expect(formatJsonPath([0, 'a b', '$ok', '1x'])).toBe('[0]["a b"].$ok["1x"]');
  });

  it('finds lone surrogates and passes valid pairs', () => {
    expect(findLoneSurrogate('a\u{1F602}b')).toBe(-1);
    expect(findLoneSurrogate('ab\uD83D')).toBe(2);
    expect(findLoneSurrogate('\uDE02\uD83D')).toBe(0);
  });
});

describe('parseJson properties, cross-checked with JSON.parse', () => {
  const whitespace = fc.constantFrom(undefined, 0, 1, '\t', ' \r\n');

  it('reads JSON.stringify output of any JSON value exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), whitespace, (value, space) => {
        const text = JSON.stringify(value, null, space);
        const parsed = parseJson(text);
        const expected: unknown = JSON.parse(text);
        if (parsed.ok) expect(parsed.value).toEqual(expected);
        else for (const p of parsed.problems) expect(p.code).toBe('unsafe_number');
      }),
      { numRuns: 300 },
    );
  });

  const alphabet = fc.constantFrom(...'{}[],:"\\ u0dD8e-+.1 9tfnrl\n\uD83D\uDE02'.split(''));
  const mutated = fc.tuple(
    fc.jsonValue({ maxDepth: 3 }),
    fc.nat(),
    fc.string({ unit: alphabet, maxLength: 3 }),
    fc.nat(3),
  );
  const texts = fc.oneof(
    fc.string({ unit: alphabet, maxLength: 30 }),
    mutated.map(([value, at, insert, cut]) => {
      const text = JSON.stringify(value);
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + cut);
    }),
  );

  it('fails where JSON.parse fails, otherwise agrees with it (and canonicalize accepts the value) or names an I-JSON problem', () => {
    const semantic = new Set(['duplicate_key', 'lone_surrogate', 'unsafe_number']);
    fc.assert(
      fc.property(texts, (text) => {
        let expected: unknown;
        try {
          expected = JSON.parse(text);
        } catch {
          const parsed = parseJson(text);
          expect(parsed.ok).toBe(false);
          if (!parsed.ok)
            expect(parsed.problems.some((p) => p.code === 'syntax' || p.code === 'bom')).toBe(true);
          return;
        }
        const parsed = parseJson(text);
        if (parsed.ok) {
          expect(parsed.value).toEqual(expected);
          // Whatever the strict parser accepts, canonicalize accepts: the two share one idea of I-JSON. RFC 8785
          // §3.2.2.3 writes -0 as 0, as JSON.stringify does, so the read-back is compared with that.
          expect(JSON.parse(canonicalize(parsed.value))).toEqual(JSON.parse(JSON.stringify(expected)));
        } else for (const p of parsed.problems) expect(semantic.has(p.code)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('reports one problem for each repeated key of an object', () => {
    const keys = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(keys, (names) => {
        const text = `{${names.map((k, i) => `"${k}":${i}`).join(',')}}`;
        const parsed = parseJson(text);
        const repeats = names.length - new Set(names).size;
        expect(parsed.ok ? 0 : parsed.problems.filter((p) => p.code === 'duplicate_key').length).toBe(
          repeats,
        );
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseJson gives exactly what its reference parser gives, on any text', () => {
  // Texts JSON.parse reads but I-JSON refuses, among texts both accept, so that every decision of the fast path is
  // met: keys repeated (also through escapes), surrogates raw or escaped, lone or paired, numbers at the edges of
  // binary64, nesting around the limit, a byte order mark, and random damage.
  const space = fc.constantFrom('', '', '', ' ', '\n  ', '\t', '\r\n');
  const keys = fc.constantFrom(
    ...['"a"', '"\\u0061"', '"b"', '"__proto__"', '"a:b"', '"\\""', '"\\\\"', '"k\\":"', '""', '"1"'],
    ...['"\\ud83d\\ude02"', '"\\ud800"', '"\uD800"', '"\uDE02"', '"\\\\uD800"'],
  );
  const pieces = fc.constantFrom(
    ...[
      'x',
      ':',
      '{',
      ',',
      ']',
      ' e-400 ',
      '0',
      '\\"',
      '\\":',
      '\\\\\\"',
      '\\\\',
      '\\/',
      '\\n',
      '\\u0041',
      '\\u003a',
    ],
    ...['\\uD83D', '\\uDE02', '\\udbff', '\\udc00', '\\\\uD800', '\uD83D', '\uDE02', '\u{1F602}', 'é'],
  );
  const strings = fc.array(pieces, { maxLength: 6 }).map((parts) => `"${parts.join('')}"`);
  const edgeNumbers = fc.constantFrom(
    ...[
      '0',
      '-0',
      '0.0',
      '1e400',
      '-1.8e308',
      '1e-400',
      '2.4e-324',
      '2.5e-324',
      '5e-324',
      '1E-000400',
      '0e-999',
    ],
    ...['9007199254740991', '-9007199254740992', '9007199254740993', '1e21', '1.5e300', '123e-330', '1.5E+3'],
    ...[
      `0.${'0'.repeat(223)}1e-99`,
      `0.${'0'.repeat(224)}1e-99`,
      `0.${'0'.repeat(330)}1`,
      `-0.${'0'.repeat(200)}`,
    ],
  );
  const numbers = fc.oneof(
    edgeNumbers,
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
    fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }).map(String),
  );
  const leaves = fc.oneof(numbers, strings, fc.constantFrom('true', 'false', 'null'));
  const padded = (value: fc.Arbitrary<string>) =>
    fc.tuple(space, value, space).map((parts) => parts.join(''));
  const { value } = fc.letrec<{ value: string; array: string; object: string }>((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, leaves, tie('array'), tie('object')),
    array: fc.array(padded(tie('value')), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    object: fc
      .array(fc.tuple(padded(keys), padded(tie('value'))), { maxLength: 5 })
      .map((members) => `{${members.map(([key, item]) => `${key}:${item}`).join(',')}}`),
  }));
  // Flat objects of keys and strings made of escaped quotes and backslashes: a member count that misreads where a
  // string ends can equal the key count of a text with a repeated key, and only such texts show it.
  const decoys = fc
    .array(
      fc.tuple(
        fc.constantFrom('"a"', '"\\""', '"\\\\"', '"\\":"'),
        fc.constantFrom('1', '"\\""', '"\\\\"', '"\\":\\""', '{}', '[]'),
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((members) => `{${members.map(([key, item]) => `${key}:${item}`).join(',')}}`);
  const deep = fc
    .tuple(fc.integer({ min: 95, max: 102 }), value, fc.boolean())
    .map(([depth, inner, asObject]) =>
      asObject
        ? '{"d":'.repeat(depth) + inner + '}'.repeat(depth)
        : '['.repeat(depth) + inner + ']'.repeat(depth),
    );
  const damage = fc.constantFrom(...'{}[],:"\\ u0dD8e-+.1 9tfnrl\n\uD83D\uDE02\uFEFF'.split(''));
  const damaged = (text: fc.Arbitrary<string>) =>
    fc
      .tuple(text, fc.nat(), fc.string({ unit: damage, maxLength: 3 }), fc.nat(3))
      .map(([t, at, insert, cut]) => {
        const i = at % (t.length + 1);
        return t.slice(0, i) + insert + t.slice(i + cut);
      });
  const texts = fc.oneof(
    padded(value),
    decoys,
    deep,
    damaged(value),
    fc.json({ maxDepth: 3 }),
    damaged(fc.json({ maxDepth: 3 })),
    value.map((t) => `\uFEFF${t}`),
  );

  it('returns a deep-equal result, with members in the same order, for generated and damaged texts', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const fast = parseJson(text);
        const reference = parseJsonReference(text);
        // toStrictEqual tells -0 from 0; JSON.stringify compares the order of members.
        expect(fast).toStrictEqual(reference);
        expect(JSON.stringify(fast)).toBe(JSON.stringify(reference));
      }),
      { numRuns: 3000 },
    );
  });
});
