// Ed25519 (RFC 8032) through @noble/ed25519's async API: SHA-512 comes from WebCrypto, so nothing here touches
// noble's global configuration and the same code runs in Node and in browsers. Signing alone goes through the
// `#ed25519-sign` subpath import, which picks node:crypto under the `node` condition (see ed25519-sign-node.ts).
import { Point, getPublicKeyAsync, verifyAsync } from '@noble/ed25519';
import { ed25519Sign as selectedSign } from '#ed25519-sign';

/** Length of an RFC 8032 Ed25519 secret key (the seed), public key and signature, in bytes. */
export const ED25519_SEED_BYTES = 32;
export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

/** The public key of a 32-byte RFC 8032 seed. */
export async function ed25519PublicKey(seed: Uint8Array): Promise<Uint8Array> {
  return getPublicKeyAsync(seed);
}

/** The deterministic RFC 8032 §5.1.6 signature of `message` by `seed`. */
export function ed25519Sign(message: Uint8Array, seed: Uint8Array): Promise<Uint8Array> {
  return selectedSign(message, seed);
}

/**
 * RFC 8032 §5.1.7 verification with the strict rules OpenSSL applies (`zip215: false`): non-canonical R or A,
 * S ≥ L and small-order keys are rejected. noble's default, ZIP-215, accepts encodings OpenSSL rejects, and a
 * receipt must verify the same under `openssl pkeyutl` as here (integrity.md §4). Malformed input is `false`.
 */
export async function ed25519Verify(
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array,
): Promise<boolean> {
  if (signature.length !== ED25519_SIGNATURE_BYTES || publicKey.length !== ED25519_PUBLIC_KEY_BYTES)
    return false;
  try {
    return await verifyAsync(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/**
 * True when `publicKey` is a canonical RFC 8032 §5.1.3 encoding of a point that is not of small order: the keys
 * strict verification can ever accept, so a verifier key that fails this is refused when it is parsed.
 */
export function isStrictEd25519PublicKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) return false;
  try {
    return !Point.fromBytes(publicKey, false).isSmallOrder();
  } catch {
    return false;
  }
}
