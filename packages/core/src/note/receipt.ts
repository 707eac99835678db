// Receipts in the c2sp.org/tlog-proof@v1 format: an entry's index, its RFC 6962 inclusion proof and the signed
// checkpoint it leads to, checkable offline with only the log's (and witnesses') public keys.
import { fromBase64, toBase64 } from '../bytes.js';
import { CairnError } from '../errors.js';
import { HASH_SIZE, leafHash } from '../merkle/hash.js';
import { verifyInclusion } from '../merkle/verify.js';
import { describeValue, fail, formatProblems, ok, problem } from '../result.js';
import type { Problem, Result } from '../result.js';
import { checkCheckpointNote, parseCheckpointText } from './checkpoint.js';
import type { Checkpoint, VerifiedCheckpoint } from './checkpoint.js';
import type { NoteVerifier } from './keys.js';
import { assertVerifiers, readNote } from './note-reader.js';
import type { ReadNote } from './note-reader.js';
import { controlCharacterProblems, decodeText, isList, linePath, parseDecimal } from './text.js';
import type { TextContext } from './text.js';

/**
 * The first line of every receipt (C2SP tlog-proof: "The first line MUST be the string `c2sp.org/tlog-proof@v1`").
 *
 * @example
 * const looksLikeReceipt = text.startsWith(`${RECEIPT_HEADER}\n`);
 */
export const RECEIPT_HEADER = 'c2sp.org/tlog-proof@v1';

/** An RFC 9162 audit path has at most one hash per tree level: 64 covers any 64-bit tree size. */
const MAX_PROOF_HASHES = 64;

const RECEIPT: TextContext = { label: 'receipt', lineOffset: 0 };

/** A parsed receipt. Nothing in it is verified: see {@link verifyReceipt}. */
export type Receipt = {
  /** Zero-based index of the entry in the log. */
  readonly index: number;
  /** Inclusion proof, leaf's sibling first, root's child last (RFC 6962 §2.1.1). */
  readonly proof: readonly Uint8Array[];
  /** Opaque application data; not authenticated, never trust it implicitly. */
  readonly extra?: Uint8Array;
  /** The checkpoint note, verbatim with all its signature lines. */
  readonly checkpointNote: string;
  /** The checkpoint fields of that note (signatures not yet verified). */
  readonly checkpoint: Checkpoint;
};

/** What {@link formatReceipt} takes. */
export type ReceiptInput = {
  readonly index: number;
  readonly proof: readonly Uint8Array[];
  readonly checkpointNote: string;
  readonly extra?: Uint8Array;
};

/** A receipt whose checkpoint signatures and inclusion proof verified. */
export type VerifiedReceipt = {
  readonly index: number;
  readonly checkpoint: VerifiedCheckpoint;
  readonly extra?: Uint8Array;
};

/**
 * Writes a c2sp.org/tlog-proof@v1 receipt. Throws CairnError('invalid_receipt') naming every bad field, e.g. a
 * checkpoint note that is not one or an index outside its tree.
 *
 * @example
 * const receipt = formatReceipt({ index: 5, proof: await inclusionProof(5, 8, tree), checkpointNote });
 * // 'c2sp.org/tlog-proof@v1\nindex 5\n<base64>\n<base64>\n<base64>\n\nLog\n8\n…'
 */
export function formatReceipt(input: ReceiptInput): string {
  const { index, proof, checkpointNote, extra } = input;
  const problems: Problem[] = [];
  if (!Number.isSafeInteger(index) || index < 0) {
    problems.push(
      problem('index', 'invalid_index', `index: expected a safe integer >= 0, got ${describeValue(index)}`),
    );
  }
  if (!isList(proof) || proof.length > MAX_PROOF_HASHES) {
    problems.push(
      problem('proof', 'invalid_proof', `proof: expected an array of at most ${MAX_PROOF_HASHES} hashes`),
    );
  } else {
    proof.forEach((hash, i) => {
      if (hash instanceof Uint8Array && hash.length === HASH_SIZE) return;
      problems.push(problem(`proof[${i}]`, 'invalid_length', `proof[${i}]: expected ${HASH_SIZE} bytes`));
    });
  }
  if (extra !== undefined && (!(extra instanceof Uint8Array) || extra.length === 0)) {
    problems.push(
      problem('extra', 'invalid_extra', 'extra: expected at least one byte (omit it when there is none)'),
    );
  }
  problems.push(...checkpointNoteProblems(checkpointNote, index));
  if (problems.length > 0) throw new CairnError('invalid_receipt', formatProblems(problems));
  const extraLine = extra === undefined ? '' : `extra ${toBase64(extra)}\n`;
  const proofLines = proof.map((hash) => `${toBase64(hash)}\n`).join('');
  return `${RECEIPT_HEADER}\n${extraLine}index ${index}\n${proofLines}\n${checkpointNote}`;
}

