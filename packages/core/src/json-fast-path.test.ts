import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseNatively } from './json-fast-path.js';
import type { NativeParseRules } from './json-fast-path.js';
import { findLoneSurrogate, MAX_JSON_DEPTH } from './json-text.js';
import { parseJsonReference } from './json.js';

const FIXTURES = fileURLToPath(new URL('../../../../shared/fixtures/', import.meta.url));
const RULES: NativeParseRules = {
  maxDepth: MAX_JSON_DEPTH,
  hasLoneSurrogate: (value) => findLoneSurrogate(value) >= 0,
};

function fixtureTexts(): [string, string][] {
  return ['openlineage', 'prefect'].flatMap((dir) =>
    readdirSync(`${FIXTURES}${dir}`)
      .filter((name) => name.endsWith('.json'))
      .map((name): [string, string] => [`${dir}/${name}`, readFileSync(`${FIXTURES}${dir}/${name}`, 'utf8')]),
  );
}

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('parseNatively vouches for the texts receivers get, so that they skip the reference parser', () => {
  for (const [name, text] of fixtureTexts()) {
    it(`vouches for ${name} with the value the reference parser gives`, () => {
      const reference = parseJsonReference(text);
      expect(reference.ok).toBe(true);
      expect(parseNatively(text, RULES)).toEqual({ value: reference.ok && reference.value });
    });
  }

  // Texts that trip a hint (a surrogate, a zero next to an "e-" or a backslash) but break no rule.
  const lookalikes: [string, string][] = [
    ['an id with "e-" and digits beside a zero', '{"id":"01a01e9c-fd7b-7677-a18e-4078bed3584f","n":0}'],
    ['an id ending in "e-" and twelve digits beside a zero', '{"id":"a18e-123456789012x","n":0,"m":1e-99}'],
    [
      'a UUID whose last group is decimal digits after "e-", beside a zero',
      '{"runId":"01a01e9c-fd7b-7677-a18e-000000000123","n":0}',
    ],
    ['escaped surrogate pairs, as Python writes emoji', '{"\\ud83d\\ude02":"a \\uD83D\\uDE02 b"}'],
    ['a raw surrogate pair', '["\u{1F602}"]'],
    ['a raw high and an escaped low surrogate forming one pair', '"\uD83D\\uDE02"'],
    ['an escaped backslash before "uD800"', '"\\\\uD800"'],
    ['quotes, colons and backslashes inside keys and strings', '{"a\\":":"\\":\\\\","\\\\":{"b":"}:"}}'],
    ['keys that differ only after decoding escapes', '{"a":1,"\\u0062":2,"\\\\u0061":3}'],
    ['a __proto__ key', '{"__proto__":{"x":1}}'],
    ['a key between whitespace and its colon', '{ "a" \r\n\t: 1 }'],
    ['the smallest subnormal and the largest safe integer', '[5e-324,2.5e-324,-9007199254740991,1.5e-300]'],
    ['150 zeros after "0." beside a zero', `[0.${'0'.repeat(150)}1,0,-0]`],
    [`nesting of exactly ${MAX_JSON_DEPTH}`, nested(MAX_JSON_DEPTH)],
  ];
  for (const [what, text] of lookalikes) {
    it(`vouches for ${what}`, () => {
      const reference = parseJsonReference(text);
      expect(reference.ok).toBe(true);
      expect(parseNatively(text, RULES)).toStrictEqual({ value: reference.ok && reference.value });
    });
  }
});

describe('parseNatively leaves every text that may break a rule to the reference parser', () => {
  const hazards: [string, string][] = [
    ['a repeated key', '{"a":1,"a":1}'],
    ['a key repeated with an escape', '{"a":1,"\\u0061":2}'],
    ['a key repeated in a nested object', '[{"x":{"k":{},"k":{}}}]'],
    ['a repeated key whose first value held more keys', '{"a":{"b":1,"c":2},"a":{}}'],
    ['a repeated key holding an escaped quote', '{"\\"":1,"\\"":1}'],
    ['a repeated key beside a key that ends in a backslash', '{"\\"":1,"\\\\":1,"\\"":1}'],
    ['a raw lone surrogate in a string', '["a\uD800"]'],
    ['a raw lone surrogate in a key', '{"\uDC00":1}'],
    ['an escaped lone surrogate', '"\\uDBFF x"'],
    ['escaped surrogates in the wrong order', '"\\udc00\\ud800"'],
    ['an escaped backslash, then a lone escaped surrogate', '"\\\\\\ud800"'],
    ['an overflow', '[1e400]'],
    ['a negative overflow', '{"n":-1.8e308}'],
    ['an underflow', '[1e-400,0]'],
    ['an underflow just below the smallest subnormal', '2.4e-324'],
    ['an underflow with leading zeros in the exponent', '1E-000400'],
    ['an underflow written with zeros', `0.${'0'.repeat(330)}1`],
    ['an underflow with 224 zeros and an exponent of -99', `0.${'0'.repeat(224)}1e-99`],
    ['an integer just beyond 2^53', '9007199254740992'],
    ['a negative integer beyond 2^53', '-9007199254740993'],
    ['an integer written with an exponent', '1e21'],
    [`nesting of ${MAX_JSON_DEPTH + 1}`, nested(MAX_JSON_DEPTH + 1)],
    ['nesting of 100,000', nested(100_000)],
    ['a leading byte order mark', '\uFEFF{}'],
    ['a syntax error', '{"a":1,}'],
    ['an empty text', ''],
  ];
  for (const [what, text] of hazards) {
    it(`leaves ${what} to the reference parser, which refuses it`, () => {
      expect(parseNatively(text, RULES)).toBeUndefined();
      expect(parseJsonReference(text).ok).toBe(false);
    });
  }
});
