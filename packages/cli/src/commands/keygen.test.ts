import { chmod, readFile, stat, writeFile } from 'node:fs/promises';
import { createNoteSigner, parseVerifierKey } from '@cairn/core';
import { describe, expect, it } from 'vitest';
import { lines, workspace } from '../test-support/cli.js';

describe('cairn keygen', () => {
  it('writes a signer key with mode 0600 and prints its verifier key', async () => {
    const ws = await workspace();
    const { code, stdout, stderr } = await ws.run(['keygen', '--origin', 'example.com/decisions']);
    expect(code).toBe(0);
    expect(lines(stderr)).toHaveLength(1);
    const path = ws.path('.cairn/signing.key');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const signer = await createNoteSigner((await readFile(path, 'utf8')).trim());
    expect(signer.name).toBe('example.com/decisions');
    expect(stdout).toBe(`${signer.verifierKey}\n`);
    expect(parseVerifierKey(stdout.trim()).ok).toBe(true);
  });

  it('also writes the verifier key to --vkey FILE', async () => {
    const ws = await workspace();
    const { stdout } = await ws.run(['keygen', '--key', 'log.key', '--vkey', 'log.vkey']);
    expect(await readFile(ws.path('log.vkey'), 'utf8')).toBe(stdout);
    expect(stdout.startsWith('cairn.local/ledger+')).toBe(true);
  });

  it('refuses to replace an existing key file without --force, and replaces it with --force', async () => {
    const ws = await workspace();
    const first = await ws.run(['keygen']);
    const refused = await ws.run(['keygen']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^cairn keygen: signing key file .*signing\.key already exists; pass --force to replace it\n$/,
    );
    const forced = await ws.run(['keygen', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).not.toBe(first.stdout);
    expect((await stat(ws.path('.cairn/signing.key'))).mode & 0o777).toBe(0o600);
  });

  it('replaces a key file that others could read with one only its owner can', async () => {
    const ws = await workspace();
    await writeFile(ws.path('open.key'), 'old\n');
    await chmod(ws.path('open.key'), 0o644);
    expect((await ws.run(['keygen', '--key', 'open.key', '--force'])).code).toBe(0);
    expect((await stat(ws.path('open.key'))).mode & 0o777).toBe(0o600);
  });

  it('rejects an origin that is not a valid key name in one line', async () => {
    const ws = await workspace();
    const run = await ws.run(['keygen', '--origin', 'has space']);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([expect.stringMatching(/^cairn keygen: signer key name: /)]);
  });

  it('reports a --vkey file that cannot be written', async () => {
    const ws = await workspace();
    const run = await ws.run(['keygen', '--vkey', 'no/such/dir/log.vkey']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('cairn keygen: --vkey no/such/dir/log.vkey: cannot be written (ENOENT)\n');
  });

  it('rejects an unexpected argument', async () => {
    const ws = await workspace();
    const run = await ws.run(['keygen', 'extra']);
    expect(run).toMatchObject({
      code: 2,
      stderr: `cairn keygen: unexpected argument "extra" (see 'cairn keygen --help')\n`,
    });
  });
});
