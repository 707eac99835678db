// Reading the small files of an evidence bundle (docs/evidence-bundle.md): the manifest, the verifier keys, the
// proofs and the checkpoints. Each reader checks the shape of what it read and reports every problem instead of
// throwing: a bundle is untrusted input, and an auditor wants to see every damaged file at once.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fromUtf8, parseJson, parseVerifierKey, problem, verifyCheckpoint } from '@cairn/core';
import type { NoteVerifier, Problem } from '@cairn/core';
import { BUNDLE_FILES, BUNDLE_FORMAT, BUNDLE_VERSION, checkpointFileName } from './format.js';
import type { BundleManifest, BundleNode, BundleProofs } from './format.js';

/** Where a reader reports what it found wrong. */
export type Report = (found: Problem) => void;

/** A checkpoint of the bundle whose signature and origin verified. */
export type SignedCheckpoint = { readonly file: string; readonly size: number; readonly root: Uint8Array };

/** SHA-256 and size of a file, streamed in constant memory. */
export async function digestFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const info = await stat(path);
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path) as AsyncIterable<Uint8Array>) hash.update(chunk);
  return { sha256: hash.digest('hex'), bytes: info.size };
}

/** The error code of a failed file operation (`ENOENT`, `EISDIR`, …), for messages that never echo content. */
export function describeIoError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'I/O error';
}

/** True for a non-negative safe integer: an index, a size or a count. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

async function readJsonFile(dir: string, name: string, report: Report): Promise<unknown> {
  let text: string;
  try {
    text = fromUtf8(await readFile(join(dir, name)));
  } catch (error) {
    report(problem(name, 'unreadable', `${name}: cannot be read (${describeIoError(error)})`));
    return undefined;
  }
  const parsed = parseJson(text);
  if (!parsed.ok) {
    for (const p of parsed.problems) report(problem(name, 'invalid_json', `${name}: ${p.message}`));
    return undefined;
  }
  return parsed.value;
}

const isDigest = (value: unknown): boolean =>
  isObject(value) &&
  typeof value.sha256 === 'string' &&
  /^[0-9a-f]{64}$/.test(value.sha256) &&
  isCount(value.bytes);

const isKindCounts = (value: unknown): boolean => isObject(value) && Object.values(value).every(isCount);

function manifestChecks(m: Record<string, unknown>): [field: string, valid: boolean, expected: string][] {
  const range = isObject(m.range) ? m.range : {};
  const counts = isObject(m.counts) ? m.counts : {};
  return [
    ['format', m.format === BUNDLE_FORMAT, `"${BUNDLE_FORMAT}"`],
    [
      'version',
      m.version === BUNDLE_VERSION,
      `${BUNDLE_VERSION} (this verifier reads version ${BUNDLE_VERSION} only)`,
    ],
    ['origin', typeof m.origin === 'string' && m.origin !== '', 'a non-empty string'],
    ['range', isCount(range.first) && isCount(range.count), '{ first, count } of whole numbers'],
    ['treeSize', isCount(m.treeSize), 'a whole number'],
    ['checkpoint', typeof m.checkpoint === 'string', 'the path of a checkpoint file'],
    [
      'counts',
      isCount(counts.entries) &&
        isCount(counts.checkpoints) &&
        isCount(counts.verifierKeys) &&
        isKindCounts(counts.byKind),
      '{ entries, checkpoints, verifierKeys, byKind } of whole numbers',
    ],
    [
      'files',
      isObject(m.files) && Object.values(m.files).every(isDigest),
      'an object of { sha256, bytes } digests',
    ],
  ];
}

/** Reads `manifest.json` and checks its shape; undefined (with problems reported) when it cannot be used. */
export async function readManifest(dir: string, report: Report): Promise<BundleManifest | undefined> {
  const value = await readJsonFile(dir, BUNDLE_FILES.manifest, report);
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    report(problem('manifest', 'invalid_manifest', 'manifest.json: expected a JSON object'));
    return undefined;
  }
  const failed = manifestChecks(value).filter(([, valid]) => !valid);
  for (const [field, , expected] of failed) {
    report(problem(`manifest.${field}`, 'invalid_manifest', `manifest.json: ${field}: expected ${expected}`));
  }
  if (failed.length > 0) return undefined;
  const manifest = value as BundleManifest;
  if (manifest.range.first + manifest.range.count > manifest.treeSize) {
    const message = `manifest.json: range: expected first + count <= treeSize (${manifest.treeSize})`;
    report(problem('manifest.range', 'invalid_manifest', message));
    return undefined;
  }
  return manifest;
}

