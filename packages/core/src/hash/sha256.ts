// The `#sha256` subpath import picks node:crypto under the `node` condition and @noble/hashes elsewhere,
// so the browser bundle never sees `node:*` while Node verifies a million entries at native speed.
import { sha256 as selected } from '#sha256';

/** SHA-256 of `data`. @example toHex(sha256(utf8(''))) === 'e3b0c442…7852b855' */
export function sha256(data: Uint8Array): Uint8Array {
  return selected(data);
}
