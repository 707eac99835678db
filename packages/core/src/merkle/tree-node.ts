// Perfect subtrees: the only Merkle nodes that never change once complete, hence the only ones a store keeps.
// Every other node of an RFC 9162 tree (on the right edge of a size that is not a power of two) is computed
// from them on demand, as golang.org/x/mod/sumdb/tlog does.
import { CairnError } from '../errors.js';
import { describeValue } from '../result.js';
import { HASH_SIZE, nodeHash } from './hash.js';

/**
 * A perfect subtree: the `2^level` leaves `[index·2^level, (index+1)·2^level)`. Level 0 nodes are leaf hashes.
 *
 * @example const root8: TreeNode = { level: 3, index: 0 }; // the root of the first 8 leaves
 */
export type TreeNode = { readonly level: number; readonly index: number };

/**
 * A perfect subtree with its hash, as a compact range reports it on append so a store can persist it.
 *
 * @example for (const { level, index, hash } of range.append(leafHash(bytes))) await save(level, index, hash);
 */
export type HashedNode = TreeNode & { readonly hash: Uint8Array };

/**
 * Reads stored perfect-subtree hashes, answering in the order asked. Proof functions ask once for all the
 * nodes they need, so a storage-backed reader costs one round trip and O(log n) rows per proof.
 *
 * @example
 * const reader: HashReader = { readHashes: (nodes) => nodes.map((n) => table.get(`${n.level}/${n.index}`)!) };
 */
export interface HashReader {
  readHashes(nodes: readonly TreeNode[]): Promise<Uint8Array[]> | Uint8Array[];
}

/** True for a non-negative safe integer: a valid leaf index or tree size. */
export function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

/** Throws CairnError('invalid_argument') unless `value` is a non-negative safe integer. */
export function assertCount(name: string, value: unknown): asserts value is number {
  if (!isCount(value)) {
    throw new CairnError(
      'invalid_argument',
      `${name}: expected a non-negative safe integer, got ${describeValue(value)}`,
    );
  }
}

/** The largest power of two strictly less than `n` (n ≥ 2): RFC 9162 §2.1.1's split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The perfect subtrees covering leaves [lo, hi), largest first. For the ranges RFC 9162 proofs use (lo aligned to
 * the largest power of two not above hi − lo), folding their hashes from the right gives MTH(D[lo:hi]).
 */
export function perfectNodes(lo: number, hi: number): TreeNode[] {
  const nodes: TreeNode[] = [];
  while (lo < hi) {
    let width = 1;
    let level = 0;
    while (lo % (width * 2) === 0 && lo + width * 2 <= hi) {
      width *= 2;
      level++;
    }
    nodes.push({ level, index: lo / width });
    lo += width;
  }
  return nodes;
}

/** MTH of a range from the hashes of its perfect subtrees (largest first): RFC 9162 §2.1.1 applied right to left. */
export function foldRight(hashes: readonly Uint8Array[]): Uint8Array {
  let hash = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) hash = nodeHash(hashes[i]!, hash);
  return hash;
}

/** Calls the reader once and checks its answer, so a faulty store fails loudly instead of yielding a wrong proof. */
export async function readNodes(reader: HashReader, nodes: readonly TreeNode[]): Promise<Uint8Array[]> {
  if (nodes.length === 0) return [];
  const hashes = await reader.readHashes(nodes);
  if (!Array.isArray(hashes) || hashes.length !== nodes.length) {
    throw new CairnError(
      'storage',
      `readHashes: asked for ${nodes.length} node hashes, got ${describeValue(hashes)}`,
    );
  }
  hashes.forEach((hash, i) => {
    if (!(hash instanceof Uint8Array) || hash.length !== HASH_SIZE) {
      const node = nodes[i]!;
      throw new CairnError(
        'storage',
        `readHashes: node ${node.level}/${node.index} is not a ${HASH_SIZE}-byte hash`,
      );
    }
  });
  return hashes;
}
