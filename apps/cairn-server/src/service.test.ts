import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CairnError } from '@cairn/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitCodeFor, runService } from './service.js';

const INGEST_TOKEN = 'ingest-token-0123456789abcdef';
const READ_TOKEN = 'read-token-0123456789abcdef';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-app-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function env(): Record<string, string> {
  return {
    CAIRN_DB: join(dir, 'ledger.db'),
    CAIRN_SIGNING_KEY_FILE: join(dir, 'signing.key'),
    CAIRN_ORIGIN: 'app.example/cairn',
    CAIRN_PORT: '0',
    CAIRN_INGEST_TOKEN: INGEST_TOKEN,
    CAIRN_READ_TOKEN: READ_TOKEN,
    CAIRN_CHECKPOINT_EVERY_ENTRIES: '1000',
    CAIRN_CHECKPOINT_EVERY_MS: '0',
    CAIRN_HEARTBEAT_MS: '0',
  };
}

function decision(id: string): unknown {
  const at = '2026-11-23T14:00:00.000Z';
  return {
    v: 1,
    kind: 'decision',
    id,
    occurredAt: at,
    recordedAt: at,
    producer: { id: 'app-test', seq: 0 },
    run: { orchestrator: 'other', id: 'app-run' },
    decision: {
      type: 'claims.triage',
      agent: { id: 'agent' },
      context: {},
      alternatives: [],
      chosen: { label: 'approve' },
      aiRole: 'assistive',
    },
  };
}

describe('the deployable service', () => {
  it('serves the API from the environment, and on SIGTERM stops with every entry under a signed checkpoint', async () => {
    const signals = new EventEmitter();
    const logs: string[] = [];
    const { server, stopped } = await runService({ env: env(), signals, log: (line) => logs.push(line) });
    expect(logs.some((line) => line === `listening on ${server.url} (ledger origin app.example/cairn)`)).toBe(
      true,
    );
    const posted = await fetch(`${server.url}/v1/decisions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(decision('app-decision-1')),
    });
    expect(posted.status).toBe(200);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(
      (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${READ_TOKEN}` } })).status,
    ).toBe(200);

    signals.emit('SIGTERM');
    await stopped;
    expect(signals.listenerCount('SIGINT')).toBe(0);

    const again = await runService({ env: env(), signals, log: () => undefined });
    const checkpoint = await fetch(`${again.server.url}/v1/checkpoint`, {
      headers: { authorization: `Bearer ${READ_TOKEN}` },
    });
    expect((await checkpoint.text()).split('\n').slice(0, 2)).toEqual(['app.example/cairn', '1']);
    signals.emit('SIGINT');
    await again.stopped;
  });

  it('refuses a bad environment with a config error whose exit code tells a supervisor not to restart', async () => {
    const signals = new EventEmitter();
    const failure = await runService({
      env: { ...env(), CAIRN_PORT: 'eighty' },
      signals,
      log: () => undefined,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CairnError);
    expect((failure as CairnError).message).toBe(
      'CAIRN_PORT: expected a whole number from 0 to 65535, got "eighty"',
    );
    expect(exitCodeFor(failure)).toBe(78);
    expect(exitCodeFor(new Error('disk on fire'))).toBe(1);
  });
});
