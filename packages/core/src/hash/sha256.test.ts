import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 as nodeSha256, sha256Prefixed as nodePrefixed } from './sha256-node.js';
import { sha256 as portableSha256, sha256Prefixed as portablePrefixed } from './sha256-portable.js';
import { sha256 } from './sha256.js';
import { toHex, utf8 } from '../bytes.js';

describe('sha256', () => {
  it('hashes the empty string to the RFC 6962 empty-tree root', () => {
    expect(toHex(sha256(utf8('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('gives byte-identical digests on the native and the portable paths for any input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4096 }), (data) => {
        const expected = createHash('sha256').update(data).digest('hex');
        expect(toHex(nodeSha256(data))).toBe(expected);
        expect(toHex(portableSha256(data))).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  describe('sha256Prefixed', () => {
    const joined = (prefix: number, first: Uint8Array, second?: Uint8Array) =>
      createHash('sha256')
        .update(Uint8Array.of(prefix))
        .update(first)
        .update(second ?? new Uint8Array(0))
        .digest('hex');

    it('hashes prefix || first || second on both paths, for inputs around the reused buffer size', () => {
      const sizes = fc.oneof(fc.nat(2048), fc.integer({ min: 65_400, max: 65_600 }));
      const bytes = sizes.chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 255 }),
          bytes,
          fc.option(fc.uint8Array({ maxLength: 64 })),
          (prefix, first, second) => {
            const expected = joined(prefix, first, second ?? undefined);
            expect(toHex(nodePrefixed(prefix, first, second ?? undefined))).toBe(expected);
            expect(toHex(portablePrefixed(prefix, first, second ?? undefined))).toBe(expected);
          },
        ),
        { numRuns: 200 },
      );
    });

    it('returns a digest that a later call does not overwrite', () => {
      const first = nodePrefixed(0, utf8('first'));
      const copy = toHex(first);
      nodePrefixed(1, utf8('second'), utf8('input'));
      expect(toHex(first)).toBe(copy);
    });
  });
});
