// RFC 9162 §2.1.3.2 and §2.1.4.2 verification, unmodified (integrity.md §7: custom proof schemes hid the immudb
// flaw GHSA-672p-m5jq-mrh8). The index/size walk of each algorithm is computed first, without hashes: its length
// is the only valid proof length, which lets a problem say how many hashes were expected.
import { bytesEqual, toHex } from '../bytes.js';
import { describeValue, fail, ok, problem } from '../result.js';
import type { Problem, Result } from '../result.js';
import { EMPTY_ROOT, HASH_SIZE, nodeHash } from './hash.js';
import { isCount } from './tree-node.js';

/**
 * What verifyInclusion checks: that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`.
 *
 * @example const input: InclusionInput = { index: 0, size: 1, leafHash: h, proof: [], root: h };
 */
export type InclusionInput = {
  readonly index: number;
  readonly size: number;
  readonly leafHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
  readonly root: Uint8Array;
};

/**
 * What verifyConsistency checks: that the tree of `first` leaves is a prefix of the tree of `second`.
 *
 * @example const input: ConsistencyInput = { first: 0, second: 8, firstRoot: EMPTY_ROOT, secondRoot: root8, proof: [] };
 */
export type ConsistencyInput = {
  readonly first: number;
  readonly second: number;
  readonly firstRoot: Uint8Array;
  readonly secondRoot: Uint8Array;
  readonly proof: readonly Uint8Array[];
};

/**
 * Verifies an inclusion proof by RFC 9162 §2.1.3.2, reporting every problem found.
 *
 * @example
 * const checked = verifyInclusion({ index: 5, size: 8, leafHash: h, proof, root });
 * if (!checked.ok) console.log(checked.problems.map((p) => p.message)); // proof: computed root 5a3f… does not match …
 */
export function verifyInclusion(input: InclusionInput): Result<true> {
  const { index, size, leafHash, proof, root } = input;
  const problems = [
    ...countProblems({ index, size }),
    ...hashProblems('leafHash', leafHash),
    ...hashProblems('root', root),
    ...proofProblems(proof),
  ];
  // RFC 9162 §2.1.3.2 step 1: fail if leaf_index >= tree_size.
  if (isCount(index) && isCount(size) && index >= size) {
    problems.push(problem('index', 'out_of_range', `index: ${index} is not less than the tree size ${size}`));
  }
  if (problems.length > 0) return fail(problems);
  const walk = rightEdgeWalk(index, size - 1);
  if (proof.length !== walk.length) {
    return fail([lengthProblem(walk.length, proof.length, `leaf ${index} of a tree of ${size}`)]);
  }
  let r = leafHash;
  walk.forEach((siblingOnLeft, i) => {
    r = siblingOnLeft ? nodeHash(proof[i]!, r) : nodeHash(r, proof[i]!);
  });
  if (bytesEqual(r, root)) return ok(true);
  return fail([
    mismatch('proof', `computed root ${short(r)} does not match the expected root ${short(root)}`),
  ]);
}

/**
 * Verifies a consistency proof by RFC 9162 §2.1.4.2, with the edge cases the RFC leaves open: `second < first`
 * fails; `first == second` needs an empty proof and equal roots; `first == 0` needs an empty proof, the empty-tree
 * root as `firstRoot` and a 32-byte `secondRoot` (the C2SP tlog-witness rule: the empty tree is a prefix of all).
 *
 * @example
 * const checked = verifyConsistency({ first: 6, second: 8, firstRoot, secondRoot, proof });
 */
export function verifyConsistency(input: ConsistencyInput): Result<true> {
  const { first, second, firstRoot, secondRoot, proof } = input;
  const problems = [...countProblems({ first, second }), ...proofProblems(proof)];
  if (problems.length > 0) return fail(problems);
  if (second < first) {
    return fail([
      problem(
        'second',
        'out_of_range',
        `second: ${second} is less than first ${first}; a tree cannot shrink`,
      ),
    ]);
  }
  if (first === second) return sameSize(input);
  if (first === 0) return fromEmpty(input);
  const checks = [...hashProblems('firstRoot', firstRoot), ...hashProblems('secondRoot', secondRoot)];
  if (checks.length > 0) return fail(checks);
  return rfc9162Consistency(input);
}

function rfc9162Consistency({ first, second, firstRoot, secondRoot, proof }: ConsistencyInput): Result<true> {
  // Step 1: an empty path fails.
  if (proof.length === 0) {
    return fail([
      problem('proof', 'wrong_length', `proof: expected hashes to prove ${first} → ${second}, got none`),
    ]);
  }
  // Step 2: when first is a power of two the old tree is itself a node of the new one: its root seeds the path.
  const seeded = isPowerOfTwo(first);
  const path = seeded ? [firstRoot, ...proof] : proof;
  // Steps 3–4: fn = first − 1, sn = second − 1, then shift both right while LSB(fn) is set.
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  const walk = rightEdgeWalk(fn, sn);
  if (path.length !== walk.length + 1) {
    return fail([lengthProblem(walk.length + (seeded ? 0 : 1), proof.length, `${first} → ${second}`)]);
  }
  // Steps 5–6: fr and sr start at path[0]; fr only takes the left siblings, sr takes every sibling.
  let fr = path[0]!;
  let sr = path[0]!;
  walk.forEach((siblingOnLeft, i) => {
    const c = path[i + 1]!;
    if (siblingOnLeft) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
    } else sr = nodeHash(sr, c);
  });
  // Step 7: both roots must match (sn == 0 holds: the walk ran to the top).
  const problems: Problem[] = [];
  if (!bytesEqual(fr, firstRoot)) {
    problems.push(
      mismatch('proof', `computed first root ${short(fr)} does not match firstRoot ${short(firstRoot)}`),
    );
  }
  if (!bytesEqual(sr, secondRoot)) {
    problems.push(
      mismatch('proof', `computed second root ${short(sr)} does not match secondRoot ${short(secondRoot)}`),
    );
  }
  return problems.length === 0 ? ok(true) : fail(problems);
}

