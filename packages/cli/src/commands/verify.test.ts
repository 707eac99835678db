import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { jsonLines } from '../test-support/entries.js';
import { lines, workspace } from '../test-support/cli.js';
import type { Workspace } from '../test-support/cli.js';
import { tamperEntryBytes, tamperSqlite } from '../test-support/tamper.js';

/** A ledger of `n` entries with a checkpoint, in a fresh workspace. */
async function sealedLedger(n: number): Promise<Workspace> {
  const ws = await workspace();
  await ws.run(['keygen']);
  await ws.run(['append', '-'], { stdin: jsonLines(0, n) });
  await ws.run(['checkpoint']);
  return ws;
}

describe('cairn checkpoint', () => {
  it('signs the current size and prints the note, and writes it to --out', async () => {
    const ws = await sealedLedger(3);
    const run = await ws.run(['checkpoint', '--out', 'kept.txt']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^cairn\.local\/ledger\n3\n[A-Za-z0-9+/]{43}=\n\n— cairn\.local\/ledger [A-Za-z0-9+/=]+\n$/,
    );
  });

  it('needs the signing key and an existing ledger', async () => {
    const ws = await workspace();
    await ws.run(['append', '-'], { stdin: jsonLines(0, 1) });
    const noKey = await ws.run(['checkpoint']);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(
      /^cairn checkpoint: signing key file .*signing\.key does not exist; create one with 'cairn keygen'/,
    );
    await ws.run(['keygen']);
    const noLedger = await ws.run(['checkpoint', '--db', 'other.db']);
    expect(noLedger.code).toBe(2);
    expect(lines(noLedger.stderr)).toEqual([
      expect.stringMatching(/^cairn checkpoint: no ledger at .*other\.db/),
    ]);
  });

  it('refuses a key named differently from the ledger’s origin', async () => {
    const ws = await sealedLedger(1);
    await ws.run(['keygen', '--key', 'other.key', '--origin', 'example.com/other']);
    const run = await ws.run(['checkpoint', '--key', 'other.key']);
    expect(run).toMatchObject({
      code: 2,
      stderr: 'cairn checkpoint: origin: this ledger is "cairn.local/ledger", got "example.com/other"\n',
    });
  });
});

