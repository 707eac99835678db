// An in-memory log that keeps every perfect subtree: the same shape a storage-backed ledger keeps in SQL,
// small enough for tests and small tools.
import { CairnError } from '../errors.js';
import { createCompactRange } from './compact-range.js';
import { leafHash } from './hash.js';
import type { HashReader, TreeNode } from './tree-node.js';

/**
 * An RFC 9162 tree held in memory that serves its own stored nodes to treeRoot, inclusionProof and
 * consistencyProof.
 *
 * @example
 * const tree = createMemoryTree();
 * tree.append(utf8('a')); tree.append(utf8('b'));
 * const proof = await inclusionProof(0, tree.size, tree);
 */
export interface MemoryTree extends HashReader {
  /** The number of leaves. */
  readonly size: number;
  /** Appends an entry's bytes (hashed as a leaf) and answers its index and leaf hash. */
  append(data: Uint8Array): { index: number; leafHash: Uint8Array };
  /** Appends an already computed leaf hash. */
  appendLeafHash(hash: Uint8Array): { index: number; leafHash: Uint8Array };
  /** The root of the whole tree. */
  root(): Uint8Array;
  /** The stored hashes of complete perfect subtrees; throws CairnError('not_found') for any other node. */
  readHashes(nodes: readonly TreeNode[]): Uint8Array[];
}

class Tree implements MemoryTree {
  readonly #range = createCompactRange();
  // #levels[level][index]: the hash of every perfect subtree completed so far.
  readonly #levels: Uint8Array[][] = [];

  get size(): number {
    return this.#range.size;
  }

  append(data: Uint8Array): { index: number; leafHash: Uint8Array } {
    return this.appendLeafHash(leafHash(data));
  }

  appendLeafHash(hash: Uint8Array): { index: number; leafHash: Uint8Array } {
    const index = this.#range.size;
    for (const node of this.#range.append(hash)) {
      (this.#levels[node.level] ??= [])[node.index] = node.hash;
    }
    return { index, leafHash: hash.slice() };
  }

  root(): Uint8Array {
    return this.#range.root();
  }

  readHashes(nodes: readonly TreeNode[]): Uint8Array[] {
    return nodes.map(({ level, index }) => {
      const hash = this.#levels[level]?.[index];
      if (hash === undefined) {
        throw new CairnError(
          'not_found',
          `node ${level}/${index}: no complete subtree in a tree of ${this.size} leaves`,
        );
      }
      return hash.slice();
    });
  }
}

/**
 * An empty in-memory tree.
 *
 * @example const tree = createMemoryTree(); tree.append(canonicalBytes(entry)); tree.root();
 */
export function createMemoryTree(): MemoryTree {
  return Object.freeze(new Tree());
}
