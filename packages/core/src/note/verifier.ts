// Verifier keys, C2SP signed-note "Verifier keys": `<name>+<hex key ID>+<base64(signature type || public key)>`.
import { concatBytes, fromBase64, toBase64 } from '../bytes.js';
import { CairnError } from '../errors.js';
import { describeValue, fail, ok, problem } from '../result.js';
import type { Problem, Result } from '../result.js';
import { ED25519_PUBLIC_KEY_BYTES, ed25519Verify, isStrictEd25519PublicKey } from './ed25519.js';
import {
  ED25519_SIGNATURE_TYPE,
  MAX_KEY_TEXT,
  computeKeyId,
  formatKeyId,
  keyNameError,
  parseKeyIdHex,
  splitKeyText,
} from './keys.js';
import type { NoteVerifier } from './keys.js';

class Ed25519NoteVerifier implements NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly verifierKey: string;
  readonly #publicKey: Uint8Array;

  constructor(name: string, publicKey: Uint8Array) {
    this.name = name;
    this.#publicKey = publicKey.slice();
    this.keyId = computeKeyId(name, ED25519_SIGNATURE_TYPE, this.#publicKey);
    this.verifierKey = formatVerifierKey(name, this.keyId, this.#publicKey);
    Object.freeze(this);
  }

  verify(message: Uint8Array, signature: Uint8Array): Promise<boolean> {
    return ed25519Verify(signature, message, this.#publicKey);
  }
}

function formatVerifierKey(name: string, keyId: number, publicKey: Uint8Array): string {
  return `${name}+${formatKeyId(keyId)}+${toBase64(concatBytes(Uint8Array.of(ED25519_SIGNATURE_TYPE), publicKey))}`;
}

/**
 * The verifier key text of an Ed25519 public key under `name`. Throws CairnError('invalid_key') for a bad name
 * or a key that strict RFC 8032 verification could never accept.
 *
 * @example
 * ed25519VerifierKey('example.com/foo', publicKey) === 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'
 */
export function ed25519VerifierKey(name: string, publicKey: Uint8Array): string {
  const nameError = keyNameError(name);
  if (nameError !== undefined) throw new CairnError('invalid_key', `verifier key name: ${nameError}`);
  if (!(publicKey instanceof Uint8Array) || !isStrictEd25519PublicKey(publicKey)) {
    throw new CairnError('invalid_key', 'verifier key: expected a canonical 32-byte Ed25519 public key');
  }
  return new Ed25519NoteVerifier(name, publicKey).verifierKey;
}

/**
 * Parses a C2SP verifier key (`<name>+<8 hex key ID>+<base64(0x01 || 32-byte Ed25519 key)>`), splitting on the
 * first two '+' only since base64 may hold '+'. Checks the name, the key type, the key itself (strict RFC 8032
 * point encoding) and that the key ID is the one the name and key hash to; lists every problem.
 *
 * @example
 * const v = parseVerifierKey('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k');
 * if (v.ok) v.value.keyId === 0x530d903a;
 */
export function parseVerifierKey(text: unknown): Result<NoteVerifier> {
  if (typeof text !== 'string') {
    return fail([
      problem('verifierKey', 'invalid_type', `verifierKey: expected a string, got ${describeValue(text)}`),
    ]);
  }
  if (text.length > MAX_KEY_TEXT) {
    const message = `verifierKey: expected at most ${MAX_KEY_TEXT} characters, got ${text.length}`;
    return fail([problem('verifierKey', 'too_large', message)]);
  }
  const parts = splitKeyText(text);
  if (parts === undefined) {
    const message = `verifierKey: expected <name>+<8 hex key ID>+<base64 key>, got ${describeValue(text)}`;
    return fail([problem('verifierKey', 'malformed_key', message)]);
  }
  const nameError = keyNameError(parts.name);
  const keyId = parseKeyIdHex(parts.keyIdHex);
  const problems: Problem[] = [];
  if (nameError !== undefined) {
    problems.push(problem('verifierKey.name', 'invalid_key_name', `verifierKey.name: ${nameError}`));
  }
  if (keyId === undefined) {
    const message = `verifierKey.keyId: expected 8 hex digits, got ${describeValue(parts.keyIdHex)}`;
    problems.push(problem('verifierKey.keyId', 'invalid_key_id', message));
  }
  const publicKey = readPublicKey(parts.key, problems);
  if (problems.length > 0 || publicKey === undefined) return fail(problems);
  const verifier = new Ed25519NoteVerifier(parts.name, publicKey);
  if (verifier.keyId !== keyId) {
    const expected = formatKeyId(verifier.keyId);
    const message = `verifierKey.keyId: expected ${expected} (SHA-256 of name, type and key), got ${parts.keyIdHex}`;
    return fail([problem('verifierKey.keyId', 'key_id_mismatch', message)]);
  }
  return ok(verifier);
}

function readPublicKey(b64: string, problems: Problem[]): Uint8Array | undefined {
  const path = 'verifierKey.key';
  const raw = fromBase64(b64);
  if (raw === undefined) {
    const hint = /\s/.test(b64) ? ' (it holds whitespace: trim the key text)' : '';
    problems.push(problem(path, 'invalid_base64', `${path}: expected canonical padded base64${hint}`));
    return undefined;
  }
  if (raw.length === 0 || raw[0] !== ED25519_SIGNATURE_TYPE) {
    const got = raw.length === 0 ? 'nothing' : `0x${raw[0]!.toString(16).padStart(2, '0')}`;
    problems.push(
      problem(path, 'unsupported_key_type', `${path}: expected signature type 0x01 (Ed25519), got ${got}`),
    );
    return undefined;
  }
  const publicKey = raw.subarray(1);
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES) {
    const message = `${path}: expected a 32-byte Ed25519 public key after the type byte, got ${publicKey.length} bytes`;
    problems.push(problem(path, 'invalid_length', message));
    return undefined;
  }
  if (!isStrictEd25519PublicKey(publicKey)) {
    const message = `${path}: not a canonical Ed25519 point of large order (RFC 8032 §5.1.3)`;
    problems.push(problem(path, 'invalid_public_key', message));
    return undefined;
  }
  return publicKey;
}

/** @internal Builds the Ed25519 verifier of a public key already checked by the caller. */
export function createEd25519Verifier(name: string, publicKey: Uint8Array): NoteVerifier {
  return new Ed25519NoteVerifier(name, publicKey);
}
