import { createWriteStream } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CairnError, perfectNodes, toHex } from '@cairn/core';
import { BUNDLE_FILES, BUNDLE_FORMAT, BUNDLE_VERSION, checkpointFileName } from './format.js';
import type { BundleManifest, BundleNode, BundleProofs } from './format.js';
import { digestFile } from './read-bundle.js';
import type { BundleSource } from './source.js';

/** Options of {@link exportBundle}. */
export type ExportBundleOptions = {
  /** The directory to create; it must not exist or be empty. */
  readonly dir: string;
  /** First leaf index (default 0). */
  readonly first?: number;
  /** One past the last leaf index (default: the size of the latest checkpoint). */
  readonly end?: number;
  /** Informative period the range was cut by, written to the manifest. */
  readonly period?: { readonly from: string; readonly to: string };
  readonly now?: () => Date;
};

/**
 * Writes an evidence bundle (docs/evidence-bundle.md) for leaves [first, end) of a ledger, verified against the
 * latest checkpoint. Streams the leaves to disk in constant memory.
 *
 * @example
 * const manifest = await exportBundle(ledgerBundleSource(ledger), { dir: './evidence-2026-11' });
 */
export async function exportBundle(
  source: BundleSource,
  options: ExportBundleOptions,
): Promise<BundleManifest> {
  const checkpoints = await source.allCheckpoints();
  const latest = checkpoints.at(-1);
  if (latest === undefined)
    throw new CairnError(
      'not_found',
      'export: the ledger has no checkpoint yet; run `cairn checkpoint` first',
    );
  const first = options.first ?? 0;
  const end = options.end ?? latest.size;
  if (!(
    Number.isSafeInteger(first) &&
    Number.isSafeInteger(end) &&
    0 <= first &&
    first <= end &&
    end <= latest.size
  )) {
    throw new CairnError(
      'invalid_argument',
      `export: range [${first}, ${end}) must lie within the latest checkpoint's size ${latest.size}`,
    );
  }
  await prepareDir(options.dir);
  await mkdir(join(options.dir, BUNDLE_FILES.checkpointsDir));
  const byKind = await writeLeaves(source, join(options.dir, BUNDLE_FILES.leaves), first, end);
  for (const c of checkpoints) await writeFile(join(options.dir, checkpointFileName(c.seq)), c.note);
  const keys = await source.verifierKeys();
  await writeFile(join(options.dir, BUNDLE_FILES.keys), keys.map((k) => `${k}\n`).join(''));
  await writeFile(
    join(options.dir, BUNDLE_FILES.proofs),
    JSON.stringify(await buildProofs(source, first, end, latest.size, checkpoints), null, 2) + '\n',
  );
  await writeFile(join(options.dir, BUNDLE_FILES.readme), README_TEXT);
  const files: Record<string, { sha256: string; bytes: number }> = {};
  for (const name of [
    BUNDLE_FILES.leaves,
    BUNDLE_FILES.keys,
    BUNDLE_FILES.proofs,
    ...checkpoints.map((c) => checkpointFileName(c.seq)),
  ]) {
    files[name] = await digestFile(join(options.dir, name));
  }
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    origin: source.origin,
    createdAt: (options.now?.() ?? new Date()).toISOString(),
    range: { first, count: end - first },
    treeSize: latest.size,
    checkpoint: checkpointFileName(latest.seq),
    ...(options.period === undefined ? {} : { period: options.period }),
    counts: { entries: end - first, checkpoints: checkpoints.length, verifierKeys: keys.length, byKind },
    files,
  };
  await writeFile(join(options.dir, BUNDLE_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

async function prepareDir(dir: string): Promise<void> {
  const existing = await readdir(dir).catch(() => undefined);
  if (existing !== undefined && existing.length > 0) {
    throw new CairnError(
      'invalid_argument',
      `export: ${dir} exists and is not empty; choose a new directory`,
    );
  }
  await mkdir(dir, { recursive: true });
}

const NEWLINE = new Uint8Array([0x0a]);

// Through pipeline(), so a failed write (ENOSPC, EACCES) rejects here instead of surfacing as an unhandled
// 'error' event, and backpressure keeps memory constant.
async function writeLeaves(
  source: BundleSource,
  path: string,
  first: number,
  end: number,
): Promise<Record<string, number>> {
  const byKind: Record<string, number> = {};
  let expected = first;
  async function* lines(): AsyncGenerator<Uint8Array> {
    for await (const row of source.leaves(first, end)) {
      if (row.index !== expected) {
        const message = `export: entry ${expected} is missing from storage (got ${row.index}); run \`cairn verify\``;
        throw new CairnError('integrity', message);
      }
      expected++;
      byKind[row.kind] = (byKind[row.kind] ?? 0) + 1;
      yield row.bytes;
      yield NEWLINE;
    }
  }
  await pipeline(lines, createWriteStream(path));
  if (expected !== end) {
    throw new CairnError(
      'integrity',
      `export: storage ends at entry ${expected}, expected ${end}; run \`cairn verify\``,
    );
  }
  return byKind;
}

async function buildProofs(
  source: BundleSource,
  first: number,
  end: number,
  treeSize: number,
  checkpoints: readonly { size: number }[],
): Promise<BundleProofs> {
  const withHashes = async (nodes: { level: number; index: number }[]): Promise<BundleNode[]> => {
    const hashes = await source.readHashes(nodes);
    return nodes.map((n, i) => ({ ...n, hash: toHex(hashes[i]!) }));
  };
  const consistency: { first: number; second: number; proof: string[] }[] = [];
  for (let i = 1; i < checkpoints.length; i++) {
    const [a, b] = [checkpoints[i - 1]!.size, checkpoints[i]!.size];
    if (a > 0 && b > a && !consistency.some((c) => c.first === a && c.second === b)) {
      consistency.push({ first: a, second: b, proof: (await source.consistencyProof(a, b)).map(toHex) });
    }
  }
  return {
    left: await withHashes(perfectNodes(0, first)),
    right: await withHashes(perfectNodes(end, treeSize)),
    consistency,
  };
}

const README_TEXT = `Cairn evidence bundle, format version 1.

Verify with Cairn:          cairn verify --bundle <this directory>
Verify with other tools:    see docs/evidence-bundle.md and docs/auditor-guide.md in the Cairn repository.

leaves.jsonl holds one entry per line, the exact RFC 8785 bytes that were hashed (RFC 9162 leaf = SHA-256(0x00 || line)).
checkpoints/ holds every C2SP signed checkpoint; verifier-keys.txt the keys that signed them.
proofs.json ties the range to the tree; manifest.json lists every file's SHA-256.
`;
