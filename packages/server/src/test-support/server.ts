// A real Cairn server for the tests: startServer on 127.0.0.1, port 0, a real ledger in a temporary directory
// (SQLite) or a given database (PostgreSQL), real tokens, and small HTTP helpers that speak to it over the wire.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalBytes, parseVerifierKey, verifyReceipt } from '@cairn/core';
import type { NoteVerifier } from '@cairn/core';
import { loadServerConfig } from '../config.js';
import { startServer } from '../start.js';
import type { RunningServer, StartOptions } from '../start.js';

/** The ingest token every test server accepts. */
export const INGEST_TOKEN = 'ingest-token-0123456789abcdef';
/** The read token every test server accepts. */
export const READ_TOKEN = 'read-token-0123456789abcdef';

export const INGEST: Record<string, string> = {
  authorization: `Bearer ${INGEST_TOKEN}`,
  'content-type': 'application/json',
};
export const READ: Record<string, string> = { authorization: `Bearer ${READ_TOKEN}` };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export type Answer = {
  readonly status: number;
  readonly json: Loose;
  readonly text: string;
  readonly headers: Headers;
};

export type TestServer = {
  readonly url: string;
  readonly dir: string;
  readonly env: Record<string, string>;
  readonly server: RunningServer;
  /** Lines the server logged. */
  readonly logs: string[];
  post(path: string, body: Uint8Array | string, headers?: Record<string, string>): Promise<Answer>;
  postJson(path: string, value: unknown, headers?: Record<string, string>): Promise<Answer>;
  get(path: string, headers?: Record<string, string>): Promise<Answer>;
  /** Closes the server (gracefully) and removes its directory. */
  stop(): Promise<void>;
};

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text, headers: response.headers };
}

/**
 * Starts a server with the test tokens on a fresh SQLite ledger (or `env.CAIRN_DB`), overriding any variable.
 *
 * @example const server = await startTestServer(); await server.postJson('/v1/decisions', entry);
 */
export async function startTestServer(
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-server-test-'));
  const full = {
    CAIRN_DB: join(dir, 'ledger.db'),
    CAIRN_SIGNING_KEY_FILE: join(dir, 'signing.key'),
    CAIRN_ORIGIN: 'test.example/cairn',
    CAIRN_PORT: '0',
    CAIRN_INGEST_TOKEN: INGEST_TOKEN,
    CAIRN_READ_TOKEN: READ_TOKEN,
    ...env,
  };
  const logs: string[] = [];
  const server = await startServer(loadServerConfig(full), { log: (line) => logs.push(line), ...options });
  const send = async (path: string, init: RequestInit) => answer(await fetch(`${server.url}${path}`, init));
  return {
    url: server.url,
    dir,
    env: full,
    server,
    logs,
    post: (path, body, headers = INGEST) => send(path, { method: 'POST', body: body as BodyInit, headers }),
    postJson: (path, value, headers = INGEST) =>
      send(path, { method: 'POST', body: JSON.stringify(value), headers }),
    get: (path, headers = READ) => send(path, { headers }),
    async stop() {
      try {
        await server.close();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

let counter = 0;

/**
 * A valid decision entry with a unique id (override any field).
 *
 * @example await server.postJson('/v1/decisions', decisionEntry({ run: { orchestrator: 'prefect', id: 'r1' } }));
 */
export function decisionEntry(overrides: Record<string, unknown> = {}): Loose {
  const n = counter++;
  const now = new Date(Date.UTC(2026, 10, 23, 14, 0, 0, n)).toISOString();
  return {
    v: 1,
    kind: 'decision',
    id: `test-${process.pid}-${n}-${Math.random().toString(36).slice(2, 10)}`,
    occurredAt: now,
    recordedAt: now,
    producer: { id: 'server-test', seq: n },
    run: { orchestrator: 'other', id: 'test-run' },
    decision: {
      type: 'claims.triage',
      agent: { id: 'triage-agent', version: '1.0.0' },
      context: { claimAmount: 1800 + n, tier: 'gold' },
      alternatives: [
        { label: 'fast_track', score: 0.82 },
        { label: 'adjuster', score: 0.18 },
      ],
      chosen: { label: 'fast_track' },
      confidence: 0.82,
      aiRole: 'assistive',
    },
    ...overrides,
  };
}

/**
 * The verifiers the server publishes (`GET /v1/verifier-keys`), parsed.
 *
 * @example const verifiers = await verifiersOf(server);
 */
export async function verifiersOf(server: TestServer): Promise<NoteVerifier[]> {
  const { json } = await server.get('/v1/verifier-keys');
  return (json.keys as string[]).map((key) => {
    const parsed = parseVerifierKey(key);
    if (!parsed.ok) throw new Error('the server published an unparsable verifier key');
    return parsed.value;
  });
}

/**
 * Checks `GET /v1/decisions/{id}`: the receipt verifies, against the published key, for the canonical bytes of the
 * entry the server returned. Returns that answer.
 *
 * @example const stored = await readVerified(server, id);
 */
export async function readVerified(server: TestServer, id: string): Promise<Loose> {
  const { status, json } = await server.get(`/v1/decisions/${encodeURIComponent(id)}`);
  if (status !== 200) throw new Error(`GET /v1/decisions/${id} answered ${status}`);
  const checked = await verifyReceipt({
    receipt: json.receipt,
    leaf: canonicalBytes(json.entry),
    verifiers: await verifiersOf(server),
    origin: server.env.CAIRN_ORIGIN!,
  });
  if (!checked.ok)
    throw new Error(`receipt of ${id} does not verify: ${checked.problems.map((p) => p.message).join('; ')}`);
  if (checked.value.index !== json.index)
    throw new Error(`receipt of ${id} is for index ${checked.value.index}, not ${json.index}`);
  return json;
}

/**
 * POSTs every body at once from a separate Node process (one connection each), as independent producers would,
 * and returns the answers in order.
 *
 * @example const answers = await postConcurrently(server.url, '/v1/decisions', bodies);
 */
export async function postConcurrently(
  url: string,
  path: string,
  bodies: readonly unknown[],
  token = INGEST_TOKEN,
): Promise<{ status: number; body: Loose }[]> {
  const script = fileURLToPath(new URL('./concurrent-posts.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, url, path, token], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (part: string) => (out += part));
  child.stdin.end(JSON.stringify(bodies));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`concurrent-posts.mjs exited with ${code}`);
  return JSON.parse(out);
}
