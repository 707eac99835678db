// C2SP signed-note keys: names, key IDs and the signer / verifier interfaces a note is signed and opened with.
import { concatBytes, utf8 } from '../bytes.js';
import { sha256 } from '../hash/sha256.js';
import { hasLoneSurrogate, isSingleLine } from './text.js';

/**
 * C2SP signed-note signature type byte of Ed25519 note signatures (the 0x01 in key IDs and verifier keys).
 *
 * @example
 * computeKeyId('example.com/foo', ED25519_SIGNATURE_TYPE, publicKey)
 */
export const ED25519_SIGNATURE_TYPE = 0x01;

/** A key as a signature line names it: key name and 32-bit key ID. */
export type KeyRef = { readonly name: string; readonly keyId: number };

/**
 * What signs a note: an Ed25519 key from {@link createNoteSigner}, or your own KMS / HSM key implementing this
 * interface. `sign` receives the exact note text bytes and returns the raw signature (without the key ID).
 *
 * @example
 * const signer = await createNoteSigner(await generateSignerKey('example.com/log'));
 * const note = await signNote('hello\n', [signer]);
 */
export interface NoteSigner {
  /** Key name: non-empty, no whitespace, no '+'. */
  readonly name: string;
  /** 32-bit key ID, as in the verifier key. */
  readonly keyId: number;
  /** The verifier key text to hand to verifiers: `<name>+<8 hex>+<base64(type || public key)>`. */
  readonly verifierKey: string;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/**
 * What checks a signature line of a note: from {@link parseVerifierKey}, or your own implementation for
 * another signature type.
 *
 * @example
 * const parsed = parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW');
 * if (parsed.ok) await openNote(note, [parsed.value]);
 */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly verifierKey: string;
  /** True when `signature` (without the key ID) is valid for `message`, the exact note text bytes. */
  verify(message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

// C2SP signed-note: key names "MUST be non-empty and MUST NOT contain any Unicode spaces or plus (U+002B)".
// White_Space is the set Go's unicode.IsSpace tests; control characters and lone surrogates could never appear
// in a valid note either.
const SPACE_OR_PLUS = /[\p{White_Space}+\u007F]/u;

/**
 * True when `name` is a valid C2SP signed-note key name.
 *
 * @example
 * isValidKeyName('example.com/log') === true; isValidKeyName('a b') === false
 */
export function isValidKeyName(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    !SPACE_OR_PLUS.test(name) &&
    isSingleLine(name) &&
    !hasLoneSurrogate(name)
  );
}

/** Why `name` is not a valid key name, as a message fragment, or undefined when it is valid. */
export function keyNameError(name: unknown): string | undefined {
  if (typeof name !== 'string') return `expected a string, got ${typeof name}`;
  if (name.length === 0) return 'expected a non-empty key name';
  if (isValidKeyName(name)) return undefined;
  return 'expected a key name without spaces, "+" or control characters';
}

/**
 * The C2SP signed-note key ID: the first four bytes, big-endian, of
 * SHA-256(key name || 0x0A || signature type || public key).
 *
 * @example
 * formatKeyId(computeKeyId('example.com/foo', ED25519_SIGNATURE_TYPE, publicKey)) === '530d903a'
 */
export function computeKeyId(name: string, signatureType: number, publicKey: Uint8Array): number {
  const digest = sha256(concatBytes(utf8(name), Uint8Array.of(0x0a, signatureType), publicKey));
  return ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
}

/**
 * A key ID as the 8 lowercase hex digits of key texts.
 *
 * @example
 * formatKeyId(0x530d903a) === '530d903a'
 */
export function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/** `name+keyid`, the way messages name a key. */
export function describeKey(key: KeyRef): string {
  return `${key.name}+${formatKeyId(key.keyId)}`;
}

/** True when `keyId` is an unsigned 32-bit integer. */
export function isKeyId(keyId: unknown): keyId is number {
  return typeof keyId === 'number' && Number.isInteger(keyId) && keyId >= 0 && keyId <= 0xffffffff;
}

/** Key texts are short; anything longer is refused before it is read. */
export const MAX_KEY_TEXT = 4096;

/** The parts of a key text `<name>+<hex key ID>+<base64 key>`. */
export type KeyTextParts = { readonly name: string; readonly keyIdHex: string; readonly key: string };

/**
 * Splits a key text on its first two '+' only: the base64 key may itself hold '+' (C2SP signed-note "Verifier
 * keys"). Undefined when there are fewer than two.
 */
export function splitKeyText(text: string): KeyTextParts | undefined {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) return undefined;
  return { name: text.slice(0, first), keyIdHex: text.slice(first + 1, second), key: text.slice(second + 1) };
}

/** The key ID of exactly 8 hex digits, either case as golang sumdb/note accepts, or undefined. */
export function parseKeyIdHex(text: string): number | undefined {
  return /^[0-9a-fA-F]{8}$/.test(text) ? parseInt(text, 16) : undefined;
}
