import {
  createHash,
  createPrivateKey,
  createPublicKey,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { verifyAsync } from '@noble/ed25519';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromHex, toHex, utf8 } from '../bytes.js';
import { ed25519PublicKey, ed25519Sign, ed25519Verify, isStrictEd25519PublicKey } from './ed25519.js';
import { ed25519Sign as nodePathSign } from './ed25519-sign-node.js';
import { ed25519Sign as portableSign } from './ed25519-sign-portable.js';

type Rfc8032Vector = {
  name: string;
  secretKey: string;
  publicKey: string;
  message: string;
  signature: string;
};

const VECTORS = new URL('../../../../../shared/vectors/ed25519/', import.meta.url);
const rfc8032 = JSON.parse(readFileSync(new URL('rfc8032-section7.1.json', VECTORS), 'utf8')) as {
  vectors: Rfc8032Vector[];
};

const hex = (text: string): Uint8Array => fromHex(text)!;

// RFC 8032 §5.1: L, the order of the base point.
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

const SPKI_PREFIX = hex('302a300506032b6570032100');
const PKCS8_PREFIX = hex('302e020100300506032b657004220420');

function nodePublicKey(publicKey: Uint8Array) {
  return createPublicKey({
    key: Buffer.from(concatBytes(SPKI_PREFIX, publicKey)),
    format: 'der',
    type: 'spki',
  });
}

/** OpenSSL through node:crypto, the independent implementation the strict rules must agree with. */
function opensslVerifies(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  return nodeVerify(null, message, nodePublicKey(publicKey), signature);
}

function littleEndian(bytes: Uint8Array): bigint {
  return BigInt(`0x${toHex(bytes.slice().reverse()) || '0'}`);
}

function toLittleEndian32(n: bigint): Uint8Array {
  return hex(n.toString(16).padStart(64, '0')).reverse();
}

function sha512(...parts: Uint8Array[]): Uint8Array {
  return new Uint8Array(
    createHash('sha512')
      .update(concatBytes(...parts))
      .digest(),
  );
}

/**
 * A signature whose R is the identity encoded with x = 0 and the sign bit set (the Wycheproof tcId 151 shape):
 * with S = k·a the group equation holds, so ZIP-215 decoding accepts it, while RFC 8032 §5.1.3 step 4 rejects
 * that encoding of R.
 */
function zip215OnlySignature(seed: Uint8Array, publicKey: Uint8Array, message: Uint8Array): Uint8Array {
  const h = sha512(seed).slice(0, 32);
  h[0]! &= 248; // RFC 8032 §5.1.5 step 2: clamp the scalar
  h[31]! &= 127;
  h[31]! |= 64;
  const a = littleEndian(h);
  const r = new Uint8Array(32);
  r[0] = 1; // y = 1
  r[31] = 0x80; // sign bit set although x = 0
  const k = littleEndian(sha512(r, publicKey, message)) % L;
  return concatBytes(r, toLittleEndian32((k * a) % L));
}

