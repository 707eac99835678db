import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8 } from '../bytes.js';
import { CairnError } from '../errors.js';
import { compactRangeFrom, createCompactRange } from './compact-range.js';
import { leafHash } from './hash.js';
import { createMemoryTree } from './memory-tree.js';
import { perfectNodes } from './tree-node.js';
import type { HashReader, TreeNode } from './tree-node.js';

const MERKLE = fileURLToPath(new URL('../../../../../shared/vectors/merkle/', import.meta.url));
const reference = JSON.parse(readFileSync(`${MERKLE}reference-tree.json`, 'utf8')) as {
  leafInputs: string[];
  nodeHashesByLevel: string[][];
  rootHashesBySize: string[];
};
const referenceLeaves = reference.leafInputs.map((h) => leafHash(fromHex(h)!));

/** RFC 6962 §2.1 MTH, written straight from the definition with node:crypto, to cross-check the compact range. */
function mth(leafHashes: readonly Uint8Array[]): string {
  const sha = (...parts: (Uint8Array | string)[]) => {
    const hash = createHash('sha256');
    for (const part of parts) hash.update(typeof part === 'string' ? Buffer.from(part, 'hex') : part);
    return hash.digest('hex');
  };
  const n = leafHashes.length;
  if (n === 0) return sha();
  if (n === 1) return toHex(leafHashes[0]!);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return sha(Uint8Array.of(1), mth(leafHashes.slice(0, k)), mth(leafHashes.slice(k)));
}

function leaves(n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => leafHash(utf8(`leaf ${i}`)));
}

/** A reader that records every call, so tests can hold proofs to one batched read. */
function recording(reader: HashReader): HashReader & { calls: TreeNode[][] } {
  const calls: TreeNode[][] = [];
  return { calls, readHashes: (nodes) => (calls.push([...nodes]), reader.readHashes(nodes)) };
}

describe('createCompactRange on the CT reference tree', () => {
  it('reports every node of reference-tree.json exactly once, each with its hash', () => {
    const range = createCompactRange();
    const reported = referenceLeaves.flatMap((h) => range.append(h));
    const expected = reference.nodeHashesByLevel.flatMap((hashes, level) =>
      hashes.map((hash, index) => ({ level, index, hash })),
    );
    expect(reported.map((n) => ({ level: n.level, index: n.index, hash: toHex(n.hash) }))).toEqual(
      expect.arrayContaining(expected),
    );
    expect(reported).toHaveLength(expected.length);
  });

  for (let size = 0; size <= 8; size++) {
    it(`reference-tree size ${size}: has root ${reference.rootHashesBySize[size]!.slice(0, 12)}…, also when resumed from stored nodes`, async () => {
      const range = createCompactRange();
      const tree = createMemoryTree();
      for (const h of referenceLeaves.slice(0, size)) {
        range.append(h);
        tree.appendLeafHash(h);
      }
      expect(range.size).toBe(size);
      expect(toHex(range.root())).toBe(reference.rootHashesBySize[size]);
      const resumed = await compactRangeFrom(size, tree);
      expect(toHex(resumed.root())).toBe(reference.rootHashesBySize[size]);
      for (const h of referenceLeaves.slice(size)) resumed.append(h);
      expect(toHex(resumed.root())).toBe(reference.rootHashesBySize[8]);
    });
  }

  it('reports the leaf first and each completed parent after it', () => {
    const range = createCompactRange();
    for (const h of referenceLeaves.slice(0, 7)) range.append(h);
    expect(range.append(referenceLeaves[7]!).map(({ level, index }) => [level, index])).toEqual([
      [0, 7],
      [1, 3],
      [2, 1],
      [3, 0],
    ]);
  });
});

describe('compact ranges', () => {
  it('give the root RFC 6962 MTH gives, for any size up to 3000, and resume from O(log n) stored nodes', async () => {
    const all = leaves(3000);
    const tree = createMemoryTree();
    for (const h of all) tree.appendLeafHash(h);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 3000 }),
        async (size, cut) => {
          const at = Math.min(cut, size);
          const reader = recording(tree);
          const range = await compactRangeFrom(at, reader);
          for (const h of all.slice(at, size)) range.append(h);
          expect(range.size).toBe(size);
          expect(toHex(range.root())).toBe(mth(all.slice(0, size)));
          // One read of one node per set bit of the resumed size.
          const setBits = at.toString(2).replaceAll('0', '').length;
          expect(reader.calls.map((c) => c.length)).toEqual(setBits === 0 ? [] : [setBits]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('hand out copies, so a caller that scribbles on a returned hash cannot change the tree', () => {
    const range = createCompactRange();
    const [node] = range.append(leafHash(utf8('a')));
    const before = toHex(range.root());
    node!.hash.fill(0);
    range.root().fill(0);
    expect(toHex(range.root())).toBe(before);
  });

  it('refuse a leaf hash that is not 32 bytes', () => {
    const range = createCompactRange();
    expect(() => range.append(new Uint8Array(31))).toThrow(CairnError);
    expect(() => range.append('ab' as unknown as Uint8Array)).toThrow(
      /leafHash: expected a 32-byte Uint8Array/,
    );
    expect(range.size).toBe(0);
  });

  it('refuse to resume from a size that is not a non-negative safe integer', async () => {
    const tree = createMemoryTree();
    await expect(compactRangeFrom(-1, tree)).rejects.toMatchObject({
      code: 'invalid_argument',
      message: 'size: expected a non-negative safe integer, got -1',
    });
    await expect(compactRangeFrom(1.5, tree)).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('fail loudly when the store answers with the wrong number or size of hashes', async () => {
    const short: HashReader = { readHashes: () => [] };
    const truncated: HashReader = { readHashes: (nodes) => nodes.map(() => new Uint8Array(31)) };
    await expect(compactRangeFrom(3, short)).rejects.toMatchObject({ code: 'storage' });
    await expect(compactRangeFrom(3, truncated)).rejects.toThrow(/node 1\/0 is not a 32-byte hash/);
  });
});

describe('appendSubtree', () => {
  const leaves = Array.from({ length: 37 }, (_, i) => leafHash(new Uint8Array([i])));
  const tree = createMemoryTree();
  for (const h of leaves) tree.appendLeafHash(h);

  it('gives the same root as appending the leaves when a range is completed from stored perfect subtrees', async () => {
    for (const [first, end] of [
      [0, 37],
      [5, 20],
      [16, 16],
      [0, 0],
      [36, 37],
      [1, 33],
    ] as const) {
      const range = await compactRangeFrom(first, tree);
      for (let i = first; i < end; i++) range.append(leaves[i]!);
      const right = perfectNodes(end, 37);
      const hashes = tree.readHashes(right);
      right.forEach((node, i) => range.appendSubtree(node.level, hashes[i]!));
      expect(range.size).toBe(37);
      expect(toHex(range.root())).toBe(toHex(tree.root()));
    }
  });

  it('refuses a subtree that does not start at a multiple of its width', () => {
    const range = createCompactRange();
    range.append(leaves[0]!);
    expect(() => range.appendSubtree(1, leaves[1]!)).toThrow(/cannot start at leaf 1/);
  });
});
