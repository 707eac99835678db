// The integrity panel's script is bundled with esbuild: at build time into dist (so a running server needs no
// bundler), or on first request when running from sources (tests, development). Nothing is loaded from a CDN.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';
import { CairnError } from '@cairn/core';

/** The file the package build writes next to this module. */
export const PREBUILT_SCRIPT = 'integrity.bundle.js';

/**
 * Bundles the integrity panel's browser script (and the parts of @cairn/core it uses) into one ES module.
 *
 * @example
 * const source = await bundleIntegrityClient();
 */
export async function bundleIntegrityClient(): Promise<string> {
  const fromSources = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(
    new URL(fromSources ? './integrity-client.ts' : './integrity-client.js', import.meta.url),
  );
  let esbuild: typeof Esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (error) {
    throw new CairnError(
      'config',
      'the integrity script was not prebuilt and esbuild is not installed: run the package build',
      { cause: error },
    );
  }
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    // From sources, workspace packages resolve to their TypeScript as in the tests (vitest.config.ts).
    conditions: fromSources ? ['@cairn/source'] : [],
  });
  const output = result.outputFiles[0];
  if (output === undefined)
    throw new CairnError('unavailable', 'esbuild produced no output for the integrity script');
  return output.text;
}

let cached: Promise<string> | undefined;

/**
 * The integrity script: the prebuilt file when present, else bundled once per process.
 *
 * @example
 * app.get('/dashboard-assets/integrity.js', async (c) => c.body(await integrityScript(), 200, { 'content-type': 'text/javascript' }));
 */
export function integrityScript(): Promise<string> {
  cached ??= readFile(new URL(`./${PREBUILT_SCRIPT}`, import.meta.url), 'utf8').catch(() =>
    bundleIntegrityClient(),
  );
  cached.catch(() => (cached = undefined));
  return cached;
}
