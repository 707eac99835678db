import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, fromHex, toBase64, utf8 } from '../bytes.js';
import { isCairnError } from '../errors.js';
import type { Result } from '../result.js';
import { computeKeyId, formatKeyId } from './keys.js';
import type { NoteSigner, NoteVerifier } from './keys.js';
import { addSignatures, openNote, signNote } from './signed-note.js';
import { createNoteSigner, generateSignerKey } from './signer.js';
import { isSingleLine } from './text.js';
import { ed25519VerifierKey, parseVerifierKey } from './verifier.js';

type NoteVector = {
  desc: string;
  note: string;
  verifierKeys: string[];
  wantError: boolean;
  wantText: string | null;
  wantVerifiedNames: string[] | null;
};

const VECTORS = new URL('../../../../../shared/vectors/checkpoint/', import.meta.url);
const vectors = JSON.parse(readFileSync(new URL('signed-note-and-checkpoint.json', VECTORS), 'utf8')) as {
  keys: Record<string, { vkey: string; skey?: string; seedHex?: string; name: string }>;
  signedNotes: NoteVector[];
};

const PETER = vectors.keys['go-peter']!;
const ENOCH = vectors.keys['go-enoch']!;
const GO_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_SIGNED = vectors.signedNotes[1]!.note;

function verifier(vkey: string): NoteVerifier {
  const parsed = parseVerifierKey(vkey);
  if (!parsed.ok) throw new Error(parsed.problems[0]!.message);
  return parsed.value;
}

function codes(result: Result<unknown>): string[] {
  return result.ok ? [] : result.problems.map((p) => p.code);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('expected a rejection'),
    (error: unknown) => error,
  );
}

/** Sixteen deterministic signers, so property runs do not spend their time generating keys. */
const pool: { signer: NoteSigner; verifier: NoteVerifier }[] = [];
beforeAll(async () => {
  for (let i = 0; i < 16; i++) {
    const signer = await createNoteSigner(
      await generateSignerKey(`signer${i}.example`, new Uint8Array(32).fill(i + 1)),
    );
    pool.push({ signer, verifier: verifier(signer.verifierKey) });
  }
});

describe('openNote with the C2SP and golang sumdb/note vectors', () => {
  for (const v of vectors.signedNotes) {
    it(`${v.wantError ? 'rejects' : 'opens'}: ${v.desc}`, async () => {
      const opened = await openNote(v.note, v.verifierKeys.map(verifier));
      expect(opened.ok).toBe(!v.wantError);
      if (!opened.ok) return;
      expect(opened.value.text).toBe(v.wantText);
      expect(opened.value.verified.map((k) => k.name)).toEqual(v.wantVerifiedNames);
    });
  }

  it('lists the signature of a key it does not know as unknown, with its key ID (Go TestOpen, EnochRoot)', async () => {
    const opened = await openNote(vectors.signedNotes[3]!.note, [verifier(PETER.vkey)]);
    expect(opened.ok && opened.value.unknown.map((k) => `${k.name}+${formatKeyId(k.keyId)}`)).toEqual([
      'EnochRoot+af0cfe78',
    ]);
  });

  it('opens the same note given as UTF-8 bytes', async () => {
    const opened = await openNote(utf8(GO_SIGNED), [verifier(PETER.vkey)]);
    expect(opened.ok && opened.value.text).toBe(GO_TEXT);
  });
});

