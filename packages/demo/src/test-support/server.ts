// A real Cairn server for the demo's tests: startServer from @cairn/server on 127.0.0.1, port 0, a signed SQLite
// ledger in a temporary directory, and real ingest and read tokens; plus a reader of its query API.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseVerifierKey } from '@cairn/core';
import type { NoteVerifier } from '@cairn/core';
import { loadServerConfig, startServer } from '@cairn/server';
import type { RunningServer } from '@cairn/server';

export const INGEST_TOKEN = 'demo-ingest-token-0123456789';
export const READ_TOKEN = 'demo-read-token-0123456789ab';
export const ORIGIN = 'demo.test.example/cairn';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export type DemoServer = {
  readonly url: string;
  readonly dbPath: string;
  readonly server: RunningServer;
  /** GET with the read token; JSON or, for the checkpoint, text. */
  get(path: string): Promise<{ status: number; json: Loose; text: string }>;
  verifiers(): Promise<NoteVerifier[]>;
  /** Closes the server (the ledger signs a last checkpoint), keeping the directory. */
  close(): Promise<void>;
  /** Closes the server if still open and removes the directory. */
  remove(): Promise<void>;
};

/**
 * Starts a server on a fresh ledger.
 *
 * @example const server = await startDemoServer(); await loadDemo({ baseUrl: server.url, ingestToken: INGEST_TOKEN });
 */
export async function startDemoServer(): Promise<DemoServer> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-demo-test-'));
  const dbPath = join(dir, 'ledger.db');
  const config = loadServerConfig({
    CAIRN_DB: dbPath,
    CAIRN_SIGNING_KEY_FILE: join(dir, 'signing.key'),
    CAIRN_ORIGIN: ORIGIN,
    CAIRN_PORT: '0',
    CAIRN_INGEST_TOKEN: INGEST_TOKEN,
    CAIRN_READ_TOKEN: READ_TOKEN,
  });
  const server = await startServer(config, { log: () => undefined });
  let closed: Promise<void> | undefined;
  const get = async (path: string): Promise<{ status: number; json: Loose; text: string }> => {
    const response = await fetch(`${server.url}${path}`, {
      headers: { authorization: `Bearer ${READ_TOKEN}` },
    });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, json, text };
  };
  const close = () => (closed ??= server.close());
  return {
    url: server.url,
    dbPath,
    server,
    get,
    async verifiers() {
      const { json } = await get('/v1/verifier-keys');
      return (json.keys as string[]).map((key) => {
        const parsed = parseVerifierKey(key);
        if (!parsed.ok) throw new Error('the server published an unparsable verifier key');
        return parsed.value;
      });
    },
    close,
    async remove() {
      await close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
