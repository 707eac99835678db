import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { anyValueArb, decisionEntryArb, runEventEntryArb } from '../test-support/arbitraries.js';
import { exampleEntries } from '../test-support/examples.js';
import { acceptsOf } from './acceptor.js';
import { ENTRY_SCHEMAS, jsonValueSchema } from './entry.js';
import { httpUrlSchema, timeSchema } from './primitives.js';

/** The acceptor's contract: when it says yes, zod accepts and puts out the same data (its objects are its own). */
function expectSound(schema: z.core.$ZodType, value: unknown): void {
  if (!acceptsOf(schema)(value)) return;
  const parsed = z.safeParse(schema, value);
  expect(parsed.success, `zod refused what the acceptor vouched for: ${String(parsed.error)}`).toBe(true);
  expect(parsed.data).toEqual(value);
}

/** Whether a JSON value holds an object with an own "__proto__" member, at any depth. */
function hasOwnProtoKey(json: unknown): boolean {
  if (typeof json !== 'object' || json === null) return false;
  if (Object.hasOwn(json, '__proto__')) return true;
  return Object.values(json).some(hasOwnProtoKey);
}

describe('acceptsOf on the record schema', () => {
  it('vouches for every example entry of every kind', () => {
    for (const entry of exampleEntries()) expect(acceptsOf(ENTRY_SCHEMAS[entry.kind])(entry)).toBe(true);
  });

  it('vouches for random valid decisions and run events', () => {
    fc.assert(
      fc.property(fc.oneof(decisionEntryArb, runEventEntryArb), (entry) => {
        expect(acceptsOf(ENTRY_SCHEMAS[entry.kind])(entry)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('never vouches for anything zod refuses, for any value of any kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(ENTRY_SCHEMAS)), anyValueArb, (schema, value) => {
        expectSound(schema, value);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with zod on JSON values, nested or not', () => {
    fc.assert(
      fc.property(anyValueArb, fc.jsonValue(), (value, json) => {
        expectSound(jsonValueSchema, value);
        // fast-check puts an own "__proto__" key in some objects: zod would drop it, so no vouching (below).
        expect(acceptsOf(jsonValueSchema)(json)).toBe(!hasOwnProtoKey(json));
      }),
      { numRuns: 300 },
    );
  });

  it('does not vouch for an own __proto__ key, which zod drops from its output', () => {
    const value: unknown = JSON.parse('{"a":[{"__proto__":1}]}');
    expect(z.safeParse(jsonValueSchema, value).data).toEqual({ a: [{}] });
    expect(acceptsOf(jsonValueSchema)(value)).toBe(false);
  });
});

describe('acceptsOf follows zod rules it could easily get wrong', () => {
  it('measures string bounds in code points, as zod 4 does', () => {
    const schema = z.string().min(3).max(4);
    for (const value of ['😀😀😀', '😀😀😀😀', '😀😀😀😀😀', 'ab', '😀', 'a\uD800b', 'abcd', 'abcde']) {
      expect(acceptsOf(schema)(value), value).toBe(z.safeParse(schema, value).success);
    }
  });

  it('does not vouch for a value zod accepts only after changing it', () => {
    expect(z.safeParse(httpUrlSchema, ' https://example.com/ ').success).toBe(true);
    expect(acceptsOf(httpUrlSchema)(' https://example.com/ ')).toBe(false);
    expect(acceptsOf(httpUrlSchema)('https://example.com/')).toBe(true);
    expect(acceptsOf(z.string().trim())(' a ')).toBe(false);
    expect(acceptsOf(z.strictObject({ n: z.number().default(1) }))({})).toBe(false);
    expect(acceptsOf(z.string().transform((s) => s.length))('abc')).toBe(false);
  });

  it('runs refinements, and the checks of a time, through zod', () => {
    expect(acceptsOf(timeSchema)('2026-02-28T00:00:00Z')).toBe(true);
    expect(acceptsOf(timeSchema)('2026-02-29T00:00:00Z')).toBe(false);
    expect(acceptsOf(timeSchema)('2028-02-29T00:00:00Z')).toBe(true);
    const even = z.number().refine((n) => n % 2 === 0);
    expect([2, 3].map(acceptsOf(even))).toEqual([true, false]);
  });

  it('treats absent, undefined and unknown keys of a strict object as zod does', () => {
    const schema = z.strictObject({
      a: z.string(),
      b: z.string().optional(),
      c: z.exactOptional(z.string()),
    });
    const cases: unknown[] = [
      { a: 'x' },
      { a: 'x', b: undefined },
      { a: 'x', c: undefined },
      { a: 'x', c: 'y' },
      { b: 'y' },
      { a: undefined },
      { a: 'x', d: 1 },
      Object.assign(Object.create({ inherited: 1 }) as object, { a: 'x' }),
      JSON.parse('{"a": "x", "__proto__": 1}'),
      ['x'],
      null,
    ];
    for (const value of cases) {
      expect(acceptsOf(schema)(value), JSON.stringify(value)).toBe(z.safeParse(schema, value).success);
    }
  });

  it('treats records, unions and pipes as zod does', () => {
    const record = z.record(z.string().min(1), z.number());
    const union = z.union([z.string(), z.number().int(), z.array(z.string())]);
    const exclusive = z.xor([z.string(), z.string().min(2)]);
    const coerced = z.union([z.coerce.string(), z.number()]);
    const lengthOfAnything = z.any().check(z.maxLength(1));
    const codec = z.codec(z.string(), z.number(), { decode: Number, encode: String });
    const cases: [z.core.$ZodType, unknown][] = [
      [record, { a: 1 }],
      [record, { '': 1 }],
      [record, { [Symbol('s')]: 1 }],
      [record, JSON.parse('{"__proto__": 1}')],
      [record, new Map()],
      [union, 1.5],
      [union, ['a']],
      [union, [1]],
      [exclusive, 'ab'],
      [exclusive, 'a'],
      [codec, '1'],
      [coerced, 1],
      [lengthOfAnything, null],
      [lengthOfAnything, 5],
    ];
    for (const [schema, value] of cases) expectSound(schema, value);
    expect(acceptsOf(union)(3)).toBe(true);
    expect(acceptsOf(exclusive)('a')).toBe(true);
  });

  it('compiles a recursive schema once and walks deep values without trouble', () => {
    let value: unknown = 'leaf';
    for (let i = 0; i < 1_000; i++) value = { next: [value] };
    expect(acceptsOf(jsonValueSchema)(value)).toBe(true);
    expect(acceptsOf(jsonValueSchema)).toBe(acceptsOf(jsonValueSchema));
  });
});
