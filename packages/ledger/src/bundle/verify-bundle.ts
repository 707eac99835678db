// Offline verification of an evidence bundle, in the order docs/evidence-bundle.md § Verification gives.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import {
  bytesEqual,
  canonicalBytes,
  createCompactRange,
  fromHex,
  fromUtf8,
  leafHash,
  parseJson,
  problem,
  toHex,
  validateEntry,
  verifyConsistency,
} from '@cairn/core';
import type { CompactRange, Problem } from '@cairn/core';
import { BUNDLE_FILES } from './format.js';
import type { BundleManifest, BundleNode, BundleProofs } from './format.js';
import { byteLines } from './lines.js';
import {
  checkFiles,
  describeIoError,
  listCheckpointFiles,
  readCheckpoints,
  readManifest,
  readProofs,
  readVerifiers,
} from './read-bundle.js';
import type { Report, SignedCheckpoint } from './read-bundle.js';

/** What `verifyBundle` found: `ok` only when there is no problem at all. */
export type BundleReport = {
  readonly ok: boolean;
  readonly origin?: string;
  readonly range?: { readonly first: number; readonly count: number };
  readonly treeSize?: number;
  readonly entriesChecked: number;
  readonly checkpointsChecked: number;
  readonly problems: readonly Problem[];
};

/** Options of {@link verifyBundle}. */
export type VerifyBundleOptions = {
  /** Called every 10,000 leaves and once at the end with leaves checked so far and the manifest's count. */
  readonly onProgress?: (done: number, total: number) => void;
};

const MAX_PROBLEMS = 1000;
const PROGRESS_EVERY = 10_000;

/**
 * Verifies an evidence bundle directory offline, as docs/evidence-bundle.md describes: file digests, verifier keys,
 * checkpoint signatures and numbering, canonical and valid leaves, the manifest's counts, the root rebuilt at the
 * bundle's checkpoint, and consistency between successive checkpoints. Streams the leaves in constant memory and
 * reports every problem found (up to 1,000).
 *
 * @example
 * const report = await verifyBundle('./evidence-2026-11');
 * if (!report.ok) for (const p of report.problems) console.error(p.message);
 */
export async function verifyBundle(dir: string, options: VerifyBundleOptions = {}): Promise<BundleReport> {
  const problems: Problem[] = [];
  const report: Report = (p) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const manifest = await readManifest(dir, report);
  if (manifest === undefined) return { ok: false, entriesChecked: 0, checkpointsChecked: 0, problems };
  await checkFiles(dir, manifest, report);
  const verifiers = await readVerifiers(dir, report);
  const proofs = await readProofs(dir, report);
  const checkpoints = await readCheckpoints(dir, manifest, verifiers, report);
  const leaves = await checkLeaves(dir, manifest, proofs, checkpoints, report, options.onProgress);
  checkConsistency(checkpoints, proofs, report);
  await checkCounts(dir, manifest, { ...leaves, verifierKeys: verifiers.length }, report);
  if (problems.length >= MAX_PROBLEMS) {
    problems.push(
      problem('bundle', 'too_many_problems', `bundle: stopped listing after ${MAX_PROBLEMS} problems`),
    );
  }
  return {
    ok: problems.length === 0,
    origin: manifest.origin,
    range: manifest.range,
    treeSize: manifest.treeSize,
    entriesChecked: leaves.lines,
    checkpointsChecked: checkpoints.length,
    problems,
  };
}

type LeafTally = { lines: number; byKind: Map<string, number> };