function checkpointNoteProblems(checkpointNote: string, index: number): Problem[] {
  const ctx: TextContext = { label: 'checkpointNote', lineOffset: 0 };
  const read = readNote(checkpointNote, ctx);
  if (!read.ok) return [...read.problems];
  const body = parseCheckpointText(read.value.text, ctx, 'checkpointNote');
  if (!body.ok) return [...body.problems];
  if (Number.isSafeInteger(index) && index >= body.value.size) {
    const message = `index: ${index} is not less than the checkpoint's tree size ${body.value.size}`;
    return [problem('index', 'index_out_of_range', message)];
  }
  return [];
}

/**
 * Parses a c2sp.org/tlog-proof@v1 receipt: header, optional `extra`, `index`, base64 proof hashes (32 bytes
 * each), a blank line, then a checkpoint note, read with the note rules. Lists every problem by line number.
 *
 * @example
 * const parsed = parseReceipt(receiptText);
 * if (parsed.ok) console.log(parsed.value.index, parsed.value.checkpoint.size);
 */
export function parseReceipt(text: string | Uint8Array): Result<Receipt> {
  const read = readReceipt(text);
  return read.ok ? ok(read.value.receipt) : read;
}

type ReadReceipt = { readonly receipt: Receipt; readonly note: ReadNote; readonly noteCtx: TextContext };

function readReceipt(input: unknown): Result<ReadReceipt> {
  const decoded = decodeText(input, RECEIPT);
  if (!decoded.ok) return decoded;
  const text = decoded.value.text;
  const problems = controlCharacterProblems(text, RECEIPT);
  const lines = text.split('\n');
  if (lines[0] !== RECEIPT_HEADER) {
    // An unknown first line means an unknown format: nothing after it can be read with these rules.
    const message = `receipt line 1: expected ${JSON.stringify(RECEIPT_HEADER)}, got ${describeValue(lines[0])}`;
    return fail([...problems, problem('receipt line 1', 'unsupported_format', message)]);
  }
  const head = readHead(lines, problems);
  const checkpointNote = head.blank < 0 ? '' : lines.slice(head.blank + 1).join('\n');
  if (checkpointNote.length === 0) {
    const message = 'receipt: expected a blank line and the checkpoint after the proof hashes, found none';
    return fail([...problems, problem('receipt', 'missing_checkpoint', message)]);
  }
  const noteCtx: TextContext = { label: 'receipt', lineOffset: head.blank + 1 };
  const note = readNote(checkpointNote, noteCtx);
  if (!note.ok) return fail([...problems, ...note.problems]);
  const checkpoint = parseCheckpointText(note.value.text, noteCtx, 'receipt.checkpoint');
  if (!checkpoint.ok) problems.push(...checkpoint.problems);
  if (problems.length > 0 || head.index === undefined || !checkpoint.ok) return fail(problems);
  const receipt: Receipt = {
    index: head.index,
    proof: head.proof,
    ...(head.extra === undefined ? {} : { extra: head.extra }),
    checkpointNote,
    checkpoint: checkpoint.value,
  };
  return ok({ receipt, note: note.value, noteCtx });
}

type Head = { index?: number; extra?: Uint8Array; proof: Uint8Array[]; blank: number };