describe('Ed25519 (RFC 8032): OpenSSL in Node, @noble/ed25519 elsewhere', () => {
  for (const v of rfc8032.vectors) {
    it(`derives the public key and reproduces the signature of RFC 8032 §7.1 ${v.name}`, async () => {
      expect(toHex(await ed25519PublicKey(hex(v.secretKey)))).toBe(v.publicKey);
      expect(toHex(await ed25519Sign(hex(v.message), hex(v.secretKey)))).toBe(v.signature);
      expect(toHex(await nodePathSign(hex(v.message), hex(v.secretKey)))).toBe(v.signature);
      expect(toHex(await portableSign(hex(v.message), hex(v.secretKey)))).toBe(v.signature);
    });

    it(`verifies RFC 8032 §7.1 ${v.name} and rejects it with one bit of the signature flipped`, async () => {
      const signature = hex(v.signature);
      expect(await ed25519Verify(signature, hex(v.message), hex(v.publicKey))).toBe(true);
      signature[10]! ^= 0x01;
      expect(await ed25519Verify(signature, hex(v.message), hex(v.publicKey))).toBe(false);
    });
  }

  it('signs byte-identically to OpenSSL (node:crypto) on the native and the portable paths, and each verifies the other', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 300 }),
        async (seed, message) => {
          const privateKey = createPrivateKey({
            key: Buffer.from(concatBytes(PKCS8_PREFIX, seed)),
            format: 'der',
            type: 'pkcs8',
          });
          const expected = new Uint8Array(nodeSign(null, message, privateKey));
          const publicKey = await ed25519PublicKey(seed);
          expect(toHex(await ed25519Sign(message, seed))).toBe(toHex(expected));
          expect(toHex(await nodePathSign(message, seed))).toBe(toHex(expected));
          expect(toHex(await portableSign(message, seed))).toBe(toHex(expected));
          expect(await ed25519Verify(expected, message, publicKey)).toBe(true);
          expect(opensslVerifies(expected, message, publicKey)).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('signs with the seed as it is now when the caller changed the seed array since the last signature', async () => {
    const seed = new Uint8Array(32).fill(1);
    const message = utf8('a checkpoint');
    const before = await nodePathSign(message, seed);
    seed.fill(2);
    const after = await nodePathSign(message, seed);
    expect(toHex(after)).not.toBe(toHex(before));
    expect(toHex(after)).toBe(toHex(await portableSign(message, Uint8Array.from(seed))));
  });

  it('rejects a signature only ZIP-215 accepts (non-canonical R), as OpenSSL does', async () => {
    const v = rfc8032.vectors[0]!;
    const message = new TextEncoder().encode('checkpoint body');
    const signature = zip215OnlySignature(hex(v.secretKey), hex(v.publicKey), message);
    // The derived signature is meaningful: noble's default ZIP-215 rules accept it …
    expect(await verifyAsync(signature, message, hex(v.publicKey))).toBe(true);
    // … while the strict rules and OpenSSL refuse it.
    expect(await ed25519Verify(signature, message, hex(v.publicKey))).toBe(false);
    expect(opensslVerifies(signature, message, hex(v.publicKey))).toBe(false);
  });

  it('rejects a signature whose S is not reduced (S + L), as OpenSSL does', async () => {
    const v = rfc8032.vectors[1]!;
    const signature = hex(v.signature);
    const unreduced = concatBytes(
      signature.subarray(0, 32),
      toLittleEndian32(littleEndian(signature.subarray(32)) + L),
    );
    expect(await ed25519Verify(unreduced, hex(v.message), hex(v.publicKey))).toBe(false);
    expect(opensslVerifies(unreduced, hex(v.message), hex(v.publicKey))).toBe(false);
  });

  it('answers false, never throws, for signatures and keys of the wrong length', async () => {
    const v = rfc8032.vectors[1]!;
    expect(await ed25519Verify(hex(v.signature).subarray(1), hex(v.message), hex(v.publicKey))).toBe(false);
    expect(await ed25519Verify(hex(v.signature), hex(v.message), hex(v.publicKey).subarray(1))).toBe(false);
    expect(await ed25519Verify(new Uint8Array(64).fill(0xff), hex(v.message), hex(v.publicKey))).toBe(false);
  });

  it('refuses public keys strict verification can never accept: small order, non-canonical, off the curve', () => {
    const identity = new Uint8Array(32);
    identity[0] = 1;
    const nonCanonicalY = new Uint8Array(32).fill(0xff);
    nonCanonicalY[31] = 0x7f; // y = 2^255 − 1 ≥ p
    expect(isStrictEd25519PublicKey(identity)).toBe(false);
    expect(isStrictEd25519PublicKey(nonCanonicalY)).toBe(false);
    expect(isStrictEd25519PublicKey(new Uint8Array(31))).toBe(false);
    for (const v of rfc8032.vectors) expect(isStrictEd25519PublicKey(hex(v.publicKey))).toBe(true);
  });
});
