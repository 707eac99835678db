import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { createNoteSigner, generateSignerKey } from '@cairn/core';
import { createLedger, openSqliteStore } from '@cairn/ledger';
import { describe, expect, it } from 'vitest';
import { lines, startIn, workspace } from '../test-support/cli.js';
import { decision } from '../test-support/entries.js';

const INGEST_TOKEN = 'cli-serve-ingest-token-0123456789';
const READ_TOKEN = 'cli-serve-read-token-0123456789ab';

describe('cairn serve', () => {
  it('serves the API and the dashboard, loads the demo with --demo, and stops on SIGTERM with a last checkpoint', async () => {
    const ws = await workspace();
    const cli = startIn(ws.dir, ['serve', '--port', '0', '--demo']);
    const [, url] = await cli.waitFor(/^Cairn is running: open (http:\/\/127\.0\.0\.1:\d+)\/$/m);
    const started = cli.output().stdout;
    expect(started).toContain(
      `  ledger        ${ws.path('.cairn/ledger.db')} (origin cairn.local/ledger, 0 entries)`,
    );
    expect(started).toMatch(/^ {2}verifier key {2}cairn\.local\/ledger\+[0-9a-f]{8}\+\S+$/m);
    expect(started).toMatch(/^ {2}ingest {8}open: /m);
    expect(started).toMatch(/^ {2}read {10}open: /m);
    expect(started).not.toContain('--demo to load');

    const [loaded] = await cli.waitFor(
      /^(?:demo loaded|cairn serve: the demo could not be loaded).*$/m,
      'any',
    );
    expect(loaded).toMatch(
      /^demo loaded \(story day \d{4}-\d{2}-\d{2}\): [\d,]+ entries sent, [\d,]+ stored/,
    );
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const home = await fetch(`${url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    const page = await home.text();
    const runLinks = [...cli.output().stdout.matchAll(/^ {4}(\S+)\s+\S+\s+(http:\S+\/runs\/\S+)$/gm)];
    expect(runLinks.map((m) => m[1])).toEqual(
      expect.arrayContaining(['airflow', 'prefect', 'dagster', 'trigger.dev']),
    );
    for (const [, , link] of runLinks) {
      const run = await fetch(link!);
      expect(run.status, link).toBe(200);
      expect(page).toContain(decodeURIComponent(new URL(link!).pathname.split('/').at(-1)!));
    }

    cli.signal('SIGTERM');
    const exit = await cli.exit;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toMatch(/stopping \(SIGTERM\): .*\nstopped\n$/);
    const ledger = await createLedger({ store: openSqliteStore({ path: ws.path('.cairn/ledger.db') }) });
    try {
      const size = await ledger.size();
      expect(size).toBeGreaterThan(100);
      expect((await ledger.latestCheckpoint())?.size).toBe(size);
    } finally {
      await ledger.close();
    }
  });

  it('offers the demo on an empty ledger, reports closed route families, and stops on SIGINT', async () => {
    const ws = await workspace();
    const cli = startIn(ws.dir, ['serve', '--port', '0', '--db', 'data/audit.db', '--key', 'keys/k.key'], {
      env: { CAIRN_INGEST_TOKEN: INGEST_TOKEN, CAIRN_READ_TOKEN: READ_TOKEN },
    });
    const [, url] = await cli.waitFor(/open (http:\S+)\/$/m);
    const { stdout } = cli.output();
    expect(stdout).toContain("The ledger is empty: run 'cairn serve --demo'");
    expect(stdout).toContain(`  signing key   ${ws.path('keys/k.key')} (created now`);
    expect(stdout).toMatch(/^ {2}ingest {8}closed: .*1 bearer token \(CAIRN_INGEST_TOKEN\)$/m);
    expect(stdout).toMatch(/^ {2}read {10}closed: /m);
    expect((await fetch(`${url}/`)).status).toBe(401);
    const home = await fetch(`${url}/`, { headers: { authorization: `Bearer ${READ_TOKEN}` } });
    expect(home.status).toBe(200);
    cli.signal('SIGINT');
    const exit = await cli.exit;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toContain('stopping (SIGINT)');
    expect(existsSync(ws.path('data/audit.db'))).toBe(true);
  });

  it('makes the dashboard trust only the verifier keys given with --keys, not those the database publishes', async () => {
    const ws = await workspace();
    const outside = await createNoteSigner(await generateSignerKey('auditor.example/copy'));
    await writeFile(ws.path('trusted.vkey'), `${outside.verifierKey}\n`);
    const cli = startIn(ws.dir, ['serve', '--port', '0', '--keys', 'trusted.vkey'], {
      env: { CAIRN_CHECKPOINT_EVERY_ENTRIES: '1' },
    });
    const [, url] = await cli.waitFor(/open (http:\S+)\/$/m);
    const entry = decision(1);
    const posted = await fetch(`${url}/v1/decisions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(entry),
    });
    expect(posted.status).toBe(200);
    const evidence = (await (await fetch(`${url}/dashboard-api/entries/${entry.id}/evidence`)).json()) as {
      keySource: string;
      verifierKeys: string[];
    };
    expect(evidence.keySource).toBe('configured');
    expect(evidence.verifierKeys).toEqual([outside.verifierKey]);
    cli.signal('SIGTERM');
    expect((await cli.exit).code).toBe(0);
  });

  it('stops cleanly when signalled while the demo is still loading, without reporting the demo as failed', async () => {
    const ws = await workspace();
    const cli = startIn(ws.dir, ['serve', '--port', '0', '--demo']);
    await cli.waitFor(/^loading the demo through the receivers…$/m);
    cli.signal('SIGINT');
    const exit = await cli.exit;
    expect(exit.code).toBe(0);
    expect(exit.stdout).toMatch(/\nstopped\n$/);
    expect(exit.stderr).not.toContain('could not be loaded');
  });

  it('rejects a bad port, a bad origin, a bad environment variable and a port in use in one line with exit code 2', async () => {
    const ws = await workspace();
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busy = String((blocker.address() as { port: number }).port);
    try {
      const cases: [string[], Record<string, string>, RegExp][] = [
        [['--port', '70000'], {}, /--port: expected a whole number from 0 to 65535, got "70000"/],
        [['--port', '0', '--origin', 'has space'], {}, /--origin: expected a log name/],
        [['--port', '0'], { CAIRN_READ_TOKEN: 'short' }, /CAIRN_READ_TOKEN: expected at least 16 characters/],
        [['--port', busy], {}, /http:\/\/127\.0\.0\.1:\d+ is in use/],
        [['extra'], {}, /unexpected argument "extra"/],
        [['--port', '0', '--vkey', 'not-a-key'], {}, /--vkey: not a verifier key/],
      ];
      for (const [args, env, message] of cases) {
        const run = await startIn(ws.dir, ['serve', ...args], { env }).exit;
        expect(run.code, args.join(' ')).toBe(2);
        expect(lines(run.stderr), args.join(' ')).toHaveLength(1);
        expect(run.stderr, args.join(' ')).toMatch(message);
        expect(run.stdout).toBe('');
      }
    } finally {
      blocker.close();
    }
  });
});
