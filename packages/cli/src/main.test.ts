import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from './main.js';
import { lines, workspace } from './test-support/cli.js';
import type { CliRun } from './test-support/cli.js';

/** Bad input: exactly one line on stderr naming the command, exit code 2, no stack trace. */
function expectUsageError(run: CliRun, prefix: string, mention?: string | RegExp) {
  expect(run.code).toBe(2);
  expect(lines(run.stderr)).toHaveLength(1);
  expect(run.stderr.startsWith(`${prefix}: `)).toBe(true);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  if (mention !== undefined) expect(run.stderr).toMatch(mention);
}

describe('cairn', () => {
  it('lists every command with its summary for --help, -h and help', async () => {
    const ws = await workspace();
    for (const flag of ['--help', '-h', 'help']) {
      const { code, stdout, stderr } = await ws.run([flag]);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      for (const command of COMMANDS)
        expect(stdout).toContain(`  ${command.name.padEnd(16)}${command.summary}`);
      expect(stdout).toContain('CAIRN_DB');
    }
  });

  for (const command of COMMANDS) {
    it(`prints the help of ${command.name} for 'help ${command.name}' and '${command.name} --help', with examples`, async () => {
      const ws = await workspace();
      const viaHelp = await ws.run(['help', command.name]);
      const viaFlag = await ws.run([command.name, '--help']);
      expect(viaHelp).toEqual(viaFlag);
      expect(viaFlag.code).toBe(0);
      expect(viaFlag.stdout.startsWith(`Usage: cairn ${command.name}`)).toBe(true);
      expect(viaFlag.stdout).toContain('Examples:');
      expect(viaFlag.stdout).toContain('CAIRN_SIGNING_KEY_FILE');
    });

    it(`rejects an unknown flag of ${command.name} in one line with exit code 2`, async () => {
      const ws = await workspace();
      expectUsageError(
        await ws.run([command.name, '--no-such-flag']),
        `cairn ${command.name}`,
        /--no-such-flag/,
      );
    });

    it(`rejects a flag of ${command.name} given without its value`, async () => {
      const ws = await workspace();
      expectUsageError(await ws.run([command.name, '--db']), `cairn ${command.name}`, /--db/);
    });
  }

  it('prints the package version for --version', async () => {
    const ws = await workspace();
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(await ws.run(['--version'])).toEqual({ code: 0, stdout: `cairn ${pkg.version}\n`, stderr: '' });
  });

  it('rejects a missing command, an unknown command and help for an unknown command', async () => {
    const ws = await workspace();
    expectUsageError(await ws.run([]), 'cairn', /missing command/);
    expectUsageError(await ws.run(['frobnicate']), 'cairn', /unknown command "frobnicate"/);
    expectUsageError(await ws.run(['help', 'frobnicate']), 'cairn help', /unknown command "frobnicate"/);
  });

  it('reports an unexpected error in one line, and its stack only with CAIRN_DEBUG=1', async () => {
    const ws = await workspace();
    await ws.run(['demo']);
    const failing = () => {
      throw new Error('stdout went away');
    };
    const quiet = await ws.run(['verify'], { stdout: failing });
    expectUsageError(quiet, 'cairn verify', 'cairn verify: unexpected error: stdout went away\n');
    const debug = await ws.run(['verify'], { stdout: failing, env: { CAIRN_DEBUG: '1' } });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(
      /^cairn verify: unexpected error: stdout went away\nError: stdout went away\n\s+at /,
    );
  });

  it('collapses a multi-line error message to one line', async () => {
    const ws = await workspace();
    const run = await ws.run(['verify', '--db', 'missing\nfile.db']);
    expectUsageError(run, 'cairn verify', /no ledger at/);
  });
});
