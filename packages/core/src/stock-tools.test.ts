// An auditor without Cairn checks its checkpoints and receipts with OpenSSL and coreutils alone
// (integrity.md §2 "Checked with standard tools only"). These tests run the real tools: a missing tool fails them.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, fromHex, toBase64, toHex } from './bytes.js';
import { canonicalBytes } from './jcs.js';
import { leafHash } from './merkle/hash.js';
import { createMemoryTree } from './merkle/memory-tree.js';
import { inclusionProof } from './merkle/proofs.js';
import { formatCheckpoint, signCheckpoint } from './note/checkpoint.js';
import type { NoteSigner } from './note/keys.js';
import { formatReceipt } from './note/receipt.js';
import { createNoteSigner, generateSignerKey } from './note/signer.js';

const ORIGIN = 'audit.example/stock-tools';
// RFC 8410 §4: the DER SubjectPublicKeyInfo of an Ed25519 key is this prefix and the 32 key bytes.
const SPKI_PREFIX = fromHex('302a300506032b6570032100')!;

/**
 * RFC 9162 §2.1.3.2 as an auditor would type it: bash arithmetic, printf, base64, od and sha256sum. Reads
 * `receipt` and `leaf` in the current directory and prints the root it reaches; exits 1 unless it is the
 * checkpoint's root.
 */
const AUDIT_SCRIPT = String.raw`
set -euo pipefail
hex2bin() { printf "$(printf '%s' "$1" | sed 's/../\\x&/g')"; }
b64hex() { printf '%s' "$1" | base64 -d | od -An -tx1 -v | tr -d ' \n'; }
index=$(sed -n 's/^index //p' receipt)
sed -n '/^index /,/^$/p' receipt | sed '1d;$d' > proof
blank=$(grep -n '^$' receipt | head -n 1 | cut -d: -f1)
size=$(sed -n "$((blank + 2))p" receipt)
root=$(b64hex "$(sed -n "$((blank + 3))p" receipt)")
r=$( (printf '\x00'; cat leaf) | sha256sum | cut -d' ' -f1 )
fn=$index
sn=$((size - 1))
while read -r line; do
  p=$(b64hex "$line")
  if [ "$sn" -eq 0 ]; then echo "proof too long"; exit 1; fi
  if [ $((fn & 1)) -eq 1 ] || [ "$fn" -eq "$sn" ]; then
    r=$( (printf '\x01'; hex2bin "$p"; hex2bin "$r") | sha256sum | cut -d' ' -f1 )
    if [ $((fn & 1)) -eq 0 ]; then
      while [ $((fn & 1)) -eq 0 ] && [ "$fn" -ne 0 ]; do fn=$((fn >> 1)); sn=$((sn >> 1)); done
    fi
  else
    r=$( (printf '\x01'; hex2bin "$r"; hex2bin "$p") | sha256sum | cut -d' ' -f1 )
  fi
  fn=$((fn >> 1))
  sn=$((sn >> 1))
done < proof
echo "computed $r"
echo "expected $root"
[ "$sn" -eq 0 ] && [ "$r" = "$root" ]
`;

function run(file: string, args: string[], cwd: string) {
  return spawnSync(file, args, { cwd, encoding: 'utf8' });
}

function pem(publicKey: Uint8Array): string {
  const body = toBase64(concatBytes(SPKI_PREFIX, publicKey)).replace(/.{64}/g, '$&\n');
  return `-----BEGIN PUBLIC KEY-----\n${body}\n-----END PUBLIC KEY-----\n`;
}

/** The raw Ed25519 signature of the first signature line of a note: base64 decoded, key ID dropped. */
function signatureOf(note: string): Uint8Array {
  const line = note.split('\n').find((l) => l.startsWith('\u2014 '))!;
  return fromBase64(line.split(' ')[2]!)!.subarray(4);
}

