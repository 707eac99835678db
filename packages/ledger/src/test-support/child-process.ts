// Child processes that run the ledger from source: esbuild bundles a test-support script with the `@cairn/source`
// condition, keeping the native better-sqlite3 and the CJS pg as external imports by absolute path.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/**
 * Bundles `script` (a file name under test-support) into a temporary .mjs and returns its path.
 *
 * @example const child = await bundleChild('append-child.ts');
 */
export async function bundleChild(script: string): Promise<string> {
  const outfile = join(await mkdtemp(join(tmpdir(), 'cairn-child-')), script.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [fileURLToPath(new URL(script, import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@cairn/source'],
    logLevel: 'error',
    plugins: [
      {
        name: 'external-by-path',
        setup(b) {
          b.onResolve({ filter: /^(better-sqlite3|pg)$/ }, (args) => ({
            path: require.resolve(args.path, { paths: [args.resolveDir] }),
            external: true,
          }));
        },
      },
    ],
  });
  return outfile;
}

/** A running child and the `ack <id> <index>` lines it printed so far. */
export type AppendChild = {
  readonly process: ChildProcessWithoutNullStreams;
  readonly acks: Map<string, number>;
  /** Resolves with the exit code (or signal) and stderr once the child ended. */
  readonly done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
};

/**
 * Starts a bundled append child.
 *
 * @example const child = startChild(bundle, [url, 'p0', '5000', '50'], signerKey);
 */
export function startChild(bundle: string, args: string[], signerKey: string): AppendChild {
  const child = spawn(process.execPath, [bundle, ...args], {
    env: { ...process.env, CAIRN_SIGNING_KEY: signerKey, NODE_OPTIONS: '' },
  });
  const acks = new Map<string, number>();
  let pending = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const [word, id, index] = line.split(' ');
      if (word === 'ack' && id !== undefined) acks.set(id, Number(index));
    }
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { process: child, acks, done };
}
