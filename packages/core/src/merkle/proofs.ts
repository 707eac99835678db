// Roots and proofs from stored perfect subtrees only. RFC 6962 §2.1 defines each proof element as MTH of a
// leaf range; we first list those ranges, then read every perfect subtree they need in one batch, then fold.
// A range on the right edge is not perfect: it is folded from its O(log n) perfect parts (sumdb/tlog's design).
import { CairnError } from '../errors.js';
import { EMPTY_ROOT } from './hash.js';
import { assertCount, foldRight, perfectNodes, readNodes, splitPoint } from './tree-node.js';
import type { HashReader } from './tree-node.js';

/** A leaf range [lo, hi) whose MTH is one proof element. */
type Span = readonly [lo: number, hi: number];

/**
 * The RFC 9162 root of the first `size` leaves, from the O(log n) perfect subtrees covering them.
 *
 * @example const root = await treeRoot(8, store); // 5dc9da79… for the CT reference tree
 */
export async function treeRoot(size: number, reader: HashReader): Promise<Uint8Array> {
  assertCount('size', size);
  if (size === 0) return EMPTY_ROOT.slice();
  const [root] = await hashSpans([[0, size]], reader);
  return root!;
}

/**
 * The RFC 9162 inclusion proof (audit path, leaf to root) of leaf `index` in the tree of `size` leaves.
 *
 * @example const proof = await inclusionProof(5, 8, store); // 3 hashes
 */
export async function inclusionProof(index: number, size: number, reader: HashReader): Promise<Uint8Array[]> {
  assertCount('index', index);
  assertCount('size', size);
  if (index >= size) {
    throw new CairnError('invalid_argument', `index: ${index} is not less than the tree size ${size}`);
  }
  return hashSpans(inclusionSpans(index, size), reader);
}

/**
 * The RFC 9162 consistency proof that the tree of `first` leaves is a prefix of the tree of `second`. Empty when
 * `first` is 0 or equals `second`: there is nothing to prove (see verifyConsistency).
 *
 * @example const proof = await consistencyProof(6, 8, store); // 3 hashes
 */
export async function consistencyProof(
  first: number,
  second: number,
  reader: HashReader,
): Promise<Uint8Array[]> {
  assertCount('first', first);
  assertCount('second', second);
  if (first > second) {
    throw new CairnError('invalid_argument', `first: ${first} is greater than second ${second}`);
  }
  if (first === 0 || first === second) return [];
  return hashSpans(consistencySpans(first, second), reader);
}

/** RFC 6962 §2.1.1 PATH(m, D[n]), unrolled from the root down and then reversed to run leaf to root. */
function inclusionSpans(index: number, size: number): Span[] {
  const spans: Span[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    // PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]) for m < k, else PATH(m − k, D[k:n]) : MTH(D[0:k])
    if (index < lo + k) {
      spans.push([lo + k, hi]);
      hi = lo + k;
    } else {
      spans.push([lo, lo + k]);
      lo += k;
    }
  }
  return spans.reverse();
}

/** RFC 6962 §2.1.2 SUBPROOF(m, D[n], true), unrolled from the root down and then reversed. */
function consistencySpans(first: number, second: number): Span[] {
  const spans: Span[] = [];
  let lo = 0;
  let hi = second;
  let complete = true;
  while (hi > first) {
    const k = splitPoint(hi - lo);
    const m = first - lo;
    // SUBPROOF(m, D[n], b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n]) for m <= k,
    // else SUBPROOF(m − k, D[k:n], false) : MTH(D[0:k])
    if (m <= k) {
      spans.push([lo + k, hi]);
      hi = lo + k;
    } else {
      spans.push([lo, lo + k]);
      lo += k;
      complete = false;
    }
  }
  // SUBPROOF(m, D[m], false) = {MTH(D[m])}: the old tree's last subtree, unless it is the whole old tree.
  if (!complete) spans.push([lo, hi]);
  return spans.reverse();
}

/** MTH of each span, reading every perfect subtree needed in one call. */
async function hashSpans(spans: readonly Span[], reader: HashReader): Promise<Uint8Array[]> {
  const groups = spans.map(([lo, hi]) => perfectNodes(lo, hi));
  const hashes = await readNodes(reader, groups.flat());
  let at = 0;
  return groups.map((group) => {
    const part = hashes.slice(at, (at += group.length));
    return foldRight(part).slice();
  });
}
