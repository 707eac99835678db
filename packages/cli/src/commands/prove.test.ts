import { readFile, writeFile } from 'node:fs/promises';
import { canonicalize } from '@cairn/core';
import { describe, expect, it } from 'vitest';
import { decision, jsonLines } from '../test-support/entries.js';
import { lines, workspace } from '../test-support/cli.js';
import type { Workspace } from '../test-support/cli.js';

/** A ledger of 5 entries signed at size 5, its verifier key in log.vkey, a receipt of dec-3 in dec-3.receipt. */
async function provenEntry(): Promise<Workspace> {
  const ws = await workspace();
  await ws.run(['keygen', '--vkey', 'log.vkey']);
  await ws.run(['append', '-'], { stdin: jsonLines(0, 5) });
  const run = await ws.run(['prove', 'dec-3', '--out', 'dec-3.receipt', '--entry', 'dec-3.json']);
  expect(run).toEqual({
    code: 0,
    stdout: 'wrote the receipt for entry "dec-3" (index 3) to dec-3.receipt\n',
    stderr: '',
  });
  return ws;
}

describe('cairn prove', () => {
  it('prints a tlog-proof@v1 receipt, signing a checkpoint when none covers the entry', async () => {
    const ws = await workspace();
    await ws.run(['keygen']);
    await ws.run(['append', '-'], { stdin: jsonLines(0, 3) });
    const run = await ws.run(['prove', 'dec-1']);
    expect(run.code).toBe(0);
    const [header, index, ...rest] = lines(run.stdout);
    expect([header, index]).toEqual(['c2sp.org/tlog-proof@v1', 'index 1']);
    expect(rest).toContain('cairn.local/ledger');
    expect(rest).toContain('3');
  });

  it('writes the entry’s exact bytes with --entry', async () => {
    const ws = await provenEntry();
    expect(await readFile(ws.path('dec-3.json'), 'utf8')).toBe(canonicalize(decision(3)));
  });

  it('proves an entry covered by a checkpoint without a signing key', async () => {
    const ws = await provenEntry();
    const run = await ws.run(['prove', 'dec-2', '--key', 'absent.key']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('c2sp.org/tlog-proof@v1\nindex 2\n')).toBe(true);
  });

  it('rejects an unknown id, a missing id, and an entry no checkpoint covers without a key', async () => {
    const ws = await provenEntry();
    expect(await ws.run(['prove', 'dec-99'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'cairn prove: entry "dec-99" is not in the ledger\n',
    });
    expect((await ws.run(['prove'])).stderr).toBe(
      `cairn prove: missing RECORD_ID (see 'cairn prove --help')\n`,
    );
    await ws.run(['append', '-'], { stdin: jsonLines(5, 6) });
    const unsealed = await ws.run(['prove', 'dec-5', '--key', 'absent.key']);
    expect(unsealed).toEqual({
      code: 2,
      stdout: '',
      stderr: 'cairn prove: entry 5 is not covered by a checkpoint yet\n',
    });
  });
});

describe('cairn verify-receipt', () => {
  it('verifies a receipt with the keys of --keys, --vkey, or the ledger', async () => {
    const ws = await provenEntry();
    const vkey = (await readFile(ws.path('log.vkey'), 'utf8')).trim();
    const expected =
      'ok: the entry is at index 3 of cairn.local/ledger, in the tree of size 5 signed by cairn.local/ledger+';
    for (const keys of [['--keys', 'log.vkey'], ['--vkey', vkey], []]) {
      const run = await ws.run(['verify-receipt', 'dec-3.receipt', '--entry', 'dec-3.json', ...keys]);
      expect(run.code, keys.join(' ')).toBe(0);
      expect(run.stdout.startsWith(expected)).toBe(true);
    }
  });

  it('verifies the entry in any JSON formatting, since RFC 8785 restores the exact bytes', async () => {
    const ws = await provenEntry();
    await writeFile(ws.path('pretty.json'), JSON.stringify(decision(3), null, 4));
    const run = await ws.run([
      'verify-receipt',
      'dec-3.receipt',
      '--entry',
      'pretty.json',
      '--keys',
      'log.vkey',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true, index: 3, size: 5, origin: 'cairn.local/ledger' });
  });

  it('exits 1 for another entry, a foreign key, another origin, or an edited proof', async () => {
    const ws = await provenEntry();
    await writeFile(ws.path('other.json'), JSON.stringify(decision(4)));
    await ws.run(['keygen', '--key', 'other.key', '--vkey', 'other.vkey']);
    const receipt = await readFile(ws.path('dec-3.receipt'), 'utf8');
    const [head, index, firstHash, ...rest] = receipt.split('\n');
    const flipped = `${firstHash!.startsWith('A') ? 'B' : 'A'}${firstHash!.slice(1)}`;
    await writeFile(ws.path('edited.receipt'), [head, index, flipped, ...rest].join('\n'));
    const cases: [string[], RegExp][] = [
      [['dec-3.receipt', '--entry', 'other.json', '--keys', 'log.vkey'], /receipt\./],
      [['dec-3.receipt', '--entry', 'dec-3.json', '--keys', 'other.vkey'], /signature|key/i],
      [
        ['dec-3.receipt', '--entry', 'dec-3.json', '--keys', 'log.vkey', '--origin', 'example.com/else'],
        /origin/,
      ],
      [['edited.receipt', '--entry', 'dec-3.json', '--keys', 'log.vkey'], /receipt\./],
    ];
    for (const [argv, mention] of cases) {
      const run = await ws.run(['verify-receipt', ...argv]);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.stderr).toBe('');
      expect(lines(run.stdout)[0]).toBe('FAILED: the receipt does not verify');
      expect(run.stdout).toMatch(mention);
    }
  });

  it('rejects bad input in one line with exit code 2', async () => {
    const ws = await provenEntry();
    await writeFile(ws.path('not-a-receipt.txt'), 'hello\n');
    await writeFile(ws.path('bad.json'), '{"a":1,"a":2}');
    await writeFile(ws.path('bad.vkey'), 'not a key\n');
    await writeFile(ws.path('empty.vkey'), '\n');
    const cases: [string[], RegExp][] = [
      [
        ['not-a-receipt.txt', '--entry', 'dec-3.json'],
        /^receipt not-a-receipt\.txt: not a tlog-proof@v1 receipt: receipt line 1: /,
      ],
      [['missing.receipt', '--entry', 'dec-3.json'], /^receipt missing\.receipt: cannot be read \(ENOENT\)$/],
      [['dec-3.receipt'], /^missing --entry FILE/],
      [[], /^missing RECEIPT_FILE/],
      [['dec-3.receipt', '--entry', 'bad.json'], /^--entry bad\.json: not strict JSON: .*duplicate key/],
      [['dec-3.receipt', '--entry', 'nope.json'], /^--entry nope\.json: cannot be read \(ENOENT\)$/],
      [
        ['dec-3.receipt', '--entry', 'dec-3.json', '--keys', 'bad.vkey'],
        /^--keys bad\.vkey line 1: not a verifier key: /,
      ],
      [
        ['dec-3.receipt', '--entry', 'dec-3.json', '--keys', 'empty.vkey'],
        /^--keys empty\.vkey: no verifier key in the file$/,
      ],
      [['dec-3.receipt', '--entry', 'dec-3.json', '--vkey', 'junk'], /^--vkey: not a verifier key: /],
    ];
    for (const [argv, message] of cases) {
      const run = await ws.run(['verify-receipt', ...argv]);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(lines(run.stderr)).toHaveLength(1);
      expect(run.stderr.replace(/^cairn verify-receipt: /, '').trimEnd()).toMatch(message);
    }
  });
});
