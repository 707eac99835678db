import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { decision } from '../test-support/entries.js';
import { lines, workspace } from '../test-support/cli.js';
import { checkpointedLedger, exportTo } from '../test-support/bundles.js';
import { tamperSqlite } from '../test-support/tamper.js';

async function manifestOf(dir: string) {
  return JSON.parse(await readFile(`${dir}/manifest.json`, 'utf8'));
}

describe('cairn export', () => {
  it('exports every entry up to the latest checkpoint, with every checkpoint and key, and says what it left out', async () => {
    const ws = await checkpointedLedger();
    const run = await ws.run(['export', '--out', 'full']);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)).toEqual([
      'exported entries 0..12 (13) of a tree of 13, 4 checkpoints and 1 verifier key to full',
      'verify it with: cairn verify --bundle full',
      "note: 1 entry after the latest checkpoint is not in the bundle; run 'cairn checkpoint' first to include them",
    ]);
    const manifest = await manifestOf(ws.path('full'));
    expect(manifest).toMatchObject({
      range: { first: 0, count: 13 },
      treeSize: 13,
      checkpoint: 'checkpoints/00000003.checkpoint',
    });
    expect(manifest.counts).toEqual({
      entries: 13,
      checkpoints: 4,
      verifierKeys: 1,
      byKind: { decision: 13 },
    });
    expect((await readdir(ws.path('full'))).sort()).toEqual([
      'README.txt',
      'checkpoints',
      'leaves.jsonl',
      'manifest.json',
      'proofs.json',
      'verifier-keys.txt',
    ]);
    expect(await readFile(ws.path('full/verifier-keys.txt'), 'utf8')).toBe(
      await readFile(ws.path('log.vkey'), 'utf8'),
    );
  });

  it('exports an index range [--from, --to) and prints the manifest with --json', async () => {
    const ws = await checkpointedLedger();
    const run = await ws.run(['export', '--out', 'slice', '--from', '3', '--to', '9', '--json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ range: { first: 3, count: 6 }, treeSize: 13 });
    const leaves = lines(await readFile(ws.path('slice/leaves.jsonl'), 'utf8'));
    expect(leaves.map((l) => JSON.parse(l).id)).toEqual([
      'dec-3',
      'dec-4',
      'dec-5',
      'dec-6',
      'dec-7',
      'dec-8',
    ]);
  });

  it('maps --since/--until to the smallest index range holding the period, by occurredAt or recordedAt', async () => {
    const ws = await workspace();
    await ws.run(['keygen']);
    // Entry n occurred and was recorded at minute n, except entry 2 (an hour late) and entry 5 (recorded a day late).
    const at = (n: number, minutes: number) => new Date(Date.UTC(2026, 10, 23, 14, minutes)).toISOString();
    const entries = [0, 1, 2, 3, 4, 5].map((n) => ({
      ...decision(n, at(n, n === 2 ? 60 : n)),
      ...(n === 5 ? { recordedAt: at(n, 24 * 60) } : {}),
    }));
    await ws.run(['append', '-'], { stdin: entries.map((e) => JSON.stringify(e)).join('\n') });
    await ws.run(['checkpoint']);
    const period = ['--since', '2026-11-23T14:01:00Z', '--until', '2026-11-23T14:04:00Z'];
    const manifest = await manifestOf(await exportTo(ws, 'period', period));
    expect(manifest.range).toEqual({ first: 1, count: 3 });
    expect(manifest.period).toEqual({ from: '2026-11-23T14:01:00.000Z', to: '2026-11-23T14:04:00.000Z' });
    const halfHour = ['--since', '2026-11-23T15:00:00+01:00', '--until', '2026-11-23T15:30:00+01:00'];
    expect((await manifestOf(await exportTo(ws, 'occurred', halfHour))).range).toEqual({
      first: 0,
      count: 6,
    });
    expect(
      (await manifestOf(await exportTo(ws, 'recorded', [...halfHour, '--by', 'recorded']))).range,
    ).toEqual({ first: 0, count: 5 });
    const day = await manifestOf(
      await exportTo(ws, 'day', ['--since', '2026-11-23', '--until', '2026-11-24']),
    );
    expect(day.range).toEqual({ first: 0, count: 6 });
  });

  it('exports an empty range for an empty period, placed at the first entry after it', async () => {
    const ws = await checkpointedLedger();
    const run = await ws.run(['export', '--out', 'empty', '--since', '2020-01-01', '--until', '2020-02-01']);
    expect(lines(run.stdout)[0]).toBe(
      'exported an empty range at index 0 of a tree of 13, 4 checkpoints and 1 verifier key to empty',
    );
    expect(await readFile(ws.path('empty/leaves.jsonl'), 'utf8')).toBe('');
    const after = await manifestOf(
      await exportTo(ws, 'after', ['--since', '2030-01-01', '--until', '2030-02-01']),
    );
    expect(after.range).toEqual({ first: 13, count: 0 });
  });

  it('rejects bad input in one line with exit code 2', async () => {
    const ws = await checkpointedLedger();
    await mkdir(ws.path('busy'));
    await writeFile(ws.path('busy/file.txt'), 'x');
    await writeFile(ws.path('a-file'), 'x');
    const cases: [string[], string][] = [
      [[], `missing --out DIR (see 'cairn export --help')`],
      [['--out', 'x', '--from', 'one'], '--from: expected a whole number >= 0, got "one"'],
      [['--out', 'x', '--from', '1.5'], '--from: expected a whole number >= 0, got "1.5"'],
      [
        ['--out', 'x', '--to', '14'],
        "--to 14 is past the latest checkpoint's size 13; run 'cairn checkpoint' first or lower --to",
      ],
      [['--out', 'x', '--from', '5', '--to', '4'], '--to 4 is before --from 5'],
      [['--out', 'x', '--from', '20'], '--from 20 is past the end of the range 13'],
      [
        ['--out', 'x', '--from', '1', '--since', '2026-01-01'],
        '--from/--to and --since/--until cannot be combined: choose indices or times',
      ],
      [
        ['--out', 'x', '--since', 'yesterday', '--until', '2026-01-01'],
        '--since: expected an RFC 3339 time such as 2026-11-01T00:00:00Z or a date 2026-11-01, got "yesterday"',
      ],
      [['--out', 'x', '--since', '2026-01-01'], '--since and --until go together'],
      [['--out', 'x', '--since', '2026-02-01', '--until', '2026-01-01'], '--until is before --since'],
      [
        ['--out', 'x', '--since', '2026-01-01', '--until', '2026-02-01', '--by', 'seen'],
        '--by: expected occurred or recorded, got "seen"',
      ],
      [['--out', 'x', '--by', 'recorded'], '--by applies only with --since or --until'],
      [['--out', 'busy'], `${ws.path('busy')} exists and is not empty; choose a new directory`],
      [['--out', 'a-file'], '--out a-file: exists and is not a directory'],
      [
        ['--out', 'x', '--db', 'nope.db'],
        `no ledger at ${ws.path('nope.db')} (set --db or CAIRN_DB; 'cairn append' or 'cairn demo' creates one)`,
      ],
    ];
    for (const [argv, message] of cases) {
      expect(await ws.run(['export', ...argv]), argv.join(' ')).toEqual({
        code: 2,
        stdout: '',
        stderr: `cairn export: ${message}\n`,
      });
    }
  });

  it('refuses a ledger that has no checkpoint yet', async () => {
    const ws = await workspace();
    await ws.run(['append', '-'], { stdin: JSON.stringify(decision(0)) });
    expect((await ws.run(['export', '--out', 'b'])).stderr).toBe(
      "cairn export: the ledger has no checkpoint yet; run 'cairn checkpoint' first\n",
    );
  });

  it('exits 1 when an entry of the range is missing from storage', async () => {
    const ws = await checkpointedLedger();
    tamperSqlite(ws.path('.cairn/ledger.db'), (db) => db.prepare('delete from entries where idx = 5').run());
    const run = await ws.run(['export', '--out', 'b']);
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: 'cairn export: entry 5 is missing from storage (got 6); run `cairn verify`\n',
    });
  });
});
