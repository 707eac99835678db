import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { decision, jsonLines } from '../test-support/entries.js';
import { lines, workspace } from '../test-support/cli.js';
import type { Workspace } from '../test-support/cli.js';

async function size(ws: Workspace): Promise<string> {
  const { stdout } = await ws.run(['append', '-'], { stdin: '' });
  return stdout;
}

describe('cairn append', () => {
  it('appends the entries of a JSON lines file and reports duplicates on a second run', async () => {
    const ws = await workspace();
    await writeFile(ws.path('entries.jsonl'), jsonLines(0, 5));
    expect(await ws.run(['append', 'entries.jsonl'])).toEqual({
      code: 0,
      stdout: 'appended 5 (0 duplicates), log size 5\n',
      stderr: '',
    });
    expect((await ws.run(['append', 'entries.jsonl'])).stdout).toBe(
      'appended 0 (5 duplicates), log size 5\n',
    );
  });

  it('appends from stdin with -, in batches, skipping blank lines and accepting CRLF', async () => {
    const ws = await workspace();
    const input = `${JSON.stringify(decision(0))}\r\n\n   \n${jsonLines(1, 7)}`;
    const run = await ws.run(['append', '-', '--batch', '2'], { stdin: input });
    expect(run).toEqual({ code: 0, stdout: 'appended 7 (0 duplicates), log size 7\n', stderr: '' });
  });

  it('prints every result with --json', async () => {
    const ws = await workspace();
    await ws.run(['append', '-'], { stdin: jsonLines(0, 1) });
    const run = await ws.run(['append', '-', '--json'], { stdin: jsonLines(0, 3) });
    const body = JSON.parse(run.stdout);
    expect(body).toMatchObject({ appended: 2, duplicates: 1, size: 3 });
    expect(
      body.results.map((r: { id: string; index: number; duplicate: boolean }) => [
        r.id,
        r.index,
        r.duplicate,
      ]),
    ).toEqual([
      ['dec-0', 0, true],
      ['dec-1', 1, false],
      ['dec-2', 2, false],
    ]);
    expect(body.results[1].leafHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('appends nothing from a file with an invalid JSON line, naming the line', async () => {
    const ws = await workspace();
    await writeFile(ws.path('bad.jsonl'), `${jsonLines(0, 2)}{"v":1,\n${jsonLines(2, 3)}`);
    const run = await ws.run(['append', 'bad.jsonl']);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(/^cairn append: bad\.jsonl: line 3: .*; nothing appended$/),
    ]);
    expect(existsSync(ws.path('.cairn/ledger.db'))).toBe(false);
  });

  it('names the line and the field of an invalid entry, and lists every invalid line', async () => {
    const ws = await workspace();
    await ws.run(['append', '-'], { stdin: jsonLines(0, 1) });
    const wrong = {
      ...decision(1),
      decision: { ...(decision(1) as { decision: object }).decision, confidence: 1.7 },
    };
    const duplicateKey = '{"v":1,"v":1}';
    await writeFile(ws.path('bad.jsonl'), `${jsonLines(5, 6)}${JSON.stringify(wrong)}\n${duplicateKey}\n`);
    const run = await ws.run(['append', 'bad.jsonl']);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain('line 2: decision.confidence: expected a number between 0 and 1, got 1.7');
    expect(run.stderr).toContain('line 3: ');
    expect(run.stderr).toMatch(/duplicate key/);
    expect(await size(ws)).toBe('appended 0 (0 duplicates), log size 1\n');
  });

  it('appends the stdin batches before an invalid line and nothing from its batch on', async () => {
    const ws = await workspace();
    const stdin = `${jsonLines(0, 5)}not json\n${jsonLines(5, 8)}`;
    const run = await ws.run(['append', '-', '--batch', '2'], { stdin });
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(
        /^cairn append: stdin line 6: .*; appended the entries before line 5, nothing from there on$/,
      ),
    ]);
    expect(await size(ws)).toBe('appended 0 (0 duplicates), log size 4\n');
  });

  it('says nothing was appended when the first stdin line is invalid', async () => {
    const ws = await workspace();
    const run = await ws.run(['append', '-'], { stdin: `[1, 2]\n${jsonLines(0, 2)}` });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^cairn append: stdin line 1: .*; nothing appended\n$/);
  });

  it('rejects invalid UTF-8 and overlong lines by line number', async () => {
    const ws = await workspace();
    await writeFile(ws.path('latin1.jsonl'), Buffer.from([0x7b, 0xe9, 0x7d, 0x0a]));
    expect((await ws.run(['append', 'latin1.jsonl'])).stderr).toBe(
      'cairn append: latin1.jsonl: line 1: not valid UTF-8; nothing appended\n',
    );
    await writeFile(ws.path('long.jsonl'), `${jsonLines(0, 1)}"${'x'.repeat(1024 * 1024 + 10)}"\n`);
    expect((await ws.run(['append', 'long.jsonl'])).stderr).toBe(
      'cairn append: long.jsonl: line 2: longer than 1048576 bytes; nothing appended\n',
    );
  });

  it('rejects a missing argument, a missing file, a directory and a bad --batch in one line each', async () => {
    const ws = await workspace();
    await mkdir(ws.path('folder'));
    const cases: [string[], string][] = [
      [['append'], `cairn append: missing FILE (or - for stdin) (see 'cairn append --help')\n`],
      [['append', 'nope.jsonl'], 'cairn append: nope.jsonl: cannot be read (ENOENT)\n'],
      [['append', 'folder'], 'cairn append: folder: not a file\n'],
      [
        ['append', '-', '--batch', '0'],
        'cairn append: --batch: expected a whole number from 1 to 10000, got "0"\n',
      ],
      [
        ['append', '-', '--batch', 'ten'],
        'cairn append: --batch: expected a whole number from 1 to 10000, got "ten"\n',
      ],
      [
        ['append', 'a.jsonl', 'b.jsonl'],
        `cairn append: unexpected argument "b.jsonl" (see 'cairn append --help')\n`,
      ],
    ];
    for (const [argv, stderr] of cases)
      expect(await ws.run(argv), argv.join(' ')).toEqual({ code: 2, stdout: '', stderr });
  });

  it('refuses a signing key file that group or others can read', async () => {
    const ws = await workspace();
    await ws.run(['keygen']);
    await chmod(ws.path('.cairn/signing.key'), 0o644);
    const run = await ws.run(['append', '-'], { stdin: jsonLines(0, 1) });
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(
        /^cairn append: signing key file .* mode 0644 lets group or others read it; run chmod 600 /,
      ),
    ]);
  });
});
