// The `#sha256` subpath import picks node:crypto under the `node` condition and @noble/hashes elsewhere,
// so the browser bundle never sees `node:*` while Node verifies a million entries at native speed.
import { sha256 as selected, sha256Prefixed as selectedPrefixed } from '#sha256';

/** SHA-256 of `data`. @example toHex(sha256(utf8(''))) === 'e3b0c442…7852b855' */
export function sha256(data: Uint8Array): Uint8Array {
  return selected(data);
}

/**
 * SHA-256(prefix || first || second) without building the joined input: what RFC 9162 leaf (0x00) and node
 * (0x01) hashes are. Module-internal: merkle/hash.ts is its one caller.
 *
 * @example toHex(sha256Prefixed(0, bytes)) === toHex(leafHash(bytes))
 */
export function sha256Prefixed(prefix: number, first: Uint8Array, second?: Uint8Array): Uint8Array {
  return selectedPrefixed(prefix, first, second);
}