describe('checkpoints and receipts checked with stock tools', () => {
  const tree = createMemoryTree();
  const leaves = Array.from({ length: 13 }, (_, i) =>
    canonicalBytes({ id: `entry-${i}`, seq: i, note: 'ünïcödé' }),
  );
  let dir = '';
  let signer: NoteSigner;
  let checkpointNote = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cairn-stock-tools-'));
    for (const leaf of leaves) tree.append(leaf);
    signer = await createNoteSigner(await generateSignerKey(ORIGIN));
    checkpointNote = await signCheckpoint({ origin: ORIGIN, size: tree.size, root: tree.root() }, [signer]);
  });

  afterAll(() => {
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('finds openssl, sha256sum, base64 and od on this machine', () => {
    for (const tool of ['openssl', 'sha256sum', 'base64', 'od']) {
      expect(execFileSync('which', [tool], { encoding: 'utf8' }).trim()).not.toBe('');
    }
  });

  it('has OpenSSL verify the checkpoint signature over the exact body bytes, and refuse a body one byte off', () => {
    const body = formatCheckpoint({ origin: ORIGIN, size: tree.size, root: tree.root() });
    expect(checkpointNote.startsWith(`${body}\n`)).toBe(true);
    const publicKey = fromBase64(signer.verifierKey.split('+').slice(2).join('+'))!.subarray(1);
    writeFileSync(join(dir, 'body'), body);
    writeFileSync(join(dir, 'sig'), signatureOf(checkpointNote));
    writeFileSync(join(dir, 'pub.pem'), pem(publicKey));
    const args = [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      'pub.pem',
      '-rawin',
      '-in',
      'body',
      '-sigfile',
      'sig',
    ];
    const good = run('openssl', args, dir);
    expect(good.stdout).toContain('Signature Verified Successfully');
    expect(good.status).toBe(0);
    writeFileSync(join(dir, 'body'), body.replace(`\n${tree.size}\n`, `\n${tree.size + 1}\n`));
    const bad = run('openssl', args, dir);
    expect(bad.stdout).not.toContain('Signature Verified Successfully');
    expect(bad.status).not.toBe(0);
  });

  it('reproduces every leaf hash with (printf "\\x00"; cat leaf) | sha256sum', () => {
    leaves.forEach((leaf, i) => {
      writeFileSync(join(dir, `leaf${i}`), leaf);
      const out = execFileSync('bash', ['-c', `(printf '\\x00'; cat leaf${i}) | sha256sum`], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(out.split(' ')[0]).toBe(toHex(leafHash(leaf)));
    });
  });

  it('hashes up the inclusion path of every receipt with sha256sum to the checkpoint root', async () => {
    for (let index = 0; index < tree.size; index++) {
      const proof = await inclusionProof(index, tree.size, tree);
      writeFileSync(join(dir, 'receipt'), formatReceipt({ index, proof, checkpointNote }));
      writeFileSync(join(dir, 'leaf'), leaves[index]!);
      const audit = run('bash', ['-c', AUDIT_SCRIPT], dir);
      expect(audit.stderr, `leaf ${index}`).toBe('');
      expect(audit.stdout, `leaf ${index}`).toContain(`computed ${toHex(tree.root())}`);
      expect(audit.status, `leaf ${index}`).toBe(0);
    }
  });

  it('reaches another root, and fails, when one byte of the leaf changes', async () => {
    const index = 6;
    const proof = await inclusionProof(index, tree.size, tree);
    writeFileSync(join(dir, 'receipt'), formatReceipt({ index, proof, checkpointNote }));
    const leaf = leaves[index]!.slice();
    leaf[3]! ^= 0x20;
    writeFileSync(join(dir, 'leaf'), leaf);
    const audit = run('bash', ['-c', AUDIT_SCRIPT], dir);
    expect(audit.stdout).toContain(`expected ${toHex(tree.root())}`);
    expect(audit.stdout).not.toContain(`computed ${toHex(tree.root())}`);
    expect(audit.status).toBe(1);
  });
});
