import { describe, expect, it } from 'vitest';
import { toHex, utf8 } from '../bytes.js';
import { CairnError } from '../errors.js';
import { createCompactRange } from './compact-range.js';
import { EMPTY_ROOT, leafHash, nodeHash } from './hash.js';
import { createMemoryTree } from './memory-tree.js';

describe('createMemoryTree', () => {
  it('starts empty with the empty-tree root', () => {
    const tree = createMemoryTree();
    expect(tree.size).toBe(0);
    expect(toHex(tree.root())).toBe(toHex(EMPTY_ROOT));
  });

  it('hashes appended bytes as leaves and answers their index', () => {
    const tree = createMemoryTree();
    expect(tree.append(utf8('a'))).toEqual({ index: 0, leafHash: leafHash(utf8('a')) });
    expect(tree.appendLeafHash(leafHash(utf8('b')))).toEqual({ index: 1, leafHash: leafHash(utf8('b')) });
    expect(tree.size).toBe(2);
    expect(toHex(tree.root())).toBe(toHex(nodeHash(leafHash(utf8('a')), leafHash(utf8('b')))));
  });

  it('has the root a compact range has after the same appends', () => {
    const tree = createMemoryTree();
    const range = createCompactRange();
    for (let i = 0; i < 37; i++) {
      tree.append(utf8(`entry ${i}`));
      range.append(leafHash(utf8(`entry ${i}`)));
      expect(toHex(tree.root())).toBe(toHex(range.root()));
    }
  });

  it('serves complete perfect subtrees in the order asked, and refuses incomplete or absent ones', () => {
    const tree = createMemoryTree();
    for (const text of ['a', 'b', 'c']) tree.append(utf8(text));
    const [ab, c] = tree.readHashes([
      { level: 1, index: 0 },
      { level: 0, index: 2 },
    ]);
    expect(toHex(ab!)).toBe(toHex(nodeHash(leafHash(utf8('a')), leafHash(utf8('b')))));
    expect(toHex(c!)).toBe(toHex(leafHash(utf8('c'))));
    expect(() => tree.readHashes([{ level: 1, index: 1 }])).toThrow(CairnError);
    expect(() => tree.readHashes([{ level: 0, index: 3 }])).toThrow(
      /node 0\/3: no complete subtree in a tree of 3 leaves/,
    );
  });

  it('hands out copies of stored hashes', () => {
    const tree = createMemoryTree();
    tree.append(utf8('a'));
    tree.readHashes([{ level: 0, index: 0 }])[0]!.fill(0);
    expect(toHex(tree.readHashes([{ level: 0, index: 0 }])[0]!)).toBe(toHex(leafHash(utf8('a'))));
  });
});
