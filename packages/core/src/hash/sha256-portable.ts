import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/** SHA-256 in portable JavaScript (@noble/hashes): used in browsers and anywhere `node:crypto` is absent. */
export function sha256(data: Uint8Array): Uint8Array {
  return nobleSha256(data);
}

/** SHA-256(prefix || first || second), streamed so the joined input is never built. */
export function sha256Prefixed(prefix: number, first: Uint8Array, second?: Uint8Array): Uint8Array {
  const hash = nobleSha256.create().update(Uint8Array.of(prefix)).update(first);
  if (second !== undefined) hash.update(second);
  return hash.digest();
}
