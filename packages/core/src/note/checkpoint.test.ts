import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromHex, toBase64, toHex, utf8 } from '../bytes.js';
import { isCairnError } from '../errors.js';
import { createMemoryTree } from '../merkle/memory-tree.js';
import type { Result } from '../result.js';
import { formatCheckpoint, parseCheckpoint, signCheckpoint, verifyCheckpoint } from './checkpoint.js';
import { formatKeyId } from './keys.js';
import type { NoteVerifier } from './keys.js';
import { openNote } from './signed-note.js';
import { createNoteSigner } from './signer.js';
import { parseVerifierKey } from './verifier.js';

type DerivedCheckpoint = {
  desc: string;
  origin: string;
  treeSize: number;
  rootHashHex: string;
  body: string;
  signedNote: string;
  verifierKey: string;
  signerKey: string;
};

type BodyCase = {
  desc: string;
  m: string;
  wantErr: boolean;
  want?: { origin: string; size: number; hashUtf8: string };
  wantRest?: string | null;
};

const VECTORS = new URL('../../../../../shared/vectors/', import.meta.url);
const read = (path: string): unknown => JSON.parse(readFileSync(new URL(path, VECTORS), 'utf8'));
const notes = read('checkpoint/signed-note-and-checkpoint.json') as {
  keys: Record<string, { vkey: string; skey?: string }>;
  derivedCheckpoints: DerivedCheckpoint[];
  derivedCheckpointNegatives: { desc: string; signedNote: string; verifierKey: string }[];
  derivedCosignature: { cosignerVkey: string; keyIdHex: string; checkpointWithCosignature: string };
};
const bodies = read('checkpoint/checkpoint-body.json') as {
  marshal: { origin: string; size: number; hashUtf8: string; want: string }[];
  unmarshal: BodyCase[];
  goSumdbTree: { body: string; invalid: string[] };
};
const referenceTree = read('merkle/reference-tree.json') as { leafInputs: string[] };

function verifier(vkey: string): NoteVerifier {
  const parsed = parseVerifierKey(vkey);
  if (!parsed.ok) throw new Error(parsed.problems[0]!.message);
  return parsed.value;
}

function codes(result: Result<unknown>): string[] {
  return result.ok ? [] : result.problems.map((p) => p.code);
}

const LOG = verifier(notes.keys['formats-log']!.vkey);

describe('checkpoint bodies (transparency-dev/formats and golang sumdb/tlog vectors)', () => {
  for (const v of bodies.unmarshal.filter((c) => !c.wantErr)) {
    it(`reads the origin, size and extension lines of "${v.desc}", and refuses its placeholder root (not 32 bytes)`, () => {
      const parsed = parseCheckpoint(v.m);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      if (v.wantRest?.startsWith('\n')) {
        // Strict on purpose: C2SP tlog-checkpoint says extension lines MUST be non-empty (see the vector's strictNote).
        expect(codes(parsed)).toContain('empty_extension_line');
      }
      const other = parsed.problems.filter(
        (p) => p.code !== 'invalid_length' && p.code !== 'empty_extension_line',
      );
      expect(other).toEqual([]);
      expect(parsed.problems).toContainEqual(
        expect.objectContaining({ path: 'checkpoint.root', code: 'invalid_length' }),
      );
      // The same body with a real 32-byte root parses to what upstream expects.
      const root = new Uint8Array(32).fill(7);
      const lines = v.m.split('\n');
      lines[2] = toBase64(root);
      const fixed = parseCheckpoint(lines.join('\n').replace(/\n\n+$/, '\n'));
      expect(fixed.ok && [fixed.value.origin, fixed.value.size]).toEqual([v.want!.origin, v.want!.size]);
      if (v.wantRest && !v.wantRest.startsWith('\n')) {
        expect(fixed.ok && fixed.value.extensions.map((line) => `${line}\n`).join('')).toBe(v.wantRest);
      }
    });
  }

  for (const v of bodies.unmarshal.filter((c) => c.wantErr)) {
    it(`rejects "${v.desc}"`, () => {
      expect(parseCheckpoint(v.m).ok).toBe(false);
    });
  }

  it('refuses to format the upstream marshal cases, whose roots are not 32 bytes', () => {
    for (const v of bodies.marshal) {
      let error: unknown;
      try {
        formatCheckpoint({ origin: v.origin, size: v.size, root: utf8(v.hashUtf8) });
      } catch (e) {
        error = e;
      }
      expect(isCairnError(error, 'invalid_checkpoint')).toBe(true);
      expect(String(error)).toContain('root: expected 32 bytes');
    }
  });

  it('round-trips the golang sumdb/tlog tree golden (origin with spaces, 12-digit size)', () => {
    const parsed = parseCheckpoint(bodies.goSumdbTree.body);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.size).toBe(123456789012);
    expect(toHex(parsed.value.root)).toBe(toHex(sha256Leaf('hello world')));
    expect(formatCheckpoint(parsed.value)).toBe(bodies.goSumdbTree.body);
  });

  it('reads the golang sumdb/tlog invalid trees: a hex size and a root that is not canonical base64', () => {
    const [otherOrigin, hexSize, badRoot] = bodies.goSumdbTree.invalid;
    expect(parseCheckpoint(otherOrigin!).ok).toBe(true); // only the origin differs: a valid checkpoint of another log
    expect(codes(parseCheckpoint(hexSize!))).toEqual(['invalid_size']);
    expect(codes(parseCheckpoint(badRoot!))).toEqual(['invalid_base64']);
  });
});