/**
 * Checks every file the manifest lists against its size and SHA-256, and that the three data files and every
 * checkpoint file present are listed, so a file swapped, truncated or slipped in is reported by name.
 */
export async function checkFiles(dir: string, manifest: BundleManifest, report: Report): Promise<void> {
  for (const [name, expected] of Object.entries(manifest.files)) {
    if (name.split('/').includes('..') || name.startsWith('/')) {
      report(
        problem(
          name,
          'invalid_manifest',
          `manifest.json: files: "${name.slice(0, 80)}" is not a path inside the bundle`,
        ),
      );
      continue;
    }
    const digest = await digestFile(join(dir, name)).catch((error: unknown) => {
      report(
        problem(
          name,
          'missing_file',
          `${name}: listed in the manifest but cannot be read (${describeIoError(error)})`,
        ),
      );
      return undefined;
    });
    if (digest === undefined) continue;
    if (digest.bytes !== expected.bytes) {
      report(
        problem(
          name,
          'file_size',
          `${name}: expected ${expected.bytes} bytes as the manifest says, found ${digest.bytes}`,
        ),
      );
    }
    if (digest.sha256 !== expected.sha256) {
      const message = `${name}: SHA-256 ${digest.sha256.slice(0, 12)}… does not match the manifest's ${expected.sha256.slice(0, 12)}…`;
      report(problem(name, 'file_digest', message));
    }
  }
  const mustBeListed = [
    BUNDLE_FILES.leaves,
    BUNDLE_FILES.keys,
    BUNDLE_FILES.proofs,
    ...(await listCheckpointFiles(dir)),
  ];
  for (const file of mustBeListed) {
    if (manifest.files[file] === undefined)
      report(problem(file, 'unlisted_file', `${file}: not listed in the manifest's files`));
  }
}

/** The checkpoint files present, in sequence order. */
export async function listCheckpointFiles(dir: string): Promise<string[]> {
  const names = await readdir(join(dir, BUNDLE_FILES.checkpointsDir)).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith('.checkpoint'))
    .sort()
    .map((n) => `${BUNDLE_FILES.checkpointsDir}/${n}`);
}

/** Reads `verifier-keys.txt`: one C2SP verifier key per line. */
export async function readVerifiers(dir: string, report: Report): Promise<NoteVerifier[]> {
  const file = BUNDLE_FILES.keys;
  const text = await readFile(join(dir, file), 'utf8').catch((error: unknown) => {
    report(problem(file, 'unreadable', `${file}: cannot be read (${describeIoError(error)})`));
    return undefined;
  });
  if (text === undefined) return [];
  const verifiers: NoteVerifier[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = parseVerifierKey(line.trim());
    if (parsed.ok) verifiers.push(parsed.value);
    else
      for (const p of parsed.problems)
        report(problem(`${file}:${i + 1}`, p.code, `${file} line ${i + 1}: ${p.message}`));
  });
  if (verifiers.length === 0) report(problem(file, 'no_keys', `${file}: no usable verifier key`));
  return verifiers;
}

type ConsistencyProof = BundleProofs['consistency'][number];

const isConsistencyProof = (value: unknown): value is ConsistencyProof =>
  isObject(value) &&
  isCount(value.first) &&
  isCount(value.second) &&
  Array.isArray(value.proof) &&
  value.proof.every((h) => typeof h === 'string');

