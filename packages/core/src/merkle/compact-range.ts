// A compact range holds only the perfect subtrees covering [0, size), one per set bit of size: enough to append
// and to compute the root in O(log n) memory, and resumable from a store that kept those O(log n) hashes.
import { CairnError } from '../errors.js';
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './hash.js';
import { assertCount, foldRight, perfectNodes, readNodes } from './tree-node.js';
import type { HashedNode, HashReader } from './tree-node.js';

/**
 * An incremental RFC 9162 tree over [0, size).
 *
 * @example
 * const range = createCompactRange();
 * const completed = range.append(leafHash(bytes)); // persist these so proofs can be served later
 * const root = range.root();
 */
export interface CompactRange {
  /** The number of leaves appended so far. */
  readonly size: number;
  /** Appends a leaf hash; returns every perfect node this append completed, the leaf itself (level 0) first. */
  append(leafHash: Uint8Array): HashedNode[];
  /**
   * Appends a whole perfect subtree of 2^level leaves by its hash, as an evidence bundle supplies for the parts of
   * the tree outside its range. `size` must be a multiple of 2^level (the subtree is aligned).
   */
  appendSubtree(level: number, hash: Uint8Array): void;
  /** The RFC 9162 root of the current tree (`EMPTY_ROOT` when empty). */
  root(): Uint8Array;
}

class Range implements CompactRange {
  #size: number;
  // Perfect subtrees covering [0, size), largest (leftmost) first.
  readonly #frontier: HashedNode[];

  constructor(size: number, frontier: HashedNode[]) {
    this.#size = size;
    this.#frontier = frontier;
  }

  get size(): number {
    return this.#size;
  }

  append(leafHash: Uint8Array): HashedNode[] {
    return this.#push(0, leafHash, 'leafHash').map((n) =>
      Object.freeze({ level: n.level, index: n.index, hash: n.hash.slice() }),
    );
  }

  appendSubtree(level: number, hash: Uint8Array): void {
    assertCount('level', level);
    if (level > 52 || this.#size % 2 ** level !== 0) {
      throw new CairnError(
        'invalid_argument',
        `appendSubtree: a subtree of level ${level} cannot start at leaf ${this.#size}`,
      );
    }
    this.#push(level, hash, 'hash');
  }

  #push(level: number, hash: Uint8Array, field: string): HashedNode[] {
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
      throw new CairnError('invalid_argument', `${field}: expected a ${HASH_SIZE}-byte Uint8Array`);
    }
    if (this.#size + 2 ** level > Number.MAX_SAFE_INTEGER) {
      throw new CairnError('invalid_argument', 'append: the tree would pass 2^53 − 1 leaves');
    }
    let node: HashedNode = { level, index: this.#size / 2 ** level, hash: hash.slice() };
    const completed = [node];
    // Two neighbouring perfect subtrees of one level are the two halves of a perfect subtree one level up.
    while (this.#frontier.length > 0 && this.#frontier[this.#frontier.length - 1]!.level === node.level) {
      const left = this.#frontier.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: nodeHash(left.hash, node.hash) };
      completed.push(node);
    }
    this.#frontier.push(node);
    this.#size += 2 ** level;
    return completed;
  }

  root(): Uint8Array {
    if (this.#frontier.length === 0) return EMPTY_ROOT.slice();
    return foldRight(this.#frontier.map((n) => n.hash)).slice();
  }
}

/**
 * An empty compact range.
 *
 * @example const range = createCompactRange(); range.append(leafHash(utf8('{}'))); range.size === 1
 */
export function createCompactRange(): CompactRange {
  return Object.freeze(new Range(0, []));
}

/**
 * Resumes a compact range of `size` leaves from stored perfect-subtree hashes, reading only the O(log n)
 * subtrees that cover [0, size), in one call to the reader.
 *
 * @example const range = await compactRangeFrom(await store.size(), store);
 */
export async function compactRangeFrom(size: number, reader: HashReader): Promise<CompactRange> {
  assertCount('size', size);
  const nodes = perfectNodes(0, size);
  const hashes = await readNodes(reader, nodes);
  const frontier = nodes.map((node, i) => ({ ...node, hash: hashes[i]!.slice() }));
  return Object.freeze(new Range(size, frontier));
}
