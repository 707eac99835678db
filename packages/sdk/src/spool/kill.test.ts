import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpSink } from '../sinks/http-sink.js';
import { startReceiver } from '../test-support/http-receiver.js';
import { tempDir } from '../test-support/temp-dir.js';
import { spooledSink } from './spooled-sink.js';

const work = tempDir('kill');
const child = join(work.path, 'child.mjs');

beforeAll(async () => {
  // The child runs the real sources, bundled, so the test needs no prior build.
  await build({
    entryPoints: [fileURLToPath(new URL('../test-support/spool-child.ts', import.meta.url))],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@cairn/source'],
    logLevel: 'silent',
  });
});
afterAll(() => work.cleanup());

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Runs the child until it has reported `atLeast` durable entries, then SIGKILLs it mid-stream. */
function recordThenKill(dir: string, url: string, atLeast: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, dir, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    const durable: string[] = [];
    let buffered = '';
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) if (line.startsWith('durable ')) durable.push(line.slice(8));
      if (durable.length >= atLeast && proc.exitCode === null && !proc.killed) proc.kill('SIGKILL');
    });
    proc.on('exit', (code, signal) =>
      signal === 'SIGKILL'
        ? resolve(durable)
        : reject(new Error(`child exited ${code}: ${stderr.slice(0, 500)}`)),
    );
  });
}

describe('spool across SIGKILL', () => {
  it('delivers every entry the killed process had made durable, exactly once and in order, after a restart', async () => {
    const dir = join(work.path, 'spool');
    const durable = await recordThenKill(dir, `http://127.0.0.1:${await closedPort()}`, 300);
    const server = await startReceiver();
    try {
      const sink = spooledSink({ sink: httpSink({ url: server.url }), dir });
      await sink.drained();
      await sink.close();
      const arrived = server.writer.entries;
      const ids = arrived.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(arrived.map((e) => e.producer.seq)).toEqual(arrived.map((_, i) => i));
      expect(ids.slice(0, durable.length)).toEqual(durable);
      expect(arrived.length).toBeGreaterThanOrEqual(durable.length);
    } finally {
      await server.stop();
    }
  });
});