/** Lines 2… up to the first blank line: `extra`, `index` and the proof hashes. Pushes a problem per bad line. */
function readHead(lines: readonly string[], problems: Problem[]): Head {
  const head: Head = { proof: [], blank: lines.indexOf('') };
  // C2SP tlog-proof: only the second line may be `extra <base64>`; then `index <n>`, then the proof lines.
  const hasExtra = lines[1]?.startsWith('extra ') === true;
  if (hasExtra) head.extra = readExtra(lines[1]!.slice('extra '.length), problems);
  const indexAt = hasExtra ? 2 : 1;
  const indexLine = head.blank < 0 || indexAt < head.blank ? (lines[indexAt] ?? '') : '';
  head.index = readIndex(indexLine, indexAt + 1, problems);
  const proofLines = head.blank < 0 ? [] : lines.slice(indexAt + 1, head.blank);
  if (proofLines.length > MAX_PROOF_HASHES) {
    const message = `receipt: expected at most ${MAX_PROOF_HASHES} proof hashes, got ${proofLines.length}`;
    problems.push(problem('receipt', 'too_many_proof_hashes', message));
    return head;
  }
  proofLines.forEach((b64, i) => {
    const hash = readProofHash(b64, indexAt + 2 + i, problems);
    if (hash !== undefined) head.proof.push(hash);
  });
  return head;
}

function readIndex(content: string, line: number, problems: Problem[]): number | undefined {
  const at = linePath(RECEIPT, line);
  if (!content.startsWith('index ')) {
    problems.push(problem(at, 'missing_index', `${at}: expected "index <n>", got ${describeValue(content)}`));
    return undefined;
  }
  const index = parseDecimal(content.slice('index '.length));
  if ('error' in index) {
    problems.push(problem(at, 'invalid_index', `${at}: index: ${index.error}`));
    return undefined;
  }
  return index.value;
}

function readExtra(b64: string, problems: Problem[]): Uint8Array | undefined {
  const extra = fromBase64(b64);
  if (extra !== undefined && extra.length > 0) return extra;
  const at = linePath(RECEIPT, 2);
  problems.push(
    problem(at, 'invalid_extra', `${at}: extra: expected canonical padded base64 of at least one byte`),
  );
  return undefined;
}

function readProofHash(b64: string, line: number, problems: Problem[]): Uint8Array | undefined {
  const at = linePath(RECEIPT, line);
  const hash = fromBase64(b64);
  if (hash === undefined) {
    problems.push(
      problem(at, 'invalid_base64', `${at}: expected a base64 proof hash, got ${describeValue(b64)}`),
    );
  } else if (hash.length !== HASH_SIZE) {
    const message = `${at}: expected a ${HASH_SIZE}-byte proof hash, got ${hash.length} bytes`;
    problems.push(problem(at, 'invalid_length', message));
  } else {
    return hash;
  }
  return undefined;
}

/**
 * Verifies a receipt for an entry: the checkpoint's signatures against `verifiers` (and its origin, when given),
 * then that leafHash(leaf) is at `index` in the checkpoint's tree (RFC 9162 §2.1.3.2). `leaf` is the entry's
 * exact bytes. Lists every failure, so a bad signature and a bad proof are both reported.
 *
 * @example
 * const checked = await verifyReceipt({ receipt, leaf: canonicalBytes(entry), verifiers: [logKey] });
 * if (!checked.ok) console.error(formatProblems(checked.problems));
 */
export async function verifyReceipt(options: {
  readonly receipt: string | Uint8Array;
  readonly leaf: Uint8Array;
  readonly verifiers: readonly NoteVerifier[];
  readonly origin?: string;
}): Promise<Result<VerifiedReceipt>> {
  const { receipt, leaf, verifiers, origin } = options;
  if (!(leaf instanceof Uint8Array))
    throw new CairnError('invalid_argument', 'leaf: expected the entry bytes');
  assertVerifiers(verifiers);
  const read = readReceipt(receipt);
  if (!read.ok) return read;
  const { receipt: parsed, note, noteCtx } = read.value;
  const signed = await checkCheckpointNote(note, verifiers, noteCtx, 'receipt.checkpoint', origin);
  const { size, root } = parsed.checkpoint;
  const included = verifyInclusion({
    index: parsed.index,
    size,
    leafHash: leafHash(leaf),
    proof: parsed.proof,
    root,
  });
  const problems = [
    ...(signed.ok ? [] : signed.problems),
    ...(included.ok ? [] : included.problems.map(inReceipt)),
  ];
  if (problems.length > 0 || !signed.ok) return fail(problems);
  return ok({
    index: parsed.index,
    checkpoint: signed.value,
    ...(parsed.extra === undefined ? {} : { extra: parsed.extra }),
  });
}

// verifyInclusion names its inputs (`index`, `proof`): say they came from the receipt.
function inReceipt(p: Problem): Problem {
  return problem(`receipt.${p.path}`, p.code, `receipt.${p.message}`);
}
