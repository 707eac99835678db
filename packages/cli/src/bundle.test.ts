// The evidence bundle end to end: exported by `cairn export`, verified by `cairn verify --bundle`, each kind of
// tampering caught and named, and the documented format checked with an independent RFC 9162 + C2SP verifier.
import { createHash, createPublicKey, verify as verifySignature } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createNoteSigner, generateSignerKey, signCheckpoint, fromBase64 } from '@cairn/core';
import type { BundleManifest, BundleProofs } from '@cairn/ledger';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpointedLedger, copyOf, exportTo } from './test-support/bundles.js';
import { lines } from './test-support/cli.js';
import type { Workspace } from './test-support/cli.js';

let ws: Workspace;
/** Entries 3..8 of a tree of 13: non-empty left and right proofs. */
let partial: string;

beforeAll(async () => {
  ws = await checkpointedLedger();
  partial = await exportTo(ws, 'partial', ['--from', '3', '--to', '9']);
});

async function verifyBundle(dir: string) {
  return ws.run(['verify', '--bundle', dir]);
}

/** Runs `cairn verify --bundle` on a tampered copy: exit code 1 and every `mentions` in the report. */
async function expectCaught(dir: string, ...mentions: (string | RegExp)[]) {
  const run = await verifyBundle(dir);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(1);
  expect(lines(run.stdout)[0]).toMatch(/^FAILED: \d+ problems? found in bundle /);
  for (const mention of mentions) expect(run.stdout).toMatch(mention);
  return run;
}

const read = (dir: string, name: string) => readFile(join(dir, name), 'utf8');

/** Replaces the first `from` in `text`, failing the test when it is absent (a tampering that changed nothing). */
function replaceOnce(text: string, from: string, to: string): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}
const write = (dir: string, name: string, text: string) => writeFile(join(dir, name), text);

type DeepMutable<T> = { -readonly [K in keyof T]: DeepMutable<T[K]> };

async function editJson<T>(dir: string, name: string, edit: (value: DeepMutable<T>) => void): Promise<void> {
  const value = JSON.parse(await read(dir, name)) as DeepMutable<T>;
  edit(value);
  await write(dir, name, JSON.stringify(value, null, 2));
}

