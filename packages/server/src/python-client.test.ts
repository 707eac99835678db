// The Python client (clients/python) against the real server: python3 runs its unittest suite with the server's
// URL and tokens in the environment, and any Python failure fails this test with Python's own output.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INGEST_TOKEN, READ_TOKEN, startTestServer } from './test-support/server.js';
import type { TestServer } from './test-support/server.js';

const CLIENT_DIR = resolve(import.meta.dirname, '../../../clients/python');

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

async function runPython(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn('python3', args, {
    cwd: CLIENT_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 50_000,
  });
  let output = '';
  child.stdout.on('data', (part: Buffer) => (output += part.toString('utf8')));
  child.stderr.on('data', (part: Buffer) => (output += part.toString('utf8')));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, output };
}

describe('the Python client against a running server', () => {
  it('passes its unittest suite (python3 -m unittest -v test_cairn_client)', async () => {
    const { code, output } = await runPython(['-m', 'unittest', '-v', 'test_cairn_client'], {
      CAIRN_URL: server.url,
      CAIRN_INGEST_TOKEN: INGEST_TOKEN,
      CAIRN_READ_TOKEN: READ_TOKEN,
      PYTHONDONTWRITEBYTECODE: '1',
    });
    if (code !== 0) console.error(output);
    expect({ code, tail: code === 0 ? 'ok' : output.slice(-4000) }).toEqual({ code: 0, tail: 'ok' });
    const ran = /^Ran (\d+) tests? in/m.exec(output);
    expect(Number(ran?.[1])).toBeGreaterThan(0);
    expect(output).toMatch(/^OK$/m);
  });
});
