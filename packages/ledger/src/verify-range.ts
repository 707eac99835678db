// The rebuilt tree of a verify: core's compact range, minus what costs when it runs once per entry of a million.
// Core's append validates its input and copies and freezes every node; here leaves come from verify itself
// (always 32 bytes), so none of that is needed. On a loaded 2-core machine that took the rebuild from ~6 µs to
// ~2 µs per leaf, and the rebuild is the one part of verify that must run in order on one thread. A test pins it
// to core's createCompactRange.
import { EMPTY_ROOT, nodeHash } from '@cairn/core';
import type { HashedNode } from '@cairn/core';

/** The part of core's CompactRange that verify uses, with the same results. */
export type VerifyRange = {
  readonly size: number;
  /** Appends a 32-byte leaf hash; returns the perfect nodes this completed, the leaf (level 0) first. */
  append(leaf: Uint8Array): HashedNode[];
  /** The RFC 9162 root of the tree so far (`EMPTY_ROOT` when empty). */
  root(): Uint8Array;
};

/**
 * An empty rebuilt tree.
 *
 * @example const range = createVerifyRange(); for (const node of range.append(leaf)) compare(node);
 */
export function createVerifyRange(): VerifyRange {
  let size = 0;
  // Perfect subtrees covering [0, size), largest (leftmost) first.
  const frontier: HashedNode[] = [];
  return {
    get size() {
      return size;
    },
    append(leaf) {
      let node: HashedNode = { level: 0, index: size, hash: leaf };
      const completed = [node];
      // Two neighbouring perfect subtrees of one level are the two halves of a perfect subtree one level up.
      while (frontier.length > 0 && frontier[frontier.length - 1]!.level === node.level) {
        const left = frontier.pop()!;
        node = { level: node.level + 1, index: left.index / 2, hash: nodeHash(left.hash, node.hash) };
        completed.push(node);
      }
      frontier.push(node);
      size++;
      return completed;
    },
    root() {
      if (frontier.length === 0) return EMPTY_ROOT.slice();
      let root = frontier[frontier.length - 1]!.hash;
      for (let i = frontier.length - 2; i >= 0; i--) root = nodeHash(frontier[i]!.hash, root);
      return root.slice();
    },
  };
}
