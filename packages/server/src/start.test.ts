import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CairnError } from '@cairn/core';
import { createLedger, loadSignerKeyFile, openSqliteStore } from '@cairn/ledger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadServerConfig } from './config.js';
import { startServer } from './start.js';
import type { RunningServer } from './start.js';
import { INGEST, READ, decisionEntry, startTestServer } from './test-support/server.js';
import type { TestServer } from './test-support/server.js';

let dir: string;
let running: RunningServer[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-start-'));
});

afterEach(async () => {
  for (const server of running) await server.close();
  running = [];
  await rm(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string>, logs: string[] = []): Promise<RunningServer> {
  const server = await startServer(loadServerConfig({ CAIRN_PORT: '0', ...env }), {
    log: (line) => logs.push(line),
  });
  running.push(server);
  return server;
}

function files(): Record<string, string> {
  return {
    CAIRN_DB: join(dir, 'data', 'ledger.db'),
    CAIRN_SIGNING_KEY_FILE: join(dir, 'keys', 'signing.key'),
  };
}

describe('startServer', () => {
  it('creates the signing key on first start with mode 0600, says where, and reuses it after', async () => {
    const logs: string[] = [];
    const first = await start(files(), logs);
    const keyFile = files().CAIRN_SIGNING_KEY_FILE!;
    expect(logs.some((line) => line.includes(`created a new signing key at ${keyFile}`))).toBe(true);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'keys'))).mode & 0o077).toBe(0);
    const keys = await (await fetch(`${first.url}/v1/verifier-keys`)).json();
    expect(keys.keys).toEqual([(await loadSignerKeyFile(keyFile)).verifierKey]);
    await first.close();

    const again: string[] = [];
    const second = await start(files(), again);
    expect(again.some((line) => line.includes('created a new signing key'))).toBe(false);
    expect(await (await fetch(`${second.url}/v1/verifier-keys`)).json()).toEqual(keys);
    expect(second.ledger.origin).toBe(first.ledger.origin);
  });

  it('names the key and the log after CAIRN_ORIGIN', async () => {
    const server = await start({ ...files(), CAIRN_ORIGIN: 'cairn.example.com/decisions' });
    expect(server.ledger.origin).toBe('cairn.example.com/decisions');
    expect((await loadSignerKeyFile(files().CAIRN_SIGNING_KEY_FILE!)).name).toBe(
      'cairn.example.com/decisions',
    );
  });

  it('listens on a free port for port 0 and answers /healthz there', async () => {
    const server = await start(files());
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({
      ok: true,
      origin: 'localhost/cairn',
      size: 0,
    });
  });

  it('warns once per route family that needs no token', async () => {
    const logs: string[] = [];
    await start(files(), logs);
    const warnings = logs.filter((line) => line.startsWith('warning:'));
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/CAIRN_INGEST_TOKEN[\s\S]*CAIRN_READ_TOKEN/);
  });

  it('refuses a port in use with a config error naming it, leaving the ledger free for the next start', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(start({ ...files(), CAIRN_PORT: String(port) })).rejects.toThrow(CairnError);
      await expect(start({ ...files(), CAIRN_PORT: String(port) })).rejects.toThrow(
        /CAIRN_HOST\/CAIRN_PORT: http:\/\/127\.0\.0\.1:\d+ is in use/,
      );
    } finally {
      blocker.close();
    }
    const server = await start(files());
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('signs checkpoints by the configured policy', async () => {
    const server = await start({
      ...files(),
      CAIRN_CHECKPOINT_EVERY_ENTRIES: '2',
      CAIRN_CHECKPOINT_EVERY_MS: '0',
      CAIRN_HEARTBEAT_MS: '0',
    });
    await fetch(`${server.url}/v1/decisions`, {
      method: 'POST',
      headers: INGEST,
      body: JSON.stringify(decisionEntry()),
    });
    expect(await server.ledger.latestCheckpoint()).toBeUndefined();
    await fetch(`${server.url}/v1/decisions`, {
      method: 'POST',
      headers: INGEST,
      body: JSON.stringify(decisionEntry()),
    });
    expect((await server.ledger.latestCheckpoint())?.size).toBe(2);
  });
});

describe('close()', () => {
  it('lets a request in flight finish, refuses new ones, and leaves every entry under a final checkpoint', async () => {
    const env: Record<string, string> = {
      ...files(),
      CAIRN_CHECKPOINT_EVERY_ENTRIES: '1000000',
      CAIRN_CHECKPOINT_EVERY_MS: '0',
      CAIRN_HEARTBEAT_MS: '0',
    };
    const server = await start(env);
    const first = decisionEntry();
    await fetch(`${server.url}/v1/decisions`, {
      method: 'POST',
      headers: INGEST,
      body: JSON.stringify(first),
    });
    // A request whose body is still arriving when close() is called.
    const late = decisionEntry();
    const text = new TextEncoder().encode(JSON.stringify(late));
    let sendRest!: () => void;
    const rest = new Promise<void>((resolve) => (sendRest = resolve));
    let firstPartTaken!: () => void;
    const taken = new Promise<void>((resolve) => (firstPartTaken = resolve));
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        pulls += 1;
        if (pulls === 1) return controller.enqueue(text.slice(0, 20));
        firstPartTaken();
        await rest;
        controller.enqueue(text.slice(20));
        controller.close();
      },
    });
    const inFlight = fetch(`${server.url}/v1/decisions`, {
      method: 'POST',
      headers: INGEST,
      body,
      duplex: 'half',
    } as RequestInit);
    await taken;
    // A round trip on a later connection: the server has accepted the earlier one and is reading its request.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const closing = server.close();
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    sendRest();
    expect((await inFlight).status).toBe(200);
    await closing;

    const reopened = await createLedger({ store: openSqliteStore({ path: env.CAIRN_DB! }) });
    try {
      expect(await reopened.size()).toBe(2);
      expect((await reopened.latestCheckpoint())?.size).toBe(2);
      expect(await reopened.get(late.id)).toBeDefined();
    } finally {
      await reopened.close();
    }
  });
});

describe('GET /metrics', () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('exposes ingest counts and latency by route, commits, the ledger size and the age of the last checkpoint', async () => {
    await server.postJson('/v1/decisions', [decisionEntry(), decisionEntry()]);
    await server.postJson('/v1/decisions', { not: 'an entry' });
    await server.server.ledger.checkpoint();
    const { status, text, headers } = await server.get('/metrics', READ);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toContain('text/plain');
    const value = (name: string) =>
      Number(new RegExp(`^${name.replace(/[{}"/]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('cairn_ledger_entries')).toBe(2);
    expect(value('cairn_ingested_entries_total{route="/v1/decisions"}')).toBe(2);
    expect(value('cairn_ingest_requests_total{route="/v1/decisions",status="200"}')).toBe(1);
    expect(value('cairn_ingest_requests_total{route="/v1/decisions",status="400"}')).toBe(1);
    expect(value('cairn_ingest_duration_seconds_count{route="/v1/decisions"}')).toBe(2);
    expect(value('cairn_ledger_commits_total')).toBe(1);
    expect(value('cairn_last_checkpoint_age_seconds')).toBeGreaterThanOrEqual(0);
  });
});
