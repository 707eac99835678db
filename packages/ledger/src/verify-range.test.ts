import { randomBytes } from 'node:crypto';
import { createCompactRange } from '@cairn/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createVerifyRange } from './verify-range.js';

describe('createVerifyRange', () => {
  it('completes the same nodes and gives the same roots as core’s compact range, at every size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), (size) => {
        const core = createCompactRange();
        const fast = createVerifyRange();
        expect(fast.root()).toEqual(core.root());
        for (let i = 0; i < size; i++) {
          const leaf = new Uint8Array(randomBytes(32));
          const completed = fast.append(leaf).map((n) => ({ ...n, hash: new Uint8Array(n.hash) }));
          expect(completed).toEqual(core.append(leaf).map((n) => ({ ...n })));
          expect(fast.size).toBe(core.size);
          expect(fast.root()).toEqual(core.root());
        }
      }),
      { numRuns: 20 },
    );
  });
});
