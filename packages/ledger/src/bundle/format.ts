// The evidence bundle format, version 1: docs/evidence-bundle.md is the normative description.

/** The name of the format in `manifest.json`. @example manifest.format === BUNDLE_FORMAT */
export const BUNDLE_FORMAT = 'cairn-evidence-bundle';
/** The only version this code writes and reads. @example manifest.version === BUNDLE_VERSION */
export const BUNDLE_VERSION = 1;

/**
 * A perfect subtree and its hash: covers leaves [index·2^level, (index+1)·2^level).
 *
 * @example const node: BundleNode = { level: 3, index: 1, hash: '…64 hex…' }; // leaves 8..15
 */
export type BundleNode = { readonly level: number; readonly index: number; readonly hash: string };

/**
 * `manifest.json`: what the bundle claims.
 *
 * @example const manifest = JSON.parse(await readFile('bundle/manifest.json', 'utf8')) as BundleManifest;
 */
export type BundleManifest = {
  readonly format: typeof BUNDLE_FORMAT;
  readonly version: typeof BUNDLE_VERSION;
  readonly origin: string;
  readonly createdAt: string;
  readonly range: { readonly first: number; readonly count: number };
  readonly treeSize: number;
  readonly checkpoint: string;
  readonly period?: { readonly from: string; readonly to: string };
  readonly counts: {
    readonly entries: number;
    readonly checkpoints: number;
    readonly verifierKeys: number;
    readonly byKind: Readonly<Record<string, number>>;
  };
  readonly files: Readonly<Record<string, { readonly sha256: string; readonly bytes: number }>>;
};

/**
 * `proofs.json`: what ties a partial range to the tree, and the checkpoints to each other.
 *
 * @example const proofs = JSON.parse(await readFile('bundle/proofs.json', 'utf8')) as BundleProofs;
 */
export type BundleProofs = {
  readonly left: readonly BundleNode[];
  readonly right: readonly BundleNode[];
  readonly consistency: readonly {
    readonly first: number;
    readonly second: number;
    readonly proof: readonly string[];
  }[];
};

/** File names inside a bundle directory. @example join(dir, BUNDLE_FILES.leaves) */
export const BUNDLE_FILES = {
  manifest: 'manifest.json',
  leaves: 'leaves.jsonl',
  keys: 'verifier-keys.txt',
  proofs: 'proofs.json',
  readme: 'README.txt',
  checkpointsDir: 'checkpoints',
} as const;

/** The file of the checkpoint with sequence number `seq`. @example checkpointFileName(7) === 'checkpoints/00000007.checkpoint' */
export function checkpointFileName(seq: number): string {
  return `${BUNDLE_FILES.checkpointsDir}/${String(seq).padStart(8, '0')}.checkpoint`;
}