/** Reads `proofs.json`; a malformed part is reported and read as empty, so the rest is still checked. */
export async function readProofs(dir: string, report: Report): Promise<BundleProofs> {
  const value = await readJsonFile(dir, BUNDLE_FILES.proofs, report);
  const read = value === undefined ? undefined : isObject(value) ? value : {};
  const list = <T>(field: string, valid: (item: unknown) => boolean): T[] => {
    const items = read?.[field];
    if (read === undefined) return [];
    if (!Array.isArray(items) || !items.every(valid)) {
      report(
        problem(
          `proofs.${field}`,
          'invalid_proofs',
          `proofs.json: ${field}: expected an array of ${field === 'consistency' ? '{ first, second, proof }' : '{ level, index, hash }'}`,
        ),
      );
      return [];
    }
    return items as T[];
  };
  const isNode = (item: unknown) =>
    isObject(item) && isCount(item.level) && isCount(item.index) && typeof item.hash === 'string';
  return {
    left: list<BundleNode>('left', isNode),
    right: list<BundleNode>('right', isNode),
    consistency: list<ConsistencyProof>('consistency', isConsistencyProof),
  };
}

const CHECKPOINT_FILE = /^checkpoints\/(\d{8})\.checkpoint$/;

function checkNumbering(files: readonly string[], report: Report): void {
  const seqs = new Set<number>();
  for (const file of files) {
    const seq = CHECKPOINT_FILE.exec(file)?.[1];
    if (seq === undefined)
      report(problem(file, 'invalid_name', `${file}: expected a name like ${checkpointFileName(0)}`));
    else seqs.add(Number(seq));
  }
  const last = [...seqs].reduce((a, b) => Math.max(a, b), -1);
  for (let seq = 0; seq < last; seq++) {
    if (seqs.has(seq)) continue;
    const message = `${checkpointFileName(seq)}: missing, though the bundle holds checkpoints up to ${checkpointFileName(last)}`;
    report(problem(checkpointFileName(seq), 'missing_checkpoint', message));
  }
}

/**
 * Reads and verifies every checkpoint file: a signed note from a listed key naming the bundle's origin. Also
 * reports the manifest's checkpoint when absent or of another size, and a gap in the numbering: the bundle holds
 * every checkpoint the log signed, numbered from 0, so a missing one is visible even if the manifest was edited.
 */
export async function readCheckpoints(
  dir: string,
  manifest: BundleManifest,
  verifiers: readonly NoteVerifier[],
  report: Report,
): Promise<SignedCheckpoint[]> {
  const files = await listCheckpointFiles(dir);
  if (!files.includes(manifest.checkpoint)) {
    report(
      problem(
        manifest.checkpoint,
        'missing_file',
        `${manifest.checkpoint}: the manifest's checkpoint is not in the bundle`,
      ),
    );
  }
  checkNumbering(files, report);
  const out: SignedCheckpoint[] = [];
  for (const file of files) {
    const checked = await readFile(join(dir, file), 'utf8')
      .then((note) => verifyCheckpoint(note, verifiers, { origin: manifest.origin }))
      .catch((error: unknown) => {
        report(problem(file, 'unreadable', `${file}: cannot be read (${describeIoError(error)})`));
        return undefined;
      });
    if (checked === undefined) continue;
    if (!checked.ok) for (const p of checked.problems) report(problem(file, p.code, `${file}: ${p.message}`));
    else out.push({ file, size: checked.value.size, root: checked.value.root });
  }
  const main = out.find((c) => c.file === manifest.checkpoint);
  if (main !== undefined && main.size !== manifest.treeSize) {
    const message = `${manifest.checkpoint}: signs size ${main.size}, the manifest says treeSize ${manifest.treeSize}`;
    report(problem(manifest.checkpoint, 'size_mismatch', message));
  }
  return out;
}