async function checkLeaves(
  dir: string,
  manifest: BundleManifest,
  proofs: BundleProofs,
  checkpoints: readonly SignedCheckpoint[],
  report: Report,
  onProgress?: (done: number, total: number) => void,
): Promise<LeafTally> {
  const { first, count } = manifest.range;
  const tally: LeafTally = { lines: 0, byKind: new Map() };
  const folder = createCompactRange();
  if (!pushNodes(folder, proofs.left, 'left', report)) return tally;
  if (folder.size !== first) {
    report(
      problem(
        'proofs.left',
        'invalid_proofs',
        `proofs.json: left: must cover leaves [0, ${first}), covers ${folder.size}`,
      ),
    );
    return tally;
  }
  const bySize = new Map<number, SignedCheckpoint[]>();
  for (const c of checkpoints) bySize.set(c.size, [...(bySize.get(c.size) ?? []), c]);
  // RFC 9162 §2.1.1: the root at each size reached is checked against every checkpoint of that size.
  const checkRootAt = () => {
    for (const c of bySize.get(folder.size) ?? []) compareRoot(c, folder.root(), report);
  };
  checkRootAt();
  const read = await foldLeaves(dir, manifest, folder, tally, report, checkRootAt, onProgress);
  onProgress?.(Math.min(tally.lines, count), count);
  if (!read) return tally;
  if (tally.lines !== count) {
    report(
      problem(
        BUNDLE_FILES.leaves,
        'count_mismatch',
        `leaves.jsonl: expected ${count} entries as the manifest says, found ${tally.lines}`,
      ),
    );
  }
  if (tally.lines < count || !pushNodes(folder, proofs.right, 'right', report)) return tally;
  if (folder.size !== manifest.treeSize) {
    report(
      problem(
        'proofs.right',
        'invalid_proofs',
        `proofs.json: right: leaves reach ${folder.size}, expected treeSize ${manifest.treeSize}`,
      ),
    );
    return tally;
  }
  if (folder.size !== first + count) checkRootAt();
  return tally;
}

// Streams leaves.jsonl once, appending each leaf hash to the compact range. False when the file cannot be read.
async function foldLeaves(
  dir: string,
  manifest: BundleManifest,
  folder: CompactRange,
  tally: LeafTally,
  report: Report,
  checkRootAt: () => void,
  onProgress?: (done: number, total: number) => void,
): Promise<boolean> {
  const { first, count } = manifest.range;
  try {
    for await (const { bytes, terminated } of byteLines(createReadStream(join(dir, BUNDLE_FILES.leaves)))) {
      const line = ++tally.lines;
      // Lines past the manifest's count are only counted: the count mismatch is reported once.
      if (line > count) continue;
      if (!terminated) {
        report(
          problem(
            `leaves.jsonl:${line}`,
            'unterminated',
            `leaves.jsonl line ${line} (entry ${first + line - 1}): not terminated by "\\n"`,
          ),
        );
      }
      const kind = checkLeaf(bytes, first + line - 1, line, report);
      if (kind !== undefined) tally.byKind.set(kind, (tally.byKind.get(kind) ?? 0) + 1);
      folder.append(leafHash(bytes));
      checkRootAt();
      if (line % PROGRESS_EVERY === 0) onProgress?.(line, count);
    }
    return true;
  } catch (error) {
    report(
      problem(BUNDLE_FILES.leaves, 'unreadable', `leaves.jsonl: cannot be read (${describeIoError(error)})`),
    );
    return false;
  }
}

function pushNodes(
  folder: CompactRange,
  nodes: readonly BundleNode[],
  field: string,
  report: Report,
): boolean {
  for (const [i, node] of nodes.entries()) {
    const hash = fromHex(node.hash);
    const aligned = node.level <= 52 && node.index * 2 ** node.level === folder.size;
    if (hash === undefined || hash.length !== 32 || !aligned) {
      const message = `proofs.json: ${field}[${i}]: expected the aligned subtree starting at leaf ${folder.size} with a 64-hex hash`;
      report(problem(`proofs.${field}[${i}]`, 'invalid_proofs', message));
      return false;
    }
    folder.appendSubtree(node.level, hash);
  }
  return true;
}

function compareRoot(checkpoint: SignedCheckpoint, actual: Uint8Array, report: Report): void {
  if (bytesEqual(actual, checkpoint.root)) return;
  const message =
    `${checkpoint.file}: signs root ${toHex(checkpoint.root).slice(0, 16)}… at size ${checkpoint.size}, ` +
    `the bundle's leaves and proofs give ${toHex(actual).slice(0, 16)}…`;
  report(problem(checkpoint.file, 'root_mismatch', message));
}