describe('signNote and addSignatures', () => {
  it('reproduces the golang sumdb/note TestSign note byte for byte (Ed25519 is deterministic)', async () => {
    expect(await signNote(GO_TEXT, [await createNoteSigner(PETER.skey!)])).toBe(GO_SIGNED);
  });

  it('cosigns a note after its existing lines, and both keys then verify (EnochRoot-style second signature)', async () => {
    const known = vectors.keys['formats-known']!;
    const cosigned = await addSignatures(GO_SIGNED, [await createNoteSigner(known.skey!)]);
    expect(cosigned.startsWith(GO_SIGNED)).toBe(true);
    const opened = await openNote(cosigned, [verifier(PETER.vkey), verifier(known.vkey)]);
    expect(opened.ok && opened.value.verified.map((k) => k.name)).toEqual(['PeterNeumann', 'Known']);
  });

  it('replaces the line of a key that signs again instead of adding a second one', async () => {
    const twoSigned = vectors.signedNotes[2]!.note;
    const resigned = await addSignatures(twoSigned, [await createNoteSigner(PETER.skey!)]);
    const lines = resigned.split('\n').filter((line) => line.startsWith('\u2014 '));
    expect(lines.map((line) => line.split(' ')[1])).toEqual(['EnochRoot', 'PeterNeumann']);
  });

  it('signs with any NoteSigner implementation, e.g. a key held elsewhere (here: OpenSSL through node:crypto)', async () => {
    const seed = fromHex(vectors.keys['formats-log']!.seedHex!)!;
    const pkcs8 = concatBytes(fromHex('302e020100300506032b657004220420')!, seed);
    const key = createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' });
    const reference = await createNoteSigner(vectors.keys['formats-log']!.skey!);
    const external: NoteSigner = {
      name: reference.name,
      keyId: reference.keyId,
      verifierKey: reference.verifierKey,
      sign: (message) => Promise.resolve(new Uint8Array(nodeSign(null, message, key))),
    };
    const note = await signNote('external key\n', [external]);
    expect(note).toBe(await signNote('external key\n', [reference]));
    expect((await openNote(note, [verifier(reference.verifierKey)])).ok).toBe(true);
  });

  it('refuses text it cannot sign: no final newline, control characters, CRLF, lone surrogates', async () => {
    const signer = pool[0]!.signer;
    for (const text of ['no newline', 'tab\there\n', 'crlf\r\n', 'nul\u0000\n', 'lone \ud800\n', '']) {
      expect(isCairnError(await rejection(signNote(text, [signer])), 'invalid_note')).toBe(true);
    }
  });

  it('refuses no signers, the same key twice, a bad key name, and a signer that returns nothing', async () => {
    const signer = pool[0]!.signer;
    expect(isCairnError(await rejection(signNote('x\n', [])), 'invalid_argument')).toBe(true);
    expect(isCairnError(await rejection(signNote('x\n', [signer, signer])), 'invalid_argument')).toBe(true);
    const badName = { ...signer, name: 'a b', sign: (m: Uint8Array) => signer.sign(m) };
    expect(isCairnError(await rejection(signNote('x\n', [badName])), 'invalid_key')).toBe(true);
    const empty = { ...signer, sign: () => Promise.resolve(new Uint8Array(0)) };
    expect(isCairnError(await rejection(signNote('x\n', [empty])), 'signature_failed')).toBe(true);
  });

  it('refuses to cosign past 100 signature lines, and throws for verifiers that are not a list', async () => {
    const { signer } = pool[0]!;
    const unknown = Array.from(
      { length: 99 },
      (_, i) => `\u2014 other${i} ${toBase64(new Uint8Array(68))}\n`,
    );
    const full = `${await signNote('x\n', [signer])}${unknown.join('')}`;
    const error = await rejection(addSignatures(full, [pool[1]!.signer]));
    expect(isCairnError(error, 'invalid_argument')).toBe(true);
    const notAList = rejection(openNote(full, pool[0]!.verifier as unknown as NoteVerifier[]));
    expect(isCairnError(await notAList, 'invalid_argument')).toBe(true);
  });

  it('refuses to cosign a malformed note', async () => {
    const error = await rejection(addSignatures('no signatures\n', [pool[0]!.signer]));
    expect(isCairnError(error, 'invalid_note')).toBe(true);
  });

  it('round-trips text with empty lines, a leading BOM and non-ASCII, split at the last blank line', async () => {
    const { signer, verifier: v } = pool[1]!;
    for (const text of [
      '\n',
      'a\n\nb\n',
      'a\n\n\n',
      '\ufeffbom\n',
      'Ognuno sta solo\n\ned è subito sera.\n',
    ]) {
      const opened = await openNote(await signNote(text, [signer]), [v]);
      expect(opened.ok && opened.value.text).toBe(text);
    }
  });
});

