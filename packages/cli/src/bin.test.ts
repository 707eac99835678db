// Smoke tests of the built executable (run `pnpm --filter @cairn/cli... build` first): a real process, real pipes,
// real exit codes.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { jsonLines } from './test-support/entries.js';
import { lines, workspace } from './test-support/cli.js';
import { tamperEntryBytes } from './test-support/tamper.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

type Exit = { code: number | null; stdout: string; stderr: string };

function cairn(
  cwd: string,
  argv: readonly string[],
  stdin = '',
  env: Record<string, string> = {},
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    // Only PATH and HOME of the real environment: no CAIRN_* variable of the machine leaks in.
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: cwd, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('the cairn executable', () => {
  it('is built with a node shebang', async () => {
    expect(existsSync(BIN), `${BIN} is missing: build @cairn/cli first`).toBe(true);
    expect((await readFile(BIN, 'utf8')).startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('prints its version with exit code 0', async () => {
    const ws = await workspace();
    const version = await cairn(ws.dir, ['--version']);
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(version.stdout).toMatch(/^cairn \d+\.\d+\.\d+\n$/);
  });

  it('appends piped JSON lines, checkpoints and verifies with exit code 0, then exits 1 after tampering', async () => {
    const ws = await workspace();
    expect((await cairn(ws.dir, ['keygen'])).code).toBe(0);
    const appended = await cairn(ws.dir, ['append', '-'], jsonLines(0, 4));
    expect(appended).toEqual({ code: 0, stdout: 'appended 4 (0 duplicates), log size 4\n', stderr: '' });
    expect((await cairn(ws.dir, ['checkpoint'])).code).toBe(0);
    expect((await cairn(ws.dir, ['verify'])).code).toBe(0);
    tamperEntryBytes(ws.path('.cairn/ledger.db'), 1);
    const tampered = await cairn(ws.dir, ['verify']);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/^FAILED: .*\n {2}- entry 1: /);
  });

  it('exits 2 with one line and no stack for bad input', async () => {
    const ws = await workspace();
    const cases: [string[], string][] = [
      [['verify', '--nope'], ''],
      [['append', '-'], '{"v":1,\n'],
      [['frobnicate'], ''],
    ];
    for (const [argv, stdin] of cases) {
      const run = await cairn(ws.dir, argv, stdin);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(lines(run.stderr), argv.join(' ')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('serves until SIGTERM, then stops cleanly with exit code 0', async () => {
    const ws = await workspace();
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      cwd: ws.dir,
      env: { PATH: process.env.PATH ?? '', HOME: ws.dir },
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const match = /^Cairn is running: open (http:\S+)\/$/m.exec(stdout);
        if (match !== null) resolve(match[1]!);
      });
      child.on('close', () => reject(new Error(`exited before listening: ${stderr}`)));
    });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stdout).toMatch(/stopping \(SIGTERM\): .*\nstopped\n$/);
  });

  it('runs the demo on the ledger named by CAIRN_DB', async () => {
    const ws = await workspace();
    const run = await cairn(ws.dir, ['demo'], '', {
      CAIRN_DB: 'demo.db',
      CAIRN_SIGNING_KEY_FILE: 'demo.key',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('c2sp.org/tlog-proof@v1\nindex 3\n');
    expect(existsSync(ws.path('demo.db'))).toBe(true);
  });
});
