import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromBase64, utf8 } from '../bytes.js';
import { EMPTY_ROOT, leafHash, nodeHash } from './hash.js';
import { verifyConsistency, verifyInclusion } from './verify.js';

const MERKLE = fileURLToPath(new URL('../../../../../shared/vectors/merkle/', import.meta.url));

type InclusionProbe = {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
};
type ConsistencyProbe = {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
};

function probes<T>(kind: 'inclusion' | 'consistency'): [string, T][] {
  const files = readdirSync(`${MERKLE}${kind}`, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.json'),
  );
  return files
    .sort()
    .map((f) => [`${kind}/${f}`, JSON.parse(readFileSync(`${MERKLE}${kind}/${f}`, 'utf8')) as T]);
}

function b64(text: string): Uint8Array {
  const bytes = fromBase64(text);
  if (bytes === undefined) throw new Error(`not canonical base64 in a vector: ${text}`);
  return bytes;
}

const inclusionProbes = probes<InclusionProbe>('inclusion');
const consistencyProbes = probes<ConsistencyProbe>('consistency');

describe('verifyInclusion on the transparency-dev/merkle probes', () => {
  it('has all 98 inclusion probes at hand', () => {
    expect(inclusionProbes).toHaveLength(98);
  });

  for (const [id, probe] of inclusionProbes) {
    it(`${id} (${probe.desc}): ${probe.wantErr ? 'rejects' : 'verifies'}`, () => {
      const result = verifyInclusion({
        index: probe.leafIdx,
        size: probe.treeSize,
        leafHash: b64(probe.leafHash),
        proof: (probe.proof ?? []).map(b64),
        root: b64(probe.root),
      });
      expect(result.ok).toBe(!probe.wantErr);
      if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
    });
  }
});

describe('verifyConsistency on the transparency-dev/merkle probes', () => {
  it('has all 98 consistency probes at hand', () => {
    expect(consistencyProbes).toHaveLength(98);
  });

  for (const [id, probe] of consistencyProbes) {
    it(`${id} (${probe.desc}): ${probe.wantErr ? 'rejects' : 'verifies'}`, () => {
      const result = verifyConsistency({
        first: probe.size1,
        second: probe.size2,
        firstRoot: b64(probe.root1),
        secondRoot: b64(probe.root2),
        proof: (probe.proof ?? []).map(b64),
      });
      expect(result.ok).toBe(!probe.wantErr);
    });
  }
});

// A three-leaf tree: root = H(1 || H(1 || l0 || l1) || l2).
const l = [0, 1, 2].map((i) => leafHash(utf8(`leaf ${i}`)));
const n01 = nodeHash(l[0]!, l[1]!);
const root3 = nodeHash(n01, l[2]!);
const root2 = n01;

describe('verifyInclusion problems', () => {
  it('names the computed and the expected root, truncated, when they differ', () => {
    const wrong = root3.slice();
    wrong[0]! ^= 1;
    const result = verifyInclusion({ index: 2, size: 3, leafHash: l[2]!, proof: [n01], root: wrong });
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          path: 'proof',
          code: 'root_mismatch',
          message: `proof: computed root ${Buffer.from(root3.subarray(0, 6)).toString('hex')}… does not match the expected root ${Buffer.from(wrong.subarray(0, 6)).toString('hex')}…`,
        },
      ],
    });
  });

  it('says how many hashes the proof should have had', () => {
    const result = verifyInclusion({ index: 0, size: 3, leafHash: l[0]!, proof: [l[1]!], root: root3 });
    expect(!result.ok && result.problems[0]!.message).toBe(
      'proof: expected 2 hashes for leaf 0 of a tree of 3, got 1',
    );
  });

  it('reports every malformed field at once', () => {
    const result = verifyInclusion({
      index: -1,
      size: 2.5,
      leafHash: new Uint8Array(3),
      proof: [l[0]!, new Uint8Array(0)],
      root: root3,
    });
    expect(!result.ok && result.problems.map((p) => p.message)).toEqual([
      'index: expected a non-negative safe integer, got -1',
      'size: expected a non-negative safe integer, got 2.5',
      'leafHash: expected a 32-byte hash, got 3 bytes',
      'proof[1]: expected a 32-byte hash, got 0 bytes',
    ]);
  });

  it('refuses an index outside the tree', () => {
    const result = verifyInclusion({ index: 3, size: 3, leafHash: l[2]!, proof: [n01], root: root3 });
    expect(!result.ok && result.problems[0]).toMatchObject({
      path: 'index',
      code: 'out_of_range',
      message: 'index: 3 is not less than the tree size 3',
    });
  });
});

describe('verifyConsistency edge cases', () => {
  it('proves 2 → 3 with the one hash RFC 9162 needs', () => {
    expect(
      verifyConsistency({ first: 2, second: 3, firstRoot: root2, secondRoot: root3, proof: [l[2]!] }),
    ).toEqual({ ok: true, value: true });
  });

  it('accepts the empty tree as a prefix of any tree with an empty proof (C2SP tlog-witness)', () => {
    expect(
      verifyConsistency({ first: 0, second: 3, firstRoot: EMPTY_ROOT, secondRoot: root3, proof: [] }).ok,
    ).toBe(true);
  });

  it('refuses a proof from the empty tree that carries hashes or a false empty root', () => {
    const result = verifyConsistency({
      first: 0,
      second: 3,
      firstRoot: root2,
      secondRoot: root3,
      proof: [l[0]!],
    });
    expect(!result.ok && result.problems.map((p) => p.path)).toEqual(['firstRoot', 'proof']);
  });

  it('refuses equal sizes with different roots or a non-empty proof, naming both', () => {
    const result = verifyConsistency({
      first: 3,
      second: 3,
      firstRoot: root3,
      secondRoot: root2,
      proof: [l[0]!],
    });
    expect(!result.ok && result.problems.map((p) => p.message)).toEqual([
      'proof: expected no hashes when first equals second, got 1',
      expect.stringMatching(
        /^secondRoot: [0-9a-f]{12}… does not match firstRoot [0-9a-f]{12}… although the sizes are equal$/,
      ),
    ]);
  });

  it('refuses a tree that shrank', () => {
    const result = verifyConsistency({ first: 3, second: 2, firstRoot: root3, secondRoot: root2, proof: [] });
    expect(!result.ok && result.problems[0]!.message).toBe(
      'second: 2 is less than first 3; a tree cannot shrink',
    );
  });

  it('refuses an empty proof between different non-empty sizes (RFC 9162 §2.1.4.2 step 1)', () => {
    const result = verifyConsistency({ first: 2, second: 3, firstRoot: root2, secondRoot: root3, proof: [] });
    expect(!result.ok && result.problems[0]!.code).toBe('wrong_length');
  });

  it('names both roots when both fail to match', () => {
    const l3 = leafHash(utf8('leaf 3'));
    const root4 = nodeHash(n01, nodeHash(l[2]!, l3));
    expect(
      verifyConsistency({ first: 3, second: 4, firstRoot: root3, secondRoot: root4, proof: [l[2]!, l3, n01] })
        .ok,
    ).toBe(true);
    const result = verifyConsistency({
      first: 3,
      second: 4,
      firstRoot: root4,
      secondRoot: root3,
      proof: [l[2]!, l3, n01],
    });
    expect(!result.ok && result.problems.map((p) => p.message.replace(/[0-9a-f]{12}…/g, 'H'))).toEqual([
      'proof: computed first root H does not match firstRoot H',
      'proof: computed second root H does not match secondRoot H',
    ]);
  });
});
