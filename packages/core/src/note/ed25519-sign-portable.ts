import { signAsync } from '@noble/ed25519';

/**
 * RFC 8032 §5.1.6 Ed25519 signature in portable JavaScript (@noble/ed25519, SHA-512 from WebCrypto): used in
 * browsers and anywhere `node:crypto` is absent.
 */
export function ed25519Sign(message: Uint8Array, seed: Uint8Array): Promise<Uint8Array> {
  return signAsync(message, seed);
}