/** Rewrites the manifest's digest of `name`, as an attacker covering their tracks would. */
async function redigest(dir: string, name: string): Promise<void> {
  const bytes = await readFile(join(dir, name));
  await editJson<BundleManifest>(dir, 'manifest.json', (m) => {
    m.files[name] = { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  });
}

describe('cairn export and cairn verify --bundle', () => {
  it('verify a whole-log bundle, a partial range and an empty range', async () => {
    const full = await exportTo(ws, 'full');
    const empty = await exportTo(ws, 'empty', ['--from', '5', '--to', '5']);
    expect(await verifyBundle(full)).toMatchObject({ code: 0, stderr: '' });
    expect((await verifyBundle(full)).stdout).toBe(
      `ok: bundle ${full} (origin cairn.local/ledger), entries 0..12 of a tree of 13; 13 entries and 4 checkpoints checked\n`,
    );
    expect((await verifyBundle(partial)).stdout).toBe(
      `ok: bundle ${partial} (origin cairn.local/ledger), entries 3..8 of a tree of 13; 6 entries and 4 checkpoints checked\n`,
    );
    expect((await verifyBundle(empty)).stdout).toBe(
      `ok: bundle ${empty} (origin cairn.local/ledger), an empty range at index 5 of a tree of 13; 0 entries and 4 checkpoints checked\n`,
    );
    const proofs = JSON.parse(await read(partial, 'proofs.json')) as BundleProofs;
    expect(proofs.left.map((n) => [n.level, n.index])).toEqual([
      [1, 0],
      [0, 2],
    ]);
    expect(proofs.right.map((n) => [n.level, n.index])).toEqual([
      [0, 9],
      [1, 5],
      [0, 12],
    ]);
    expect(proofs.consistency.map((c) => [c.first, c.second])).toEqual([
      [3, 7],
      [7, 13],
    ]);
  });

  it('verify needs no database or key', async () => {
    const run = await ws.run([
      'verify',
      '--bundle',
      partial,
      '--db',
      'nowhere/x.db',
      '--key',
      'nowhere/x.key',
    ]);
    expect(run.code).toBe(0);
  });

  it('prints the bundle report as JSON with --json', async () => {
    const report = JSON.parse((await ws.run(['verify', '--bundle', partial, '--json'])).stdout);
    expect(report).toMatchObject({
      ok: true,
      origin: 'cairn.local/ledger',
      range: { first: 3, count: 6 },
      treeSize: 13,
      entriesChecked: 6,
      checkpointsChecked: 4,
      problems: [],
    });
  });

  it('draws progress on stderr when it is a terminal', async () => {
    const run = await ws.run(['verify', '--bundle', partial], { interactive: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('verified 6 / 6 entries (100%)\n');
  });

  it('matches the documented format, checked by an independent RFC 9162 and C2SP verifier', async () => {
    const dir = partial;
    const manifest = JSON.parse(await read(dir, 'manifest.json')) as BundleManifest;
    const proofs = JSON.parse(await read(dir, 'proofs.json')) as BundleProofs;
    const sha = (...parts: Uint8Array[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
    // RFC 9162 §2.1.1: leaves and perfect subtrees folded as a stack of (level, hash), merged pairwise.
    const stack: { level: number; hash: Buffer }[] = [];
    const push = (level: number, hash: Buffer) => {
      let node = { level, hash };
      while (stack.length > 0 && stack.at(-1)!.level === node.level) {
        const left = stack.pop()!;
        node = { level: node.level + 1, hash: sha(Buffer.from([1]), left.hash, node.hash) };
      }
      stack.push(node);
    };
    for (const n of proofs.left) push(n.level, Buffer.from(n.hash, 'hex'));
    for (const leaf of lines(await read(dir, 'leaves.jsonl')))
      push(0, sha(Buffer.from([0]), Buffer.from(leaf, 'utf8')));
    for (const n of proofs.right) push(n.level, Buffer.from(n.hash, 'hex'));
    const root = stack.map((n) => n.hash).reduceRight((right, left) => sha(Buffer.from([1]), left, right));
    // C2SP tlog-checkpoint: origin, size, base64 root; then a blank line and "— name base64(keyID || signature)".
    const note = await read(dir, manifest.checkpoint);
    const [text, signatures] = note.split('\n\n');
    const [origin, size, rootB64] = text!.split('\n');
    expect([origin, Number(size), rootB64]).toEqual([
      manifest.origin,
      manifest.treeSize,
      root.toString('base64'),
    ]);
    // C2SP vkey: <name>+<hex key ID>+<base64(0x01 || public key)>; base64 may itself hold '+'.
    const [name, keyId, ...keyB64] = (await read(dir, 'verifier-keys.txt')).trim().split('+');
    const key = Buffer.from(keyB64.join('+'), 'base64');
    expect(key[0]).toBe(1);
    expect(
      sha(Buffer.from(`${name}\n`), key)
        .subarray(0, 4)
        .toString('hex'),
    ).toBe(keyId);
    const signature = Buffer.from(signatures!.trim().split(' ')[2]!, 'base64');
    expect(signature.subarray(0, 4).toString('hex')).toBe(keyId);
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key.subarray(1)]);
    const publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' });
    expect(verifySignature(null, Buffer.from(`${text}\n`), publicKey, signature.subarray(4))).toBe(true);
    for (const [file, digest] of Object.entries(manifest.files)) {
      expect(
        createHash('sha256')
          .update(await readFile(join(dir, file)))
          .digest('hex'),
        file,
      ).toBe(digest.sha256);
    }
  });

  it('rejects a directory that is missing or not a bundle with exit code 2', async () => {
    expect((await ws.run(['verify', '--bundle', 'no-such-dir'])).stderr).toBe(
      'cairn verify: --bundle no-such-dir: cannot be read (ENOENT)\n',
    );
    expect((await ws.run(['verify', '--bundle', 'log.vkey'])).stderr).toBe(
      'cairn verify: --bundle log.vkey: not a directory\n',
    );
    const run = await ws.run(['verify', '--bundle', '.cairn']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'cairn verify: --bundle .cairn: no manifest.json: not an evidence bundle\n',
    });
  });
});

describe('cairn verify --bundle on a tampered bundle', () => {
  it('names a changed leaf byte', async () => {
    const dir = await copyOf(ws, partial);
    const leaves = await read(dir, 'leaves.jsonl');
    await write(dir, 'leaves.jsonl', replaceOnce(leaves, '"heartRate":118', '"heartRate":119'));
    await expectCaught(
      dir,
      /leaves\.jsonl: SHA-256 .* does not match the manifest's/,
      /checkpoints\/00000003\.checkpoint: signs root .* at size 13, the bundle's leaves and proofs give/,
    );
  });

  it('names a changed leaf even when the manifest digests were rewritten to match', async () => {
    const dir = await copyOf(ws, partial);
    const leaves = await read(dir, 'leaves.jsonl');
    await write(dir, 'leaves.jsonl', replaceOnce(leaves, '"dec-4"', '"dec-X"'));
    await redigest(dir, 'leaves.jsonl');
    const run = await expectCaught(dir, /signs root/);
    expect(run.stdout).not.toMatch(/SHA-256/);
  });

  it('names a removed leaf line', async () => {
    const dir = await copyOf(ws, partial);
    const leaves = lines(await read(dir, 'leaves.jsonl'));
    await write(
      dir,
      'leaves.jsonl',
      leaves
        .filter((_, i) => i !== 2)
        .map((l) => `${l}\n`)
        .join(''),
    );
    await expectCaught(dir, 'leaves.jsonl: expected 6 entries as the manifest says, found 5');
  });

  it('names two swapped leaf lines', async () => {
    const dir = await copyOf(ws, partial);
    const leaves = lines(await read(dir, 'leaves.jsonl'));
    [leaves[1], leaves[4]] = [leaves[4]!, leaves[1]!];
    await write(dir, 'leaves.jsonl', leaves.map((l) => `${l}\n`).join(''));
    await redigest(dir, 'leaves.jsonl');
    await expectCaught(dir, /checkpoints\/00000003\.checkpoint: signs root .* at size 13/);
  });

  it('names an added leaf line', async () => {
    const dir = await copyOf(ws, partial);
    const leaves = await read(dir, 'leaves.jsonl');
    await write(dir, 'leaves.jsonl', leaves + lines(leaves)[0]! + '\n');
    await expectCaught(dir, 'leaves.jsonl: expected 6 entries as the manifest says, found 7');
  });

  it('names a leaf that is not in canonical form', async () => {
    const dir = await copyOf(ws, partial);
    const leaves = lines(await read(dir, 'leaves.jsonl'));
    leaves[0] = JSON.stringify(JSON.parse(leaves[0]!), null, 1).replace(/\n/g, ' ');
    await write(dir, 'leaves.jsonl', leaves.map((l) => `${l}\n`).join(''));
    await expectCaught(dir, 'leaves.jsonl line 1 (entry 3): not in RFC 8785 canonical form');
  });

  it('names a changed manifest count', async () => {
    const dir = await copyOf(ws, partial);
    await editJson<BundleManifest>(dir, 'manifest.json', (m) => void (m.range.count = 5));
    await expectCaught(
      dir,
      'leaves.jsonl: expected 5 entries as the manifest says, found 6',
      'manifest.json: counts.entries says 6, the bundle holds 5 entries in its range',
    );
    const counts = await copyOf(ws, partial);
    await editJson<BundleManifest>(counts, 'manifest.json', (m) => void (m.counts.byKind.decision = 7));
    await expectCaught(
      counts,
      'manifest.json: counts.byKind.decision says 7, the bundle holds 6 valid decision entries',
    );
  });

  it('names a removed checkpoint file, even when the manifest was edited to match', async () => {
    const dir = await copyOf(ws, partial);
    await rm(join(dir, 'checkpoints/00000001.checkpoint'));
    await expectCaught(
      dir,
      /checkpoints\/00000001\.checkpoint: listed in the manifest but cannot be read \(ENOENT\)/,
      'checkpoints/00000001.checkpoint: missing, though the bundle holds checkpoints up to checkpoints/00000003.checkpoint',
    );
    await editJson<BundleManifest>(dir, 'manifest.json', (m) => {
      delete m.files['checkpoints/00000001.checkpoint'];
      m.counts.checkpoints = 3;
    });
    const run = await expectCaught(
      dir,
      'checkpoints/00000001.checkpoint: missing, though the bundle holds checkpoints up to',
    );
    expect(run.stdout).not.toMatch(/listed in the manifest/);
  });

  it('names an edited checkpoint', async () => {
    const dir = await copyOf(ws, partial);
    const note = await read(dir, 'checkpoints/00000002.checkpoint');
    await write(dir, 'checkpoints/00000002.checkpoint', replaceOnce(note, '\n7\n', '\n8\n'));
    await expectCaught(
      dir,
      /checkpoints\/00000002\.checkpoint: SHA-256/,
      /checkpoints\/00000002\.checkpoint: .*signature/i,
    );
  });

  it('names a checkpoint re-signed with another key of the same name', async () => {
    const dir = await copyOf(ws, partial);
    const note = await read(dir, 'checkpoints/00000003.checkpoint');
    const [origin, size, root] = note.split('\n');
    const intruder = await createNoteSigner(await generateSignerKey(origin!));
    await write(
      dir,
      'checkpoints/00000003.checkpoint',
      await signCheckpoint({ origin: origin!, size: Number(size), root: fromBase64(root!)! }, [intruder]),
    );
    await redigest(dir, 'checkpoints/00000003.checkpoint');
    await expectCaught(dir, /checkpoints\/00000003\.checkpoint: /);
  });

  it('names an edited hash in proofs.json', async () => {
    const right = await copyOf(ws, partial);
    await editJson<BundleProofs>(right, 'proofs.json', (p) => {
      const node = p.right[1]!;
      node.hash = `${node.hash.startsWith('0') ? '1' : '0'}${node.hash.slice(1)}`;
    });
    await redigest(right, 'proofs.json');
    await expectCaught(right, /checkpoints\/00000003\.checkpoint: signs root .* at size 13/);
    const consistency = await copyOf(ws, partial);
    await editJson<BundleProofs>(
      consistency,
      'proofs.json',
      (p) => void (p.consistency[0]!.proof[0] = '00'.repeat(32)),
    );
    await redigest(consistency, 'proofs.json');
    await expectCaught(
      consistency,
      /checkpoints\/00000000\.checkpoint → checkpoints\/00000001\.checkpoint: /,
    );
  });

  it('names a replaced verifier-keys.txt', async () => {
    const dir = await copyOf(ws, partial);
    const other = await createNoteSigner(await generateSignerKey('cairn.local/ledger'));
    await write(dir, 'verifier-keys.txt', `${other.verifierKey}\n`);
    await redigest(dir, 'verifier-keys.txt');
    const run = await expectCaught(dir);
    for (const seq of [0, 1, 2, 3]) expect(run.stdout).toContain(`checkpoints/0000000${seq}.checkpoint: `);
  });

  it('names a manifest that is not an object, without a stack trace', async () => {
    const dir = await copyOf(ws, partial);
    await write(dir, 'manifest.json', 'null');
    await expectCaught(dir, 'manifest.json: expected a JSON object');
  });

  it('names malformed proofs instead of failing on them', async () => {
    const dir = await copyOf(ws, partial);
    await write(
      dir,
      'proofs.json',
      JSON.stringify({ left: [null], right: 'x', consistency: [{ first: 3 }] }),
    );
    await expectCaught(
      dir,
      'proofs.json: left: expected an array of { level, index, hash }',
      'proofs.json: consistency: expected an array of { first, second, proof }',
    );
  });
});
