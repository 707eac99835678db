/**
 * What `exportBundle` reads from a log; `ledgerBundleSource(ledger)` builds one from a Ledger.
 *
 * @example const manifest = await exportBundle(ledgerBundleSource(ledger), { dir: './evidence' });
 */
export interface BundleSource {
  readonly origin: string;
  /** Every checkpoint ever signed, oldest first. */
  allCheckpoints(): Promise<readonly { seq: number; size: number; note: string }[]>;
  /** Every published verifier key (C2SP vkey text), oldest first. */
  verifierKeys(): Promise<readonly string[]>;
  /** Leaves [first, end) in index order, exact bytes. */
  leaves(first: number, end: number): AsyncIterable<{ index: number; kind: string; bytes: Uint8Array }>;
  /** Hashes of perfect subtrees, in the order asked. */
  readHashes(nodes: readonly { level: number; index: number }[]): Promise<Uint8Array[]>;
  /** RFC 9162 consistency proof between two tree sizes. */
  consistencyProof(first: number, second: number): Promise<Uint8Array[]>;
}
