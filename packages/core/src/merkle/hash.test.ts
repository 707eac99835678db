import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes.js';
import { EMPTY_ROOT, HASH_SIZE, leafHash, nodeHash } from './hash.js';

const MERKLE = fileURLToPath(new URL('../../../../../shared/vectors/merkle/', import.meta.url));

type UnitVector = {
  desc: string;
  kind: 'emptyRoot' | 'leaf' | 'node';
  leafInputHex?: string;
  leftHex?: string;
  rightHex?: string;
  want: string;
};
const reference = JSON.parse(readFileSync(`${MERKLE}reference-tree.json`, 'utf8')) as {
  hasherUnitVectors: UnitVector[];
};

function hex(text: string | undefined): Uint8Array {
  const bytes = fromHex(text ?? '');
  if (bytes === undefined) throw new Error(`bad hex in a vector: ${text}`);
  return bytes;
}

describe('RFC 9162 hashing on the transparency-dev/merkle hasher vectors', () => {
  for (const vector of reference.hasherUnitVectors) {
    it(`reference-tree hasher "${vector.desc}": gives ${vector.want.slice(0, 12)}…`, () => {
      const got =
        vector.kind === 'emptyRoot'
          ? EMPTY_ROOT
          : vector.kind === 'leaf'
            ? leafHash(hex(vector.leafInputHex))
            : nodeHash(hex(vector.leftHex), hex(vector.rightHex));
      expect(toHex(got)).toBe(vector.want);
    });
  }
});

describe('leafHash and nodeHash', () => {
  const sha = (...parts: Uint8Array[]) => {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(part);
    return hash.digest('hex');
  };

  it('are SHA-256 over 0x00 || data and 0x01 || left || right, checked against node:crypto', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (data, other) => {
          expect(toHex(leafHash(data))).toBe(sha(Uint8Array.of(0), data));
          expect(toHex(nodeHash(leafHash(data), other))).toBe(sha(Uint8Array.of(1), leafHash(data), other));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('separate a leaf from a node over the same bytes', () => {
    const left = leafHash(Uint8Array.of(1));
    const right = leafHash(Uint8Array.of(2));
    const joined = new Uint8Array([...left, ...right]);
    expect(toHex(leafHash(joined))).not.toBe(toHex(nodeHash(left, right)));
    expect(leafHash(joined)).toHaveLength(HASH_SIZE);
  });
});