describe('cairn verify', () => {
  it('verifies an untouched ledger', async () => {
    const ws = await sealedLedger(5);
    const run = await ws.run(['verify']);
    expect(run).toEqual({
      code: 0,
      stdout: `ok: ledger ${ws.path('.cairn/ledger.db')} (origin cairn.local/ledger); 5 entries and 1 checkpoint checked\n`,
      stderr: '',
    });
  });

  it('notes entries appended after the latest checkpoint', async () => {
    const ws = await sealedLedger(2);
    await ws.run(['append', '-'], { stdin: jsonLines(2, 4) });
    const run = await ws.run(['verify']);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)[1]).toBe(
      "note: 2 entries after the latest checkpoint are not signed yet; run 'cairn checkpoint'",
    );
  });

  it('prints the report as JSON with --json', async () => {
    const ws = await sealedLedger(3);
    const report = JSON.parse((await ws.run(['verify', '--json'])).stdout);
    expect(report).toMatchObject({
      ok: true,
      size: 3,
      entriesChecked: 3,
      checkpointsChecked: 1,
      unsealed: 0,
      problems: [],
      origin: 'cairn.local/ledger',
    });
  });

  it('exits 1 and names the entry after a stored entry was edited behind the triggers', async () => {
    const ws = await sealedLedger(5);
    tamperEntryBytes(ws.path('.cairn/ledger.db'), 2);
    const run = await ws.run(['verify']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(lines(run.stdout)[0]).toMatch(/^FAILED: \d+ problems? found in ledger /);
    expect(run.stdout).toMatch(/\n {2}- entry 2: /);
    const json = JSON.parse((await ws.run(['verify', '--json'])).stdout);
    expect(json.ok).toBe(false);
    expect(json.problems.map((p: { path: string }) => p.path)).toContain('entry 2');
  });

  it('exits 1 when a checkpoint row was deleted', async () => {
    const ws = await sealedLedger(2);
    await ws.run(['append', '-'], { stdin: jsonLines(2, 3) });
    await ws.run(['checkpoint']);
    tamperSqlite(ws.path('.cairn/ledger.db'), (db) =>
      db.prepare('delete from checkpoints where seq = 0').run(),
    );
    expect((await ws.run(['verify'])).code).toBe(1);
  });

  it('checks the ledger against a checkpoint kept outside, and exits 1 when the log was truncated', async () => {
    const ws = await sealedLedger(4);
    await ws.run(['checkpoint', '--out', 'kept.txt']);
    expect((await ws.run(['verify', '--against', 'kept.txt'])).code).toBe(0);
    tamperSqlite(ws.path('.cairn/ledger.db'), (db) => {
      db.prepare('delete from entries where idx = 3').run();
      db.prepare('delete from checkpoints').run();
    });
    const run = await ws.run(['verify', '--against', 'kept.txt']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('external checkpoint: covers 4 entries but the ledger holds 3');
  });

  it('exits 1 for a kept checkpoint of another log', async () => {
    const ws = await sealedLedger(2);
    const other = await sealedLedger(2);
    await other.run(['checkpoint', '--out', ws.path('foreign.txt')]);
    const run = await ws.run(['verify', '--against', 'foreign.txt']);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/external checkpoint: /);
  });

  it('rejects an --against file that is missing or not a checkpoint note, with exit code 2', async () => {
    const ws = await sealedLedger(1);
    await writeFile(ws.path('junk.txt'), 'hello\n');
    await writeFile(
      ws.path('unsigned.txt'),
      'cairn.local/ledger\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n',
    );
    const missing = await ws.run(['verify', '--against', 'nope.txt']);
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: 'cairn verify: --against nope.txt: cannot be read (ENOENT)\n',
    });
    const junk = await ws.run(['verify', '--against', 'junk.txt']);
    expect(junk.code).toBe(2);
    expect(lines(junk.stderr)).toEqual([
      expect.stringMatching(/^cairn verify: --against junk\.txt: not a checkpoint note: /),
    ]);
    const unsigned = await ws.run(['verify', '--against', 'unsigned.txt']);
    expect(unsigned.stderr).toBe(
      'cairn verify: --against unsigned.txt: not a signed note: no signature lines after the checkpoint\n',
    );
  });

  it('refuses to verify a ledger that does not exist rather than create an empty one', async () => {
    const ws = await workspace();
    const run = await ws.run(['verify', '--db', 'typo.db']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `cairn verify: no ledger at ${ws.path('typo.db')} (set --db or CAIRN_DB; 'cairn append' or 'cairn demo' creates one)\n`,
    });
  });

  it('reports a file that is not an SQLite database in one line', async () => {
    const ws = await workspace();
    await writeFile(
      ws.path('text.db'),
      'this is not a database, just some text long enough to fill a header page of sqlite\n'.repeat(20),
    );
    const run = await ws.run(['verify', '--db', 'text.db']);
    expect(run.code).toBe(2);
    expect(lines(run.stderr)).toEqual([
      expect.stringMatching(/^cairn verify: cannot open the ledger at .*text\.db: /),
    ]);
  });

  it('draws progress on stderr only when it is a terminal', async () => {
    const ws = await sealedLedger(3);
    expect((await ws.run(['verify'])).stderr).toBe('');
    const interactive = await ws.run(['verify'], { interactive: true });
    expect(interactive.code).toBe(0);
    expect(interactive.stderr).toContain('verified 3 / 3 entries (100%)\n');
  });

  it('rejects --against together with --bundle', async () => {
    const ws = await workspace();
    expect((await ws.run(['verify', '--bundle', 'b', '--against', 'a'])).stderr).toBe(
      'cairn verify: --against and --bundle cannot be combined\n',
    );
  });
});