function sha256Leaf(text: string): Uint8Array {
  const tree = createMemoryTree();
  tree.append(utf8(text));
  return tree.root();
}

describe('signed checkpoints (derived vectors over the RFC 6962 reference tree)', () => {
  for (const v of notes.derivedCheckpoints) {
    it(`reproduces the tree root, body and signed note: ${v.desc}`, async () => {
      const tree = createMemoryTree();
      for (const leaf of referenceTree.leafInputs.slice(0, v.treeSize)) tree.append(fromHex(leaf)!);
      expect(toHex(tree.root())).toBe(v.rootHashHex);
      const checkpoint = { origin: v.origin, size: tree.size, root: tree.root() };
      expect(formatCheckpoint(checkpoint)).toBe(v.body);
      expect(await signCheckpoint(checkpoint, [await createNoteSigner(v.signerKey)])).toBe(v.signedNote);
    });

    it(`verifies: ${v.desc}`, async () => {
      const verified = await verifyCheckpoint(v.signedNote, [verifier(v.verifierKey)], { origin: v.origin });
      expect(verified.ok).toBe(true);
      if (!verified.ok) return;
      expect(verified.value.size).toBe(v.treeSize);
      expect(toHex(verified.value.root)).toBe(v.rootHashHex);
      expect(verified.value.signatures.map((k) => `${k.name}+${formatKeyId(k.keyId)}`)).toEqual([
        'Log+2271c621',
      ]);
    });
  }

  for (const v of notes.derivedCheckpointNegatives) {
    it(`rejects: ${v.desc}`, async () => {
      expect(codes(await verifyCheckpoint(v.signedNote, [verifier(v.verifierKey)]))).toEqual([
        'signature_failed',
        'no_verified_signature',
      ]);
    });
  }

  it('verifies the log signature of a checkpoint that also carries a tlog-cosignature, which it leaves unknown', async () => {
    const cosigned = notes.derivedCosignature.checkpointWithCosignature;
    // The cosigner is known as an Ed25519 note signer (type 0x01), but its cosignature uses type 0x04: another key ID.
    const verifiers = [LOG, verifier(notes.keys['formats-known']!.vkey)];
    expect((await verifyCheckpoint(cosigned, verifiers)).ok).toBe(true);
    const opened = await openNote(cosigned, verifiers);
    expect(opened.ok && opened.value.unknown.map((k) => `${k.name}+${formatKeyId(k.keyId)}`)).toEqual([
      `Known+${notes.derivedCosignature.keyIdHex}`,
    ]);
  });

  it('reports a checkpoint from another origin than expected, with its signatures still checked', async () => {
    const v = notes.derivedCheckpoints[0]!;
    const verified = await verifyCheckpoint(v.signedNote, [LOG], { origin: 'example.com/other' });
    expect(verified.ok).toBe(false);
    if (verified.ok) return;
    expect(verified.problems).toEqual([
      expect.objectContaining({ path: 'checkpoint.origin', code: 'origin_mismatch' }),
    ]);
    expect(verified.problems[0]!.message).toBe('checkpoint.origin: expected "example.com/other", got "Log"');
  });

  it('lists a bad body and a bad signature together', async () => {
    const note = notes.derivedCheckpoints[0]!.signedNote.replace('\n8\n', '\n08\n');
    const verified = await verifyCheckpoint(note, [LOG]);
    expect(verified.ok ? [] : verified.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      'checkpoint.size invalid_size',
      'checkpoint line 5 signature_failed',
      'checkpoint no_verified_signature',
    ]);
  });

  it('round-trips extension lines through signing and verification', async () => {
    const signer = await createNoteSigner(notes.keys['formats-log']!.skey!);
    const checkpoint = {
      origin: 'Log',
      size: 3,
      root: new Uint8Array(32).fill(3),
      extensions: ['ext one', 'ext two'],
    };
    const verified = await verifyCheckpoint(await signCheckpoint(checkpoint, [signer]), [LOG]);
    expect(verified.ok && verified.value.extensions).toEqual(['ext one', 'ext two']);
  });
});

