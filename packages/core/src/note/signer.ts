// Ed25519 signer keys in the golang.org/x/mod/sumdb/note text form:
// `PRIVATE+KEY+<name>+<8 hex key ID>+<base64(0x01 || 32-byte seed)>`. Messages never echo any part of a key.
import { concatBytes, fromBase64, toBase64 } from '../bytes.js';
import { CairnError } from '../errors.js';
import { formatProblems, problem } from '../result.js';
import type { Problem } from '../result.js';
import { ED25519_SEED_BYTES, ed25519PublicKey, ed25519Sign } from './ed25519.js';
import {
  ED25519_SIGNATURE_TYPE,
  MAX_KEY_TEXT,
  formatKeyId,
  keyNameError,
  parseKeyIdHex,
  splitKeyText,
} from './keys.js';
import type { NoteSigner } from './keys.js';
import { createEd25519Verifier } from './verifier.js';

const SIGNER_PREFIX = 'PRIVATE+KEY+';

class Ed25519NoteSigner implements NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly verifierKey: string;
  readonly #seed: Uint8Array;

  constructor(name: string, keyId: number, verifierKey: string, seed: Uint8Array) {
    this.name = name;
    this.keyId = keyId;
    this.verifierKey = verifierKey;
    this.#seed = seed.slice();
    Object.freeze(this);
  }

  sign(message: Uint8Array): Promise<Uint8Array> {
    return ed25519Sign(message, this.#seed);
  }
}

/**
 * Makes a new Ed25519 signer key for `name`, from `seed` (32 bytes) or from crypto.getRandomValues. Keep the
 * result secret; its verifier key is `(await createNoteSigner(key)).verifierKey`.
 *
 * @example
 * const signerKey = await generateSignerKey('example.com/log'); // 'PRIVATE+KEY+example.com/log+1a2b3c4d+Ab…'
 */
export async function generateSignerKey(name: string, seed?: Uint8Array): Promise<string> {
  const nameError = keyNameError(name);
  if (nameError !== undefined) throw new CairnError('invalid_key', `signer key name: ${nameError}`);
  if (seed !== undefined && (!(seed instanceof Uint8Array) || seed.length !== ED25519_SEED_BYTES)) {
    throw new CairnError('invalid_argument', `seed: expected ${ED25519_SEED_BYTES} bytes`);
  }
  const secret = seed ?? globalThis.crypto.getRandomValues(new Uint8Array(ED25519_SEED_BYTES));
  const verifier = createEd25519Verifier(name, await ed25519PublicKey(secret));
  const encoded = toBase64(concatBytes(Uint8Array.of(ED25519_SIGNATURE_TYPE), secret));
  return `${SIGNER_PREFIX}${name}+${formatKeyId(verifier.keyId)}+${encoded}`;
}

/**
 * Opens a signer key text as a {@link NoteSigner}. The key ID is checked against the public key derived from
 * the seed. Throws CairnError('invalid_key') naming what is wrong, without echoing the key.
 *
 * @example
 * const signer = await createNoteSigner(signerKey);
 * const note = await signNote('hello\n', [signer]);
 */
export async function createNoteSigner(signerKey: string): Promise<NoteSigner> {
  const parsed = parseSignerKey(signerKey);
  if ('problems' in parsed) throw new CairnError('invalid_key', formatProblems(parsed.problems));
  const verifier = createEd25519Verifier(parsed.name, await ed25519PublicKey(parsed.seed));
  if (verifier.keyId !== parsed.keyId) {
    throw new CairnError(
      'invalid_key',
      'signerKey.keyId: does not match the public key of the seed (SHA-256 of name, type and key)',
    );
  }
  return new Ed25519NoteSigner(parsed.name, parsed.keyId, verifier.verifierKey, parsed.seed);
}

type ParsedSignerKey = { name: string; keyId: number; seed: Uint8Array };

function parseSignerKey(text: unknown): ParsedSignerKey | { problems: Problem[] } {
  const shape = 'signerKey: expected PRIVATE+KEY+<name>+<8 hex key ID>+<base64 seed>';
  if (typeof text !== 'string')
    return { problems: [problem('signerKey', 'invalid_type', `${shape}, got no string`)] };
  if (text.length > MAX_KEY_TEXT || !text.startsWith(SIGNER_PREFIX)) {
    const hint = /^[^+]+\+[0-9a-fA-F]{8}\+/.test(text) ? ' (this looks like a verifier key)' : '';
    return { problems: [problem('signerKey', 'malformed_key', `${shape}${hint}`)] };
  }
  const parts = splitKeyText(text.slice(SIGNER_PREFIX.length));
  if (parts === undefined) return { problems: [problem('signerKey', 'malformed_key', shape)] };
  const { name } = parts;
  const keyId = parseKeyIdHex(parts.keyIdHex);
  const raw = fromBase64(parts.key);
  const problems: Problem[] = [];
  const nameError = keyNameError(name);
  if (nameError !== undefined)
    problems.push(problem('signerKey.name', 'invalid_key_name', `signerKey.name: ${nameError}`));
  if (keyId === undefined)
    problems.push(problem('signerKey.keyId', 'invalid_key_id', 'signerKey.keyId: expected 8 hex digits'));
  if (raw === undefined) {
    problems.push(
      problem('signerKey.key', 'invalid_base64', 'signerKey.key: expected canonical padded base64'),
    );
  } else if (raw.length !== 1 + ED25519_SEED_BYTES || raw[0] !== ED25519_SIGNATURE_TYPE) {
    const message = 'signerKey.key: expected type byte 0x01 (Ed25519) and a 32-byte seed';
    problems.push(problem('signerKey.key', 'unsupported_key_type', message));
  }
  if (problems.length > 0 || raw === undefined || keyId === undefined) return { problems };
  return { name, keyId, seed: raw.slice(1) };
}