/**
 * The loop shared by RFC 9162 §2.1.3.2 step 2 and §2.1.4.2 step 6, without hashes: for each path element, true
 * when it is a left sibling (`H(0x01 || p || r)`), false when a right one. It runs while sn > 0, so its length
 * is the exact path length: a longer path meets sn == 0 early, a shorter one ends with sn > 0; both fail.
 */
function rightEdgeWalk(fn: number, sn: number): boolean[] {
  const siblingsOnLeft: boolean[] = [];
  while (sn > 0) {
    const onLeft = fn % 2 === 1 || fn === sn;
    siblingsOnLeft.push(onLeft);
    if (onLeft && fn % 2 === 0) {
      // On the right edge a node may have no sibling at some levels: climb until it is a right child or the root.
      while (fn % 2 === 0 && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    }
    fn = half(fn);
    sn = half(sn);
  }
  return siblingsOnLeft;
}

function sameSize({ first, firstRoot, secondRoot, proof }: ConsistencyInput): Result<true> {
  const problems: Problem[] = [];
  if (proof.length > 0) {
    problems.push(
      problem(
        'proof',
        'wrong_length',
        `proof: expected no hashes when first equals second, got ${proof.length}`,
      ),
    );
  }
  if (first === 0) {
    // The empty tree has exactly one root, so a size-0 "root" that is anything else is false.
    problems.push(
      ...emptyRootProblems('firstRoot', firstRoot),
      ...emptyRootProblems('secondRoot', secondRoot),
    );
  } else if (!sameBytes(firstRoot, secondRoot)) {
    // Only equality is checked here, as transparency-dev/merkle does (its vectors accept equal roots of any length).
    const message = `${short(secondRoot)} does not match firstRoot ${short(firstRoot)} although the sizes are equal`;
    problems.push(mismatch('secondRoot', message));
  }
  return problems.length === 0 ? ok(true) : fail(problems);
}

function fromEmpty({ firstRoot, secondRoot, proof }: ConsistencyInput): Result<true> {
  const problems = [...emptyRootProblems('firstRoot', firstRoot), ...hashProblems('secondRoot', secondRoot)];
  if (proof.length > 0) {
    problems.push(
      problem('proof', 'wrong_length', `proof: expected no hashes from the empty tree, got ${proof.length}`),
    );
  }
  return problems.length === 0 ? ok(true) : fail(problems);
}

function countProblems(counts: Record<string, unknown>): Problem[] {
  return Object.entries(counts)
    .filter(([, value]) => !isCount(value))
    .map(([name, value]) =>
      problem(
        name,
        'invalid_number',
        `${name}: expected a non-negative safe integer, got ${describeValue(value)}`,
      ),
    );
}

function hashProblems(name: string, hash: unknown): Problem[] {
  if (hash instanceof Uint8Array && hash.length === HASH_SIZE) return [];
  const got = hash instanceof Uint8Array ? `${hash.length} bytes` : describeValue(hash);
  return [problem(name, 'invalid_hash', `${name}: expected a ${HASH_SIZE}-byte hash, got ${got}`)];
}

function proofProblems(proof: unknown): Problem[] {
  if (!Array.isArray(proof))
    return [
      problem('proof', 'invalid_proof', `proof: expected an array of hashes, got ${describeValue(proof)}`),
    ];
  return proof.flatMap((hash, i) => hashProblems(`proof[${i}]`, hash));
}

function emptyRootProblems(name: string, root: Uint8Array): Problem[] {
  if (sameBytes(root, EMPTY_ROOT)) return [];
  return [mismatch(name, `${short(root)} is not the root of the empty tree ${short(EMPTY_ROOT)}`)];
}

function lengthProblem(expected: number, got: number, what: string): Problem {
  return problem('proof', 'wrong_length', `proof: expected ${expected} hashes for ${what}, got ${got}`);
}

function mismatch(path: string, message: string): Problem {
  return problem(path, 'root_mismatch', `${path}: ${message}`);
}

function sameBytes(a: unknown, b: Uint8Array): boolean {
  return a instanceof Uint8Array && bytesEqual(a, b);
}

/** A hash for a message: its first 6 bytes in hex, enough to tell two apart, never a whole value. */
function short(hash: unknown): string {
  if (!(hash instanceof Uint8Array)) return describeValue(hash);
  return hash.length === 0 ? '(empty)' : `${toHex(hash.subarray(0, 6))}…`;
}

function isPowerOfTwo(n: number): boolean {
  while (n > 1 && n % 2 === 0) n /= 2;
  return n === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}