describe('signed note properties', () => {
  const lineText = fc.string({ unit: 'grapheme', maxLength: 40 }).filter(isSingleLine);
  const noteText = fc.array(lineText, { minLength: 1, maxLength: 6 }).map((lines) => `${lines.join('\n')}\n`);
  const signerCount = fc.integer({ min: 1, max: 16 });

  it('round-trips any text signed by 1 to 16 signers, every one verified in order', async () => {
    await fc.assert(
      fc.asyncProperty(noteText, signerCount, async (text, count) => {
        const chosen = pool.slice(0, count);
        const opened = await openNote(
          await signNote(
            text,
            chosen.map((p) => p.signer),
          ),
          chosen.map((p) => p.verifier),
        );
        expect(opened.ok && opened.value.text).toBe(text);
        expect(opened.ok && opened.value.verified.map((k) => k.name)).toEqual(
          chosen.map((p) => p.signer.name),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('rejects a note after any one-byte change to its text', async () => {
    await fc.assert(
      fc.asyncProperty(
        noteText,
        signerCount,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (text, count, at, delta) => {
          const chosen = pool.slice(0, count);
          const note = utf8(
            await signNote(
              text,
              chosen.map((p) => p.signer),
            ),
          );
          const position = at % utf8(text).length;
          note[position] = (note[position]! + delta) % 256;
          expect(
            (
              await openNote(
                note,
                chosen.map((p) => p.verifier),
              )
            ).ok,
          ).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rejects a note after any one-byte change to any of its signatures', async () => {
    await fc.assert(
      fc.asyncProperty(
        noteText,
        signerCount,
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (text, count, which, at, delta) => {
          const chosen = pool.slice(0, count);
          const lines = (
            await signNote(
              text,
              chosen.map((p) => p.signer),
            )
          ).split('\n');
          const lineIndex = lines.length - 1 - count + (which % count);
          const [dash, name, b64] = lines[lineIndex]!.split(' ');
          const raw = fromBase64(b64!)!;
          const position = 4 + (at % (raw.length - 4)); // past the key ID: the signature bytes themselves
          raw[position] = (raw[position]! + delta) % 256;
          lines[lineIndex] = `${dash} ${name} ${toBase64(raw)}`;
          const opened = await openNote(
            lines.join('\n'),
            chosen.map((p) => p.verifier),
          );
          expect(codes(opened)).toContain('signature_failed');
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('openNote rules (C2SP signed-note "Signatures")', () => {
  it('ignores a line whose name matches a known key but whose key ID does not, and the reverse', async () => {
    const { signer, verifier: v } = pool[2]!;
    const note = await signNote('x\n', [signer]);
    const line = note.split('\n')[2]!;
    const otherId = line.replace(/ (\S+)$/, (_m, b64: string) => {
      const raw = fromBase64(b64)!;
      raw[0]! ^= 0xff;
      return ` ${toBase64(raw)}`;
    });
    const otherName = line.replace(signer.name, 'someone.else');
    const opened = await openNote(`${note}${otherId}\n${otherName}\n`, [v]);
    expect(opened.ok && opened.value.unknown.map((k) => k.name)).toEqual([signer.name, 'someone.else']);
  });

  it('rejects the whole note when one known key fails although another verified, naming its line', async () => {
    const [a, b] = [pool[3]!, pool[4]!];
    const good = await signNote('x\n', [a.signer]);
    const forged = (await signNote('y\n', [b.signer])).split('\n')[2]!;
    const opened = await openNote(`${good}${forged}\n`, [a.verifier, b.verifier]);
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.problems).toEqual([
      expect.objectContaining({ path: 'note line 4', code: 'signature_failed' }),
    ]);
    expect(opened.problems[0]!.message).toContain(`${b.signer.name}+${formatKeyId(b.signer.keyId)}`);
  });

  it('lists a key that signed twice once', async () => {
    const { signer, verifier: v } = pool[5]!;
    const note = await signNote('x\n', [signer]);
    const opened = await openNote(`${note}${note.split('\n')[2]!}\n`, [v]);
    expect(opened.ok && opened.value.verified).toHaveLength(1);
  });

  it('refuses to choose between two different verifier keys with the same name and key ID', async () => {
    const { signer, verifier: v } = pool[6]!;
    const impostor: NoteVerifier = {
      ...v,
      verifierKey: `${v.verifierKey}x`,
      verify: () => Promise.resolve(true),
    };
    const opened = await openNote(await signNote('x\n', [signer]), [v, impostor]);
    expect(codes(opened)).toEqual(['ambiguous_key', 'no_verified_signature']);
  });

  it('accepts 100 signature lines and refuses 101 before verifying any', async () => {
    const { signer, verifier: v } = pool[7]!;
    const note = await signNote('x\n', [signer]);
    const unknown = Array.from(
      { length: 99 },
      (_, i) => `\u2014 other${i} ${toBase64(new Uint8Array(68).fill(i))}\n`,
    );
    const opened = await openNote(note + unknown.join(''), [v]);
    expect(opened.ok && opened.value.unknown).toHaveLength(99);
    let verifications = 0;
    const counting: NoteVerifier = { ...v, verify: (m, s) => (verifications++, v.verify(m, s)) };
    expect(codes(await openNote(`${note}${unknown.join('')}${unknown[0]!}`, [counting]))).toEqual([
      'too_many_signatures',
    ]);
    expect(verifications).toBe(0);
  });

  it('names every malformed signature line by its line number', async () => {
    const { signer, verifier: v } = pool[8]!;
    const note = await signNote('one\ntwo\n', [signer]);
    const bad = [
      '- dash not em dash',
      '\u2014 no-signature',
      '\u2014 name not!base64',
      `\u2014 short ${toBase64(new Uint8Array(4))}`,
      `\u2014 bad+name ${toBase64(new Uint8Array(68))}`,
      `\u2014  ${toBase64(new Uint8Array(68))}`,
    ];
    const opened = await openNote(`${note}${bad.join('\n')}\n`, [v]);
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      'note line 5 malformed_signature_line',
      'note line 6 malformed_signature_line',
      'note line 7 invalid_base64',
      'note line 8 signature_too_short',
      'note line 9 invalid_key_name',
      'note line 10 invalid_key_name',
    ]);
  });

  it('rejects a note none of whose known keys signed it, naming who did', async () => {
    const opened = await openNote(GO_SIGNED, [verifier(ENOCH.vkey)]);
    expect(opened.ok ? '' : opened.problems[0]!.message).toContain('PeterNeumann+c74f20a3');
  });

  it('computes a verifier key for a raw public key that opens notes signed by its seed', async () => {
    const seed = new Uint8Array(32).fill(9);
    const signer = await createNoteSigner(await generateSignerKey('raw.example', seed));
    const keyId = computeKeyId(
      'raw.example',
      1,
      fromBase64(signer.verifierKey.split('+').slice(2).join('+'))!.subarray(1),
    );
    expect(keyId).toBe(signer.keyId);
    const vkey = ed25519VerifierKey(
      'raw.example',
      fromBase64(signer.verifierKey.split('+').slice(2).join('+'))!.subarray(1),
    );
    expect((await openNote(await signNote('x\n', [signer]), [verifier(vkey)])).ok).toBe(true);
  });
});
