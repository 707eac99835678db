// Build step after tsc: bundles the integrity panel's browser script and copies the standard-tools verification
// script into dist, so a running server and `cairn report` need neither a bundler nor the sources.
import { copyFile, writeFile } from 'node:fs/promises';
import { PREBUILT_SCRIPT, bundleIntegrityClient } from '../dist/browser/bundle.js';

const script = new URL(`../dist/browser/${PREBUILT_SCRIPT}`, import.meta.url);
await writeFile(script, await bundleIntegrityClient());
await copyFile(
  new URL('../src/reports/verify-bundle.sh', import.meta.url),
  new URL('../dist/reports/verify-bundle.sh', import.meta.url),
);
console.log('dashboard assets: dist/browser/integrity.bundle.js, dist/reports/verify-bundle.sh');
