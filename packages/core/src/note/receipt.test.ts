import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fromBase64, fromHex, fromUtf8, toBase64, utf8 } from '../bytes.js';
import { isCairnError } from '../errors.js';
import { createMemoryTree } from '../merkle/memory-tree.js';
import { inclusionProof } from '../merkle/proofs.js';
import type { Result } from '../result.js';
import { signCheckpoint } from './checkpoint.js';
import type { NoteVerifier } from './keys.js';
import { RECEIPT_HEADER, formatReceipt, parseReceipt, verifyReceipt } from './receipt.js';
import { createNoteSigner, generateSignerKey } from './signer.js';
import { parseVerifierKey } from './verifier.js';

const VECTORS = new URL('../../../../../shared/vectors/', import.meta.url);
const read = (path: string): unknown => JSON.parse(readFileSync(new URL(path, VECTORS), 'utf8'));
const notes = read('checkpoint/signed-note-and-checkpoint.json') as {
  keys: Record<string, { vkey: string }>;
  derivedCheckpoints: { desc: string; treeSize: number; signedNote: string }[];
};
const leaves = (read('merkle/reference-tree.json') as { leafInputs: string[] }).leafInputs.map((h) =>
  fromHex(h)!,
);

function verifier(vkey: string): NoteVerifier {
  const parsed = parseVerifierKey(vkey);
  if (!parsed.ok) throw new Error(parsed.problems[0]!.message);
  return parsed.value;
}

function codes(result: Result<unknown>): string[] {
  return result.ok ? [] : result.problems.map((p) => p.code);
}

function treeOf(size: number) {
  const tree = createMemoryTree();
  for (const leaf of leaves.slice(0, size)) tree.append(leaf);
  return tree;
}

const LOG = verifier(notes.keys['formats-log']!.vkey);
const [size8, size7] = notes.derivedCheckpoints;

async function receiptFor(index: number, checkpoint = size8!, extra?: Uint8Array): Promise<string> {
  const proof = await inclusionProof(index, checkpoint.treeSize, treeOf(checkpoint.treeSize));
  return formatReceipt({ index, proof, checkpointNote: checkpoint.signedNote, ...(extra ? { extra } : {}) });
}

describe('receipts (c2sp.org/tlog-proof@v1) over the derived reference-tree checkpoints', () => {
  for (const checkpoint of [size8!, size7!]) {
    for (let index = 0; index < checkpoint.treeSize; index++) {
      it(`writes, parses and verifies the receipt of leaf ${index}: ${checkpoint.desc}`, async () => {
        const receipt = await receiptFor(index, checkpoint);
        const parsed = parseReceipt(receipt);
        expect(parsed.ok && [parsed.value.index, parsed.value.checkpointNote]).toEqual([
          index,
          checkpoint.signedNote,
        ]);
        const verified = await verifyReceipt({
          receipt,
          leaf: leaves[index]!,
          verifiers: [LOG],
          origin: 'Log',
        });
        expect(verified.ok && [verified.value.index, verified.value.checkpoint.size]).toEqual([
          index,
          checkpoint.treeSize,
        ]);
        const other = leaves[(index + 1) % checkpoint.treeSize]!;
        expect(codes(await verifyReceipt({ receipt, leaf: other, verifiers: [LOG] }))).toEqual([
          'root_mismatch',
        ]);
      });
    }
  }

  it('lays the receipt out as the spec says: header, extra, index, proof lines, blank line, checkpoint verbatim', async () => {
    const proof = await inclusionProof(5, 8, treeOf(8));
    const receipt = await receiptFor(5, size8, utf8('context'));
    const expected = [
      RECEIPT_HEADER,
      `extra ${toBase64(utf8('context'))}`,
      'index 5',
      ...proof.map(toBase64),
      '',
    ];
    expect(receipt).toBe(`${expected.join('\n')}\n${size8!.signedNote}`);
  });

  it('round-trips the unauthenticated extra data and hands it back after verification', async () => {
    const receipt = await receiptFor(2, size8, utf8('vrf proof'));
    const parsed = parseReceipt(receipt);
    expect(parsed.ok && fromUtf8(parsed.value.extra!)).toBe('vrf proof');
    const verified = await verifyReceipt({ receipt, leaf: leaves[2]!, verifiers: [LOG] });
    expect(verified.ok && fromUtf8(verified.value.extra!)).toBe('vrf proof');
  });

  it('parses the head of the C2SP tlog-proof example (extra, index 73894, five hashes)', async () => {
    const signer = await createNoteSigner(
      await generateSignerKey('example.com/fancylog', new Uint8Array(32).fill(5)),
    );
    const checkpointNote = await signCheckpoint(
      {
        origin: 'example.com/fancylog',
        size: 109482,
        root: fromBase64('sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=')!,
      },
      [signer],
    );
    const head = [
      'c2sp.org/tlog-proof@v1',
      'extra YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ',
      'index 73894',
      'gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=',
      'B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=',
      'EKNzoDWG8LGC0Yp9o+sv3qllpMP9uHQ9B20KNL+Q1zs=',
      'RoopEkOdqkYqMB4MJXrbt/hMjOxsVn0IrWjpz1ZMMes=',
      'AHCioX9nLjsrse6YhjRRmk1WUEirVOLLRoOQ6vfO5vk=',
      '',
    ];
    const parsed = parseReceipt(`${head.join('\n')}\n${checkpointNote}`);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect([parsed.value.index, parsed.value.proof.length, parsed.value.checkpoint.size]).toEqual([
      73894, 5, 109482,
    ]);
    expect(fromUtf8(parsed.value.extra!.subarray(0, 30))).toBe('age-v1.2.1-darwin-arm64.tar.gz');
  });
});

