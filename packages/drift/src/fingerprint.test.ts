import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecisionEntry, Json } from '@cairn/core';
import { fingerprint } from './fingerprint.js';

function decision(context: Record<string, Json>): DecisionEntry {
  return {
    v: 1,
    kind: 'decision',
    id: 'dec-1',
    occurredAt: '2026-01-05T10:00:00.000Z',
    recordedAt: '2026-01-05T10:00:00.000Z',
    producer: { id: 'p', seq: 0 },
    run: { orchestrator: 'other', id: 'r' },
    decision: {
      type: 'loan',
      agent: { id: 'a' },
      context,
      alternatives: [],
      chosen: { label: 'approve' },
      aiRole: 'sole',
    },
  };
}

const key = (context: Record<string, Json>, options: Parameters<typeof fingerprint>[1]) =>
  fingerprint(decision(context), options)?.key;

describe('fingerprint', () => {
  it('trims, collapses whitespace and lower-cases text by default', () => {
    const options = { fields: ['context.region'] };
    expect(key({ region: '  North   West ' }, options)).toBe(key({ region: 'north west' }, options));
    expect(key({ region: 'North East' }, options)).not.toBe(key({ region: 'north west' }, options));
  });

  it('keeps text exactly when told to', () => {
    const options = { fields: ['context.code'], normalise: { 'context.code': { text: 'exact' } } } as const;
    expect(key({ code: 'Ab' }, options)).not.toBe(key({ code: 'ab' }, options));
  });

  it('puts numbers in bins of the given width, numeric strings included, edges in their own bin', () => {
    const options = {
      fields: ['context.income', 'context.rate'],
      normalise: { 'context.income': { bin: 10_000 }, 'context.rate': { bin: 0.1 } },
    };
    const print = fingerprint(decision({ income: 52_300, rate: 0.3 }), options)!;
    expect(print.values).toEqual([50_000, 0.3]);
    expect(key({ income: '57999', rate: 0.35 }, options)).toBe(print.key);
    expect(key({ income: 60_000, rate: 0.3 }, options)).not.toBe(print.key);
  });

  it('applies a normalising function', () => {
    const options = {
      fields: ['context.score'],
      normalise: { 'context.score': (v: Json) => (typeof v === 'number' && v >= 700 ? 'prime' : 'subprime') },
    };
    expect(key({ score: 720 }, options)).toBe(key({ score: 810 }, options));
  });

  it('is undefined when a field is missing, and never reads inherited properties', () => {
    expect(fingerprint(decision({ income: 1 }), { fields: ['context.region'] })).toBeUndefined();
    expect(fingerprint(decision({}), { fields: ['context.constructor'] })).toBeUndefined();
  });

  it('is a sha256 digest that ignores the order of context keys', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.integer(), { minKeys: 1, maxKeys: 6 }),
        (context) => {
          const fields = Object.keys(context)
            .filter((k) => !k.includes('.'))
            .map((k) => `context.${k}`);
          fc.pre(fields.length > 0);
          const reversed = Object.fromEntries(Object.entries(context).reverse());
          const a = key(context, { fields });
          expect(a).toMatch(/^sha256:[0-9a-f]{64}$/);
          expect(key(reversed, { fields })).toBe(a);
        },
      ),
    );
  });

  it('rejects an empty field list and a bin width that is not positive', () => {
    expect(() => fingerprint(decision({ a: 1 }), { fields: [] })).toThrow(/at least one field/);
    expect(() =>
      fingerprint(decision({ a: 1 }), { fields: ['context.a'], normalise: { 'context.a': { bin: 0 } } }),
    ).toThrow(/bin: expected a number above 0, got 0/);
  });
});