describe('parseCheckpoint strictness', () => {
  const root = toBase64(new Uint8Array(32).fill(1));
  const cases: [string, string, string[]][] = [
    ['a size with a leading zero', `Log\n07\n${root}\n`, ['invalid_size']],
    ['a size with a plus sign', `Log\n+7\n${root}\n`, ['invalid_size']],
    ['a size beyond 2^53 − 1', `Log\n9007199254740992\n${root}\n`, ['invalid_size']],
    ['an empty origin', `\n7\n${root}\n`, ['empty_origin']],
    ['a root in unpadded base64', `Log\n7\n${root.replace(/=$/, '')}\n`, ['invalid_base64']],
    [
      'a root in base64url',
      `Log\n7\n${toBase64(new Uint8Array(32).fill(0xfb)).replace(/\+/g, '-')}\n`,
      ['invalid_base64'],
    ],
    ['a root with non-zero padding bits', `Log\n7\n${root.replace(/E=$/, 'F=')}\n`, ['invalid_base64']],
    ['a 33-byte root', `Log\n7\n${toBase64(new Uint8Array(33))}\n`, ['invalid_length']],
    ['an empty extension line', `Log\n7\n${root}\next\n\n`, ['empty_extension_line']],
    ['no final newline', `Log\n7\n${root}`, ['missing_final_newline']],
    [
      'CRLF line ends',
      `Log\r\n7\r\n${root}\r\n`,
      ['control_character', 'control_character', 'control_character', 'invalid_size', 'invalid_base64'],
    ],
  ];
  for (const [what, text, want] of cases) {
    it(`rejects ${what}`, () => {
      expect(codes(parseCheckpoint(text))).toEqual(want);
    });
  }

  it('accepts size 0 and the largest safe size', () => {
    expect(parseCheckpoint(`Log\n0\n${root}\n`).ok).toBe(true);
    const largest = parseCheckpoint(`Log\n9007199254740991\n${root}\n`);
    expect(largest.ok && largest.value.size).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses to format a checkpoint with a bad origin, size, root or extension, naming each', () => {
    let error: unknown;
    try {
      formatCheckpoint({ origin: 'a\nb', size: -1, root: new Uint8Array(31), extensions: [''] });
    } catch (e) {
      error = e;
    }
    expect(isCairnError(error, 'invalid_checkpoint')).toBe(true);
    for (const field of ['origin:', 'size:', 'root:', 'extensions[0]:'])
      expect(String(error)).toContain(field);
  });
});
