// RFC 9162 §2.1.1 hashing with SHA-256. The 0x00 / 0x01 prefixes separate leaves from interior nodes, so a
// leaf can never be passed off as a node (second-preimage resistance of the tree).
import { sha256, sha256Prefixed } from '../hash/sha256.js';

/** Bytes in every leaf, node and root hash. @example leafHash(data).length === HASH_SIZE */
export const HASH_SIZE = 32;

/**
 * The root of the empty tree, SHA-256 of nothing (RFC 9162 §2.1.1). Treat it as read-only: it is shared.
 *
 * @example toHex(EMPTY_ROOT) === 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
 */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

/**
 * The leaf hash of an entry's bytes: SHA-256(0x00 || data).
 *
 * @example const h = leafHash(canonicalBytes(entry));
 */
export function leafHash(data: Uint8Array): Uint8Array {
  return sha256Prefixed(0x00, data);
}

/**
 * The hash of an interior node: SHA-256(0x01 || left || right).
 *
 * @example const root = nodeHash(leafHash(a), leafHash(b)); // the root of a two-leaf tree
 */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256Prefixed(0x01, left, right);
}
