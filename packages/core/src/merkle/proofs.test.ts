import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, toBase64, toHex, utf8 } from '../bytes.js';
import { leafHash } from './hash.js';
import { createMemoryTree } from './memory-tree.js';
import { consistencyProof, inclusionProof, treeRoot } from './proofs.js';
import type { HashReader, TreeNode } from './tree-node.js';
import { verifyConsistency, verifyInclusion } from './verify.js';

const MERKLE = fileURLToPath(new URL('../../../../../shared/vectors/merkle/', import.meta.url));
const reference = JSON.parse(readFileSync(`${MERKLE}reference-tree.json`, 'utf8')) as {
  leafInputs: string[];
  nodeHashesByLevel: string[][];
  rootHashesBySize: string[];
};
const referenceTree = createMemoryTree();
for (const input of reference.leafInputs) referenceTree.append(fromHex(input)!);

// --- RFC 6962 §2.1, written straight from the text over node:crypto, as an independent reference ---
const LEAVES = Array.from({ length: 3000 }, (_, i) => leafHash(utf8(`leaf ${i}`)));
const memo = new Map<string, Uint8Array>();
function sha(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
/** MTH(D[lo:hi]) over LEAVES (memoized: the proofs below ask for the same subtrees again and again). */
function mth(lo: number, hi: number): Uint8Array {
  const key = `${lo}:${hi}`;
  let hash = memo.get(key);
  if (hash === undefined) {
    const k = split(hi - lo);
    hash =
      hi - lo === 0
        ? sha()
        : hi - lo === 1
          ? LEAVES[lo]!
          : sha(Uint8Array.of(1), mth(lo, lo + k), mth(lo + k, hi));
    memo.set(key, hash);
  }
  return hash;
}
/** PATH(m, D[lo:hi]) of RFC 6962 §2.1.1. */
function path(m: number, lo: number, hi: number): Uint8Array[] {
  if (hi - lo <= 1) return [];
  const k = split(hi - lo);
  return m < k ? [...path(m, lo, lo + k), mth(lo + k, hi)] : [...path(m - k, lo + k, hi), mth(lo, lo + k)];
}
/** SUBPROOF(m, D[lo:hi], b) of RFC 6962 §2.1.2. */
function subproof(m: number, lo: number, hi: number, b: boolean): Uint8Array[] {
  if (m === hi - lo) return b ? [] : [mth(lo, hi)];
  const k = split(hi - lo);
  if (m <= k) return [...subproof(m, lo, lo + k, b), mth(lo + k, hi)];
  return [...subproof(m - k, lo + k, hi, false), mth(lo, lo + k)];
}

const bigTree = createMemoryTree();
for (const h of LEAVES) bigTree.appendLeafHash(h);

/** A reader over the big tree that records its calls and refuses any node not complete at `size`. */
function readerAt(size: number): HashReader & { calls: TreeNode[][] } {
  const calls: TreeNode[][] = [];
  return {
    calls,
    readHashes(nodes) {
      calls.push([...nodes]);
      for (const { level, index } of nodes) {
        if ((index + 1) * 2 ** level > size) throw new Error(`node ${level}/${index} is beyond size ${size}`);
      }
      return bigTree.readHashes(nodes);
    },
  };
}

const hexes = (hashes: readonly Uint8Array[]) => hashes.map(toHex);
function flipBit(proof: readonly Uint8Array[], element: number, bit: number): Uint8Array[] {
  return proof.map((h, i) => {
    if (i !== element % proof.length) return h;
    const copy = h.slice();
    copy[(bit >> 3) % 32]! ^= 1 << (bit & 7);
    return copy;
  });
}

describe('treeRoot and stored nodes of the CT reference tree', () => {
  for (let size = 0; size <= 8; size++) {
    it(`reference-tree size ${size}: treeRoot gives ${reference.rootHashesBySize[size]!.slice(0, 12)}…`, async () => {
      expect(toHex(await treeRoot(size, referenceTree))).toBe(reference.rootHashesBySize[size]);
    });
  }

  reference.nodeHashesByLevel.forEach((hashes, level) => {
    it(`reference-tree level ${level}: stores all ${hashes.length} perfect nodes with their hashes`, () => {
      const nodes = hashes.map((_, index) => ({ level, index }));
      expect(hexes(referenceTree.readHashes(nodes))).toEqual(hashes);
    });
  });
});

describe('proofs match the happy paths of the transparency-dev/merkle probes', () => {
  for (const kind of ['inclusion', 'consistency'] as const) {
    for (const dir of ['0', '1', '2', '3', '4']) {
      const probe = JSON.parse(readFileSync(`${MERKLE}${kind}/${dir}/happy-path.json`, 'utf8')) as Record<
        string,
        unknown
      >;
      it(`${kind}/${dir}/happy-path: is produced byte for byte from stored nodes`, async () => {
        const proof =
          kind === 'inclusion'
            ? await inclusionProof(probe.leafIdx as number, probe.treeSize as number, referenceTree)
            : await consistencyProof(probe.size1 as number, probe.size2 as number, referenceTree);
        expect(proof.map(toBase64)).toEqual((probe.proof as string[] | null) ?? []);
      });
    }
  }
});

describe('inclusion proofs for trees up to 3000 leaves', () => {
  it('equal RFC 6962 PATH, verify, cost one read of at most 2·log2(n) nodes, and fail under every mutation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3000 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        async (size, i, other, bit) => {
          const index = i % size;
          const reader = readerAt(size);
          const proof = await inclusionProof(index, size, reader);
          expect(hexes(proof)).toEqual(hexes(path(index, 0, size)));
          expect(reader.calls.length).toBeLessThanOrEqual(1);
          expect(reader.calls.flat().length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(size)));
          const good = { index, size, leafHash: LEAVES[index]!, proof, root: mth(0, size) };
          expect(verifyInclusion(good).ok).toBe(true);
          if (proof.length > 0) {
            expect(verifyInclusion({ ...good, proof: flipBit(proof, other, bit) }).ok).toBe(false);
            expect(verifyInclusion({ ...good, proof: proof.slice(0, -1) }).ok).toBe(false);
            expect(verifyInclusion({ ...good, proof: proof.slice(1) }).ok).toBe(false);
          }
          expect(verifyInclusion({ ...good, proof: [...proof, LEAVES[other % 3000]!] }).ok).toBe(false);
          expect(verifyInclusion({ ...good, proof: [LEAVES[other % 3000]!, ...proof] }).ok).toBe(false);
          const wrongIndex = (index + 1 + (other % Math.max(1, size - 1))) % size;
          if (wrongIndex !== index) expect(verifyInclusion({ ...good, index: wrongIndex }).ok).toBe(false);
          expect(verifyInclusion({ ...good, index: size }).ok).toBe(false);
          const wrongSize = index + 1 + (other % (3000 - index));
          if (wrongSize !== size)
            expect(verifyInclusion({ ...good, size: wrongSize, root: mth(0, wrongSize) }).ok).toBe(false);
          expect(verifyInclusion({ ...good, leafHash: LEAVES[(index + 1) % 3000]! }).ok).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('consistency proofs for trees up to 3000 leaves', () => {
  it('equal RFC 6962 PROOF, verify, cost one read, and fail under every mutation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 3000 }),
        fc.nat(),
        fc.nat(),
        fc.nat(),
        async (second, f, other, bit) => {
          const first = 1 + (f % (second - 1));
          const reader = readerAt(second);
          const proof = await consistencyProof(first, second, reader);
          expect(hexes(proof)).toEqual(hexes(subproof(first, 0, second, true)));
          expect(reader.calls.length).toBe(1);
          expect(reader.calls[0]!.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(second)));
          const good = { first, second, firstRoot: mth(0, first), secondRoot: mth(0, second), proof };
          expect(verifyConsistency(good).ok).toBe(true);
          expect(verifyConsistency({ ...good, proof: flipBit(proof, other, bit) }).ok).toBe(false);
          expect(verifyConsistency({ ...good, proof: proof.slice(0, -1) }).ok).toBe(false);
          expect(verifyConsistency({ ...good, proof: [...proof, LEAVES[other % 3000]!] }).ok).toBe(false);
          expect(
            verifyConsistency({ ...good, firstRoot: good.secondRoot, secondRoot: good.firstRoot }).ok,
          ).toBe(false);
          const wrongFirst = 1 + ((first + (other % (second - 1))) % (second - 1));
          if (wrongFirst !== first) {
            expect(verifyConsistency({ ...good, first: wrongFirst, firstRoot: mth(0, wrongFirst) }).ok).toBe(
              false,
            );
          }
          const wrongSecond = first + 1 + (other % (3000 - first));
          if (wrongSecond !== second) {
            expect(
              verifyConsistency({ ...good, second: wrongSecond, secondRoot: mth(0, wrongSecond) }).ok,
            ).toBe(false);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('proof arguments', () => {
  it('read nothing for the empty tree, from the empty tree, or between equal sizes', async () => {
    const reader = readerAt(0);
    expect(toHex(await treeRoot(0, reader))).toBe(reference.rootHashesBySize[0]);
    expect(await consistencyProof(0, 5, reader)).toEqual([]);
    expect(await consistencyProof(5, 5, reader)).toEqual([]);
    expect(reader.calls).toEqual([]);
  });

  it('throw invalid_argument for programmer errors', async () => {
    await expect(inclusionProof(-1, 5, bigTree)).rejects.toMatchObject({
      code: 'invalid_argument',
      message: 'index: expected a non-negative safe integer, got -1',
    });
    await expect(inclusionProof(5, 5, bigTree)).rejects.toMatchObject({
      code: 'invalid_argument',
      message: 'index: 5 is not less than the tree size 5',
    });
    await expect(inclusionProof(0, 2 ** 53, bigTree)).rejects.toMatchObject({ code: 'invalid_argument' });
    await expect(consistencyProof(6, 5, bigTree)).rejects.toMatchObject({
      code: 'invalid_argument',
      message: 'first: 6 is greater than second 5',
    });
    await expect(consistencyProof(1, Number.NaN, bigTree)).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(treeRoot(-3, bigTree)).rejects.toMatchObject({ code: 'invalid_argument' });
  });

  it('pass on a store failure as it is', async () => {
    await expect(treeRoot(3001, bigTree)).rejects.toMatchObject({ code: 'not_found' });
  });
});
