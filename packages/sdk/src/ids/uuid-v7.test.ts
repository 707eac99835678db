import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createUuidV7 } from './uuid-v7.js';

const SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('createUuidV7', () => {
  it('encodes the Unix milliseconds in the first 48 bits, with version 7 and variant 0b10 (RFC 9562 §5.7)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 48 - 1 }), (ms) => {
        const id = createUuidV7()(ms);
        expect(id).toMatch(SHAPE);
        expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(ms);
      }),
    );
  });

  it('sorts ids made in the same millisecond in the order they were made, past the counter’s room', () => {
    const next = createUuidV7();
    const ids = Array.from({ length: 10_000 }, () => next(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('never goes backwards when the clock does', () => {
    const next = createUuidV7();
    const later = next(2_000_000);
    expect(next(1_000_000) > later).toBe(true);
  });

  it('draws the random bits from the given source', () => {
    const zeros = createUuidV7((bytes) => bytes.fill(0))(0);
    expect(zeros).toBe('00000000-0000-7000-8000-000000000000');
  });
});
