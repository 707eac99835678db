// The ledger's tables as Kysely sees them. Hashes are raw 32-byte blobs (bytea on PostgreSQL), times are
// RFC 3339 UTC strings with milliseconds (they sort as text), and integers are read back as JS numbers
// (the Postgres store parses int8; 2^53 entries is more than any ledger will hold).

/** One sealed entry: its exact canonical bytes, its position and leaf hash, and the columns queries need. */
export interface EntriesTable {
  /** 0-based append index, the Merkle leaf index. */
  idx: number;
  id: string;
  kind: string;
  /** The exact RFC 8785 bytes that were hashed: never re-serialised to verify. */
  bytes: Uint8Array;
  /** RFC 9162 §2.1.1 leaf hash H(0x00 || bytes). */
  leaf_hash: Uint8Array;
  orchestrator: string | null;
  run_id: string | null;
  workflow_id: string | null;
  task_run_id: string | null;
  decision_type: string | null;
  status: string | null;
  subject_ref: string | null;
  occurred_at: string;
  recorded_at: string;
  producer_id: string;
  producer_seq: number;
}

/** Every run id of an entry other than `run.id` (which lives in `entries.run_id`), by the field it came from. */
export interface RunIdsTable {
  idx: number;
  name: string;
  value: string;
}

/** The entries an entry concerns (`refs[].id`), so linked entries are found without a scan. */
export interface EntryRefsTable {
  idx: number;
  ref_id: string;
}

/** Perfect subtree hashes above the leaves: node (level, idx) covers leaves [idx·2^level, (idx+1)·2^level). */
export interface TreeNodesTable {
  level: number;
  idx: number;
  hash: Uint8Array;
}

/** Every signed checkpoint, kept forever, numbered from 0 without gaps. */
export interface CheckpointsTable {
  seq: number;
  size: number;
  root: Uint8Array;
  /** The signed note text, verbatim. */
  note: string;
  /** Key ID of the signer, 8 lowercase hex digits. */
  key_id: string;
  /** When the log signed it: the log's own claim, not covered by the signature (see README). */
  created_at: string;
}

/** Every verifier key the log has signed with, in order of first use: the published list. */
export interface SignerKeysTable {
  verifier_key: string;
  name: string;
  key_id: string;
  created_at: string;
}

/** Facts fixed at creation, such as the origin. Insert-only. */
export interface MetaTable {
  key: string;
  value: string;
}

/**
 * One row per run, maintained on append for the run list. Derived from `entries` and mutable (it is an index,
 * not evidence); `verify` recomputes it and reports any difference.
 */
export interface RunsTable {
  orchestrator: string;
  run_id: string;
  first_at: string;
  last_at: string;
  entry_count: number;
  decision_count: number;
  last_status: string | null;
  status_at: string | null;
}

/** All tables of a ledger database. */
export interface LedgerTables {
  entries: EntriesTable;
  run_ids: RunIdsTable;
  entry_refs: EntryRefsTable;
  tree_nodes: TreeNodesTable;
  checkpoints: CheckpointsTable;
  signer_keys: SignerKeysTable;
  ledger_meta: MetaTable;
  runs: RunsTable;
}

/**
 * Tables whose rows are never updated or deleted: the database refuses it (triggers; permissions on Postgres).
 *
 * @example for (const table of SEALED_TABLES) await sql.raw(`grant select, insert on ${table} to cairn_writer`).execute(db);
 */
export const SEALED_TABLES = [
  'entries',
  'run_ids',
  'entry_refs',
  'tree_nodes',
  'checkpoints',
  'signer_keys',
  'ledger_meta',
] as const;

/** A sealed table name. */
export type SealedTable = (typeof SEALED_TABLES)[number];
