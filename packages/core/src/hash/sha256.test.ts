import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256 as nodeSha256 } from './sha256-node.js';
import { sha256 as portableSha256 } from './sha256-portable.js';
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
});