describe('verifyReceipt reports every failure', () => {
  let receipt = '';
  beforeAll(async () => {
    receipt = await receiptFor(3);
  });

  it('fails for a one-byte change to the leaf', async () => {
    const leaf = leaves[3]!.slice();
    leaf[0]! ^= 1;
    expect(codes(await verifyReceipt({ receipt, leaf, verifiers: [LOG] }))).toEqual(['root_mismatch']);
  });

  it('fails for a flipped proof hash, naming the receipt', async () => {
    const lines = receipt.split('\n');
    const hash = fromBase64(lines[2]!)!;
    hash[31]! ^= 1;
    lines[2] = toBase64(hash);
    const verified = await verifyReceipt({ receipt: lines.join('\n'), leaf: leaves[3]!, verifiers: [LOG] });
    expect(verified.ok ? [] : verified.problems.map((p) => p.path)).toEqual(['receipt.proof']);
  });

  it('lists a wrong key, a wrong origin and a wrong leaf together', async () => {
    const stranger = verifier(notes.keys['formats-unknown']!.vkey);
    const verified = await verifyReceipt({
      receipt,
      leaf: leaves[4]!,
      verifiers: [stranger],
      origin: 'example.com/log',
    });
    expect(verified.ok ? [] : verified.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      'receipt.checkpoint.origin origin_mismatch',
      'receipt no_verified_signature',
      'receipt.proof root_mismatch',
    ]);
  });

  it('names the receipt line of a checkpoint signature that fails', async () => {
    const lines = receipt.split('\n');
    const sigAt = lines.findIndex((line) => line.startsWith('\u2014 '));
    const raw = fromBase64(lines[sigAt]!.split(' ')[2]!)!;
    raw[40]! ^= 1;
    lines[sigAt] = `\u2014 Log ${toBase64(raw)}`;
    const verified = await verifyReceipt({ receipt: lines.join('\n'), leaf: leaves[3]!, verifiers: [LOG] });
    expect(verified.ok ? [] : verified.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      `receipt line ${sigAt + 1} signature_failed`,
      'receipt no_verified_signature',
    ]);
  });

  it('fails for an index the proof was not made for, and for one outside the tree', async () => {
    const moved = receipt.replace('\nindex 3\n', '\nindex 2\n');
    expect(codes(await verifyReceipt({ receipt: moved, leaf: leaves[3]!, verifiers: [LOG] }))).toEqual([
      'root_mismatch',
    ]);
    const outside = receipt.replace('\nindex 3\n', '\nindex 8\n');
    const verified = await verifyReceipt({ receipt: outside, leaf: leaves[3]!, verifiers: [LOG] });
    expect(verified.ok ? [] : verified.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      'receipt.index out_of_range',
    ]);
  });

  it('throws for a leaf that is not bytes: a programmer error, not a verdict', async () => {
    const error = await verifyReceipt({
      receipt,
      leaf: 'text' as unknown as Uint8Array,
      verifiers: [LOG],
    }).catch((e: unknown) => e);
    expect(isCairnError(error, 'invalid_argument')).toBe(true);
  });
});