/** Checks one leaf: UTF-8, strict I-JSON, RFC 8785 canonical, a valid entry. Returns its kind when it parsed. */
function checkLeaf(bytes: Uint8Array, index: number, line: number, report: Report): string | undefined {
  const where = `leaves.jsonl line ${line} (entry ${index})`;
  let text: string;
  try {
    text = fromUtf8(bytes);
  } catch {
    report(problem(`entry ${index}`, 'invalid_utf8', `${where}: not valid UTF-8`));
    return undefined;
  }
  const parsed = parseJson(text);
  if (!parsed.ok) {
    report(
      problem(`entry ${index}`, 'invalid_json', `${where}: ${parsed.problems[0]?.message ?? 'not JSON'}`),
    );
    return undefined;
  }
  if (!bytesEqual(canonicalBytes(parsed.value), bytes)) {
    report(problem(`entry ${index}`, 'not_canonical', `${where}: not in RFC 8785 canonical form`));
  }
  const valid = validateEntry(parsed.value);
  if (!valid.ok) {
    report(
      problem(
        `entry ${index}`,
        'invalid_entry',
        `${where}: ${valid.problems[0]?.message ?? 'invalid entry'}`,
      ),
    );
    return undefined;
  }
  return valid.value.kind;
}

function checkConsistency(
  checkpoints: readonly SignedCheckpoint[],
  proofs: BundleProofs,
  report: Report,
): void {
  for (let i = 1; i < checkpoints.length; i++) {
    const [a, b] = [checkpoints[i - 1]!, checkpoints[i]!];
    if (b.size < a.size) {
      report(
        problem(
          b.file,
          'shrunk',
          `${b.file}: size ${b.size} is smaller than the previous checkpoint's ${a.size}: the log shrank`,
        ),
      );
    } else if (b.size === a.size) {
      if (!bytesEqual(a.root, b.root))
        report(
          problem(
            b.file,
            'fork',
            `${b.file}: same size ${b.size} as ${a.file} but a different root: the log forked`,
          ),
        );
    } else {
      checkOneConsistency(a, b, proofs, report);
    }
  }
}

// RFC 9162 §2.1.4.2: the later checkpoint's tree extends the earlier one's.
function checkOneConsistency(
  a: SignedCheckpoint,
  b: SignedCheckpoint,
  proofs: BundleProofs,
  report: Report,
): void {
  // An empty tree is consistent with every tree: RFC 9162 defines no proof from size 0.
  if (a.size === 0) return;
  const entry = proofs.consistency.find((c) => c.first === a.size && c.second === b.size);
  if (entry === undefined) {
    report(
      problem(
        b.file,
        'missing_proof',
        `proofs.json: no consistency proof from size ${a.size} to ${b.size} (${a.file} → ${b.file})`,
      ),
    );
    return;
  }
  const proof = entry.proof.map((h) => fromHex(h) ?? new Uint8Array(0));
  const result = verifyConsistency({
    first: a.size,
    second: b.size,
    firstRoot: a.root,
    secondRoot: b.root,
    proof,
  });
  if (!result.ok) {
    for (const p of result.problems)
      report(problem(b.file, 'inconsistent', `${a.file} → ${b.file}: ${p.message}`));
  }
}

// The manifest's counts are claims too: each must match what the bundle holds.
async function checkCounts(
  dir: string,
  manifest: BundleManifest,
  found: LeafTally & { verifierKeys: number },
  report: Report,
): Promise<void> {
  const { counts } = manifest;
  const mismatch = (field: string, claimed: number, actual: number, what: string) => {
    if (claimed === actual) return;
    report(
      problem(
        `manifest.counts.${field}`,
        'count_mismatch',
        `manifest.json: counts.${field} says ${claimed}, the bundle holds ${actual} ${what}`,
      ),
    );
  };
  mismatch('entries', counts.entries, manifest.range.count, 'entries in its range');
  mismatch('checkpoints', counts.checkpoints, (await listCheckpointFiles(dir)).length, 'checkpoint files');
  mismatch('verifierKeys', counts.verifierKeys, found.verifierKeys, 'usable verifier keys');
  // By kind only when every leaf was read and valid: otherwise the leaf problems already say what is wrong.
  const valid = [...found.byKind.values()].reduce((a, b) => a + b, 0);
  if (found.lines !== manifest.range.count || valid !== found.lines) return;
  const kinds = new Set([...Object.keys(counts.byKind), ...found.byKind.keys()]);
  for (const kind of [...kinds].sort())
    mismatch(
      `byKind.${kind}`,
      counts.byKind[kind] ?? 0,
      found.byKind.get(kind) ?? 0,
      `valid ${kind} entries`,
    );
}
