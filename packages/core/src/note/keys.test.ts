import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, fromHex, toBase64, toHex, utf8 } from '../bytes.js';
import { isCairnError } from '../errors.js';
import { ED25519_SIGNATURE_TYPE, computeKeyId, formatKeyId, isValidKeyName } from './keys.js';
import { createNoteSigner, generateSignerKey } from './signer.js';
import { ed25519VerifierKey, parseVerifierKey } from './verifier.js';

type KeyVector = {
  name: string;
  vkey: string;
  keyIdHex: string;
  publicKeyHex: string;
  keyIdPreimageHex: string;
  skey?: string;
  seedHex?: string;
};

const VECTORS = new URL('../../../../../shared/vectors/checkpoint/', import.meta.url);
const notes = JSON.parse(readFileSync(new URL('signed-note-and-checkpoint.json', VECTORS), 'utf8')) as {
  keys: Record<string, KeyVector>;
};
const keys = Object.entries(notes.keys);
const withSeed = keys.filter((entry): entry is [string, KeyVector & { skey: string; seedHex: string }] => {
  return entry[1].skey !== undefined && entry[1].seedHex !== undefined;
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('key IDs and key names (C2SP signed-note)', () => {
  for (const [id, key] of keys) {
    it(`computes the key ID ${key.keyIdHex} of key ${id} from SHA-256(name || 0x0A || 0x01 || key)`, () => {
      const publicKey = fromHex(key.publicKeyHex)!;
      const preimage = concatBytes(utf8(key.name), Uint8Array.of(0x0a, ED25519_SIGNATURE_TYPE), publicKey);
      expect(toHex(preimage)).toBe(key.keyIdPreimageHex);
      expect(formatKeyId(computeKeyId(key.name, ED25519_SIGNATURE_TYPE, publicKey))).toBe(key.keyIdHex);
    });
  }

  it('formats key IDs as 8 lowercase hex digits, keeping leading zeros', () => {
    expect(formatKeyId(0x530d903a)).toBe('530d903a');
    expect(formatKeyId(0x0000abcd)).toBe('0000abcd');
    expect(formatKeyId(0xffffffff)).toBe('ffffffff');
  });

  it('accepts URL-like names and refuses empty names, Unicode spaces, "+" and control characters', () => {
    for (const name of ['example.com/foo', 'PeterNeumann', 'Log', 'ünïcödé.example/ログ']) {
      expect(isValidKeyName(name)).toBe(true);
    }
    for (const name of [
      '',
      'a b',
      'a\tb',
      'a+b',
      'a\u00a0b',
      'a\u2003b',
      'a\u3000b',
      'a\u0085b',
      'a\u0000b',
      '\ud800',
      7,
    ]) {
      expect(isValidKeyName(name)).toBe(false);
    }
  });
});

describe('verifier keys', () => {
  for (const [id, key] of keys) {
    it(`parses the verifier key of ${id} into its name, key ID and canonical text`, () => {
      const parsed = parseVerifierKey(key.vkey);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.value.name).toBe(key.name);
      expect(formatKeyId(parsed.value.keyId)).toBe(key.keyIdHex);
      expect(parsed.value.verifierKey).toBe(key.vkey);
      expect(ed25519VerifierKey(key.name, fromHex(key.publicKeyHex)!)).toBe(key.vkey);
    });
  }

  it('splits on the first two "+" only, so base64 holding "+" still parses', () => {
    const vkey = notes.keys['formats-unknown']!.vkey; // Unknown+fdbb2e08+AWgRIYZ+8x1Vl+1Q+sR8…
    expect(vkey.split('+').length).toBeGreaterThan(3);
    expect(parseVerifierKey(vkey).ok).toBe(true);
  });

  it('accepts an uppercase key ID as golang sumdb/note does, and answers the canonical lowercase text', () => {
    const key = notes.keys['c2sp-example']!;
    const parsed = parseVerifierKey(key.vkey.replace(key.keyIdHex, key.keyIdHex.toUpperCase()));
    expect(parsed.ok && parsed.value.verifierKey).toBe(key.vkey);
  });

  it('refuses a key ID that does not hash from the name and key, naming the expected ID', () => {
    const parsed = parseVerifierKey('example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      expect.objectContaining({ path: 'verifierKey.keyId', code: 'key_id_mismatch' }),
    ]);
    expect(parsed.problems[0]!.message).toContain('expected 530d903a');
  });

  it('refuses the same key under another name, whose key ID differs (the vectors example.com/bar case)', () => {
    const parsed = parseVerifierKey('example.com/bar+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k');
    expect(parsed.ok).toBe(false);
    expect(parseVerifierKey('example.com/bar+c6fb2e3e+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k').ok).toBe(
      true,
    );
  });

  it('lists every problem of a verifier key at once: name, key ID and key', () => {
    const parsed = parseVerifierKey('a b+xyz+!!!');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      'verifierKey.name invalid_key_name',
      'verifierKey.keyId invalid_key_id',
      'verifierKey.key invalid_base64',
    ]);
  });

  it('refuses keys of another signature type, the wrong length, or not a strict Ed25519 point', () => {
    const publicKey = fromHex(notes.keys['c2sp-example']!.publicKeyHex)!;
    const cases: [Uint8Array, string][] = [
      [concatBytes(Uint8Array.of(0x04), publicKey), 'unsupported_key_type'],
      [concatBytes(Uint8Array.of(0x01), publicKey.subarray(1)), 'invalid_length'],
      [concatBytes(Uint8Array.of(0x01), publicKey, Uint8Array.of(0)), 'invalid_length'],
      [concatBytes(Uint8Array.of(0x01), Uint8Array.of(1), new Uint8Array(31)), 'invalid_public_key'],
    ];
    for (const [raw, code] of cases) {
      const keyId = formatKeyId(computeKeyId('k', raw[0]!, raw.subarray(1)));
      const parsed = parseVerifierKey(`k+${keyId}+${toBase64(raw)}`);
      expect(parsed.ok ? 'ok' : parsed.problems[0]!.code).toBe(code);
    }
  });

  it('hints at whitespace when a key read from a file keeps its newline', () => {
    const parsed = parseVerifierKey(`${notes.keys['go-peter']!.vkey}\n`);
    expect(parsed.ok ? '' : parsed.problems[0]!.message).toContain('trim');
  });
});

