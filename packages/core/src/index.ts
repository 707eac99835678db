// The public surface of @cairn/core, listed by name. Each section belongs to one module family.

// errors and results
export { CairnError, isCairnError } from './errors.js';
export type { CairnErrorCode } from './errors.js';
export { ok, fail, problem, formatProblems, describeValue } from './result.js';
export type { Problem, Result } from './result.js';
export { utf8, fromUtf8, toHex, fromHex, toBase64, fromBase64, bytesEqual, concatBytes } from './bytes.js';
export { sha256 } from './hash/sha256.js';
export { isHttpUrl } from './url.js';
export type { AppendResult, EntryWriter } from './writer.js';
export { invalidEntryProblems } from './writer.js';

// --- schema (schema/*) ---
export { validateEntry, validateEntries } from './schema/validate.js';
export type { ValidateOptions } from './schema/validate.js';
export {
  entrySchema,
  decisionEntrySchema,
  runEventEntrySchema,
  oversightEntrySchema,
  contestEntrySchema,
  correctionEntrySchema,
  erasureEntrySchema,
  anomalyEntrySchema,
  runLinkSchema,
  entryRefSchema,
  redactionSchema,
  traceSchema,
  jsonValueSchema,
  ENTRY_KINDS,
  BODY_KEYS,
  RUN_STATUSES,
  ORCHESTRATORS,
  AI_ROLES,
} from './schema/entry.js';
export { idSchema } from './schema/primitives.js';
export type {
  Entry,
  DecisionEntry,
  RunEventEntry,
  OversightEntry,
  ContestEntry,
  CorrectionEntry,
  ErasureEntry,
  AnomalyEntry,
  Decision,
  RunEvent,
  Oversight,
  Contest,
  Correction,
  Erasure,
  Anomaly,
  RunLink,
  EntryRef,
  Redaction,
  TraceContext,
  Json,
  EntryKind,
  RunStatus,
  Orchestrator,
  AiRole,
} from './schema/entry.js';
export type { EntryProblemCode } from './schema/problems.js';
export { ENTRY_LIMITS } from './schema/limits.js';

// --- canonical JSON and Merkle (jcs.ts, json.ts, merkle/*) ---
export { canonicalize, canonicalBytes, canonicalEntryBytes } from './jcs.js';
export { parseJson } from './json.js';
export { formatJsonPath, MAX_JSON_DEPTH } from './json-text.js';
export type { JsonPathSegment } from './json-text.js';
export { leafHash, nodeHash, EMPTY_ROOT, HASH_SIZE } from './merkle/hash.js';
export type { TreeNode, HashedNode, HashReader } from './merkle/tree-node.js';
export { perfectNodes } from './merkle/tree-node.js';
export { createCompactRange, compactRangeFrom } from './merkle/compact-range.js';
export type { CompactRange } from './merkle/compact-range.js';
export { treeRoot, inclusionProof, consistencyProof } from './merkle/proofs.js';
export { verifyInclusion, verifyConsistency } from './merkle/verify.js';
export type { InclusionInput, ConsistencyInput } from './merkle/verify.js';
export { createMemoryTree } from './merkle/memory-tree.js';
export type { MemoryTree } from './merkle/memory-tree.js';

// --- signed notes, checkpoints, receipts (note/*) ---
export { ED25519_SIGNATURE_TYPE, isValidKeyName, computeKeyId, formatKeyId } from './note/keys.js';
export type { KeyRef, NoteSigner, NoteVerifier } from './note/keys.js';
export { generateSignerKey, createNoteSigner } from './note/signer.js';
export { parseVerifierKey, ed25519VerifierKey } from './note/verifier.js';
export { signNote, addSignatures, openNote } from './note/signed-note.js';
export type { OpenedNote } from './note/signed-note.js';
export { MAX_SIGNATURES } from './note/note-reader.js';
export { MAX_TEXT_BYTES } from './note/text.js';
export { formatCheckpoint, parseCheckpoint, signCheckpoint, verifyCheckpoint } from './note/checkpoint.js';
export type { Checkpoint, CheckpointInput, VerifiedCheckpoint } from './note/checkpoint.js';
export { RECEIPT_HEADER, formatReceipt, parseReceipt, verifyReceipt } from './note/receipt.js';
export type { Receipt, ReceiptInput, VerifiedReceipt } from './note/receipt.js';