describe('formatReceipt and parseReceipt strictness', () => {
  let receipt = '';
  beforeAll(async () => {
    receipt = await receiptFor(6);
  });

  it('refuses to write a receipt with an index outside the checkpoint, a short hash, empty extra or a bad note', () => {
    const attempt = (input: Parameters<typeof formatReceipt>[0]): unknown => {
      try {
        return formatReceipt(input);
      } catch (e) {
        return e;
      }
    };
    const cases: [Parameters<typeof formatReceipt>[0], string][] = [
      [{ index: 8, proof: [], checkpointNote: size8!.signedNote }, 'index: 8 is not less than'],
      [{ index: -1, proof: [], checkpointNote: size8!.signedNote }, 'index: expected a safe integer'],
      [
        { index: 1, proof: [new Uint8Array(31)], checkpointNote: size8!.signedNote },
        'proof[0]: expected 32 bytes',
      ],
      [
        { index: 1, proof: [], checkpointNote: size8!.signedNote, extra: new Uint8Array(0) },
        'extra: expected at least one byte',
      ],
      [{ index: 1, proof: [], checkpointNote: 'Log\n8\n' }, 'checkpointNote'],
    ];
    for (const [input, fragment] of cases) {
      const error = attempt(input);
      expect(isCairnError(error, 'invalid_receipt')).toBe(true);
      expect(String(error)).toContain(fragment);
    }
  });

  it('reads the index without leading zeros, and the proof as canonical 32-byte base64 lines', () => {
    const lines = receipt.split('\n');
    const variants: [string[], string[]][] = [
      [[lines[0]!, 'index 06', ...lines.slice(2)], ['invalid_index']],
      [[lines[0]!, 'index -6', ...lines.slice(2)], ['invalid_index']],
      [[lines[0]!, 'idx 6', ...lines.slice(2)], ['missing_index']],
      [[...lines.slice(0, 2), lines[2]!.replace(/=$/, ''), ...lines.slice(3)], ['invalid_base64']],
      [[...lines.slice(0, 2), toBase64(new Uint8Array(31)), ...lines.slice(3)], ['invalid_length']],
      [[lines[0]!, lines[1]!, 'extra AQ==', ...lines.slice(2)], ['invalid_base64']],
      [[lines[0]!, 'extra ', ...lines.slice(1)], ['invalid_extra']],
    ];
    for (const [variant, want] of variants) expect(codes(parseReceipt(variant.join('\n')))).toEqual(want);
  });

  it('refuses another version of the format without reading further', () => {
    const parsed = parseReceipt(receipt.replace(RECEIPT_HEADER, 'c2sp.org/tlog-proof@v2'));
    expect(parsed.ok ? [] : parsed.problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      'receipt line 1 unsupported_format',
    ]);
  });

  it('refuses a receipt without the blank line and checkpoint, or with more than 64 proof hashes', () => {
    const head = receipt.slice(0, receipt.indexOf('\n\n') + 1);
    expect(codes(parseReceipt(head))).toEqual(['missing_checkpoint']);
    const hashes = Array.from({ length: 65 }, () => toBase64(new Uint8Array(32)));
    const long = `${RECEIPT_HEADER}\nindex 6\n${hashes.join('\n')}\n\n${size8!.signedNote}`;
    expect(codes(parseReceipt(long))).toEqual(['too_many_proof_hashes']);
  });

  it('names receipt lines in the problems of its embedded checkpoint', () => {
    const lines = receipt.split('\n');
    const sizeAt = lines.indexOf('8');
    lines[sizeAt] = '08';
    const parsed = parseReceipt(lines.join('\n'));
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.message)).toEqual([
      `receipt.checkpoint.size (receipt line ${sizeAt + 1}): expected a decimal integer without sign or leading zeros, got "08"`,
    ]);
  });
});