describe('signer keys (golang.org/x/mod/sumdb/note form)', () => {
  for (const [id, key] of withSeed) {
    it(`regenerates the signer key of ${id} from its seed and derives its verifier key`, async () => {
      expect(await generateSignerKey(key.name, fromHex(key.seedHex))).toBe(key.skey);
      const signer = await createNoteSigner(key.skey);
      expect(signer.name).toBe(key.name);
      expect(formatKeyId(signer.keyId)).toBe(key.keyIdHex);
      expect(signer.verifierKey).toBe(key.vkey);
    });
  }

  it('generates a fresh random key each time, whose signatures its verifier key accepts', async () => {
    const [a, b] = [await generateSignerKey('example.com/log'), await generateSignerKey('example.com/log')];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^PRIVATE\+KEY\+example\.com\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    const signer = await createNoteSigner(a);
    const verifier = parseVerifierKey(signer.verifierKey);
    const message = utf8('hello\n');
    expect(verifier.ok && (await verifier.value.verify(message, await signer.sign(message)))).toBe(true);
  });

  it('keeps the seed out of the signer object: not in its keys, its JSON or its inspection', async () => {
    const key = withSeed[0]![1];
    const signer = await createNoteSigner(key.skey);
    const seedB64 = toBase64(fromBase64(key.skey.split('+').slice(4).join('+'))!);
    const shown = `${JSON.stringify(signer)} ${Object.values(signer).map(String).join(' ')} ${inspect(signer, { showHidden: true })}`;
    expect(shown).not.toContain(seedB64.slice(4, 20));
    expect(Object.isFrozen(signer)).toBe(true);
  });

  it('refuses a signer key whose key ID does not match its seed, without echoing the key', async () => {
    const key = withSeed[0]![1];
    const tampered = key.skey.replace(key.keyIdHex, '00000000');
    const error = await rejection(createNoteSigner(tampered));
    expect(isCairnError(error, 'invalid_key')).toBe(true);
    expect(String(error)).not.toContain(key.skey.slice(-20));
  });

  it('refuses malformed signer keys with invalid_key, naming the part that is wrong and echoing none', async () => {
    const key = withSeed[0]![1];
    const cases: [string, string][] = [
      [notes.keys['go-peter']!.vkey, 'verifier key'],
      ['PRIVATE+KEY+only-a-name', 'expected PRIVATE+KEY+'],
      [key.skey.replace(`+${key.name}+`, '+bad name+'), 'signerKey.name'],
      [key.skey.replace(/\+[^+]*$/, '+AQ=='), 'signerKey.key'],
      [key.skey.replace(/\+[^+]*$/, '+not base64'), 'signerKey.key'],
      [`${key.skey}\n`, 'signerKey.key'],
    ];
    for (const [text, fragment] of cases) {
      const error = await rejection(createNoteSigner(text));
      expect(isCairnError(error, 'invalid_key')).toBe(true);
      expect(String(error)).toContain(fragment);
      expect(String(error)).not.toContain(key.skey.slice(-20));
    }
  });

  it('refuses to generate a key for an invalid name or from a seed that is not 32 bytes', async () => {
    expect(isCairnError(await rejection(generateSignerKey('a+b')), 'invalid_key')).toBe(true);
    expect(
      isCairnError(await rejection(generateSignerKey('a', new Uint8Array(31))), 'invalid_argument'),
    ).toBe(true);
  });
});
